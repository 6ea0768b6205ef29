/**
 * The scenario fields the UI edits, as one declarative table (TensorFlow Playground style): each
 * row names a path into the `Scenario`, a label, a unit, a range or options, a one-line help and a
 * short URL key. The same table drives the controls, the URL codec (one encode loop, one decode
 * loop) and the run legends. Adding a field to the app is adding one row here.
 *
 * The UI keeps a flat record of values keyed by URL key (`Values`), including fields that do not
 * apply right now (α while the split is IID), so switching a kind back and forth keeps what the user
 * set. `toScenario` keeps only the applicable fields and validates with `parseScenario`, the single
 * source of truth for ranges.
 */
import { aggregators, type AggregatorName } from '../sim/robust/aggregate';
import { algorithms } from '../sim/algorithms';
import { attacks, type AttackName } from '../sim/robust/attacks';
import { partitioners } from '../sim/partition';
import { stalenessFunctions } from '../sim/staleness';
import {
	DATASETS,
	parseScenario,
	type ParseResult,
	type Scenario,
	type ScenarioInput
} from '../sim/scenario';

export type FieldValue = number | string | boolean | readonly number[];
/** Field values keyed by the field's URL key. */
export type Values = Readonly<Record<string, FieldValue>>;
export type FieldGroup = 'run' | 'data' | 'model' | 'training' | 'devices' | 'robust';

interface FieldCommon {
	/** Short URL key, unique across the table (`alpha`, `C`, `lr`). */
	readonly key: string;
	/** Where the value lives in the `Scenario`. */
	readonly path: readonly string[];
	readonly label: string;
	/** Compact name for run legends and captions (`α`, `C`); defaults to the key. */
	readonly short?: string;
	/** One line that says what the knob does. */
	readonly help: string;
	readonly unit?: string;
	readonly group: FieldGroup;
	/** Whether the field applies to the scenario the other values describe (default: always). */
	readonly when?: (v: Values) => boolean;
	/** A scenario in which the field exists, to read its default from the schema. */
	readonly context?: ScenarioInput;
}

export interface NumberField extends FieldCommon {
	readonly kind: 'number';
	/** Slider range (the schema may allow more, typed in the number box or the URL). */
	readonly min: number;
	readonly max: number;
	readonly step: number;
	readonly integer?: boolean;
	/** Slider moves on a log scale. */
	readonly log?: boolean;
	/**
	 * A named non-numeric value the field also takes (batch size `full`); with `absent`, choosing it
	 * leaves the field out of the scenario (an optional field whose absence means "automatic").
	 */
	readonly special?: { readonly value: string; readonly label: string; readonly absent?: boolean };
}

/** An on/off switch, written `1` / `0` in the URL. */
export interface ToggleField extends FieldCommon {
	readonly kind: 'toggle';
}

export interface ChoiceField extends FieldCommon {
	readonly kind: 'choice';
	readonly options: readonly { readonly value: string; readonly label: string }[];
}

/** A list of whole numbers (hidden-layer widths, convolution filters), written `200,200`. */
export interface ListField extends FieldCommon {
	readonly kind: 'list';
	readonly min: number;
	readonly max: number;
	readonly minLength: number;
	readonly maxLength: number;
}

export type Field = NumberField | ChoiceField | ListField | ToggleField;

const isFedAvg = (v: Values) => v.algo === 'fedavg';
/** Split learning and SplitFed (the split-learning chapter's kinds). */
const isSplit = (v: Values) => v.algo === 'split' || v.algo === 'splitfed';
/** FedAsync and FedBuff (the asynchronous chapter's kinds). */
const isAsync = (v: Values) => v.algo === 'fedasync' || v.algo === 'fedbuff';
/** Some clients are Byzantine (chapter 5; FedAvg only). */
const isAttacked = (v: Values) => isFedAvg(v) && typeof v.byz === 'number' && v.byz > 0;
const attackIs = (kind: string) => (v: Values) => isAttacked(v) && v.attack === kind;
const aggIs =
	(...kinds: string[]) =>
	(v: Values) =>
		isFedAvg(v) && kinds.includes(String(v.agg));
/** Scenarios in which a Byzantine field applies: 500 clients, all in every round, so any f or k fits. */
const attacked = (kind: AttackName): ScenarioInput => ({
	byzantine: { fraction: 0.3, attack: { kind } }
});
const robustRule = (kind: AggregatorName): ScenarioInput => ({
	clients: 500,
	algorithm: { kind: 'fedavg', clientFraction: 1 },
	aggregator: { kind }
});

const datasetLabels: Record<(typeof DATASETS)[number], string> = {
	mnist: 'MNIST digits',
	blobs: '2-D blobs'
};

/**
 * Every scenario field, in the order of the controls. A field's `when` may only read fields above
 * it (the decoder walks the table in order).
 */
export const FIELDS: readonly Field[] = [
	{
		key: 'seed',
		path: ['seed'],
		label: 'Seed',
		help: 'Same seed, same run: the data split, the sampled clients, the initial model, the batches.',
		group: 'run',
		kind: 'number',
		min: 0,
		max: 2 ** 31 - 1,
		step: 1,
		integer: true
	},
	{
		key: 'data',
		path: ['dataset'],
		label: 'Dataset',
		help: 'MNIST: 8,000 handwritten digits to train on, 2,000 to test. Blobs: four clouds of 2-D points.',
		group: 'data',
		kind: 'choice',
		options: DATASETS.map((d) => ({ value: d, label: datasetLabels[d] }))
	},
	{
		key: 'K',
		path: ['clients'],
		label: 'Clients',
		short: 'K',
		help: 'How many devices hold a share of the training data.',
		unit: 'clients',
		group: 'data',
		kind: 'number',
		min: 1,
		max: 200,
		step: 1,
		integer: true
	},
	{
		key: 'split',
		path: ['partition', 'kind'],
		label: 'Data split',
		help: 'How the training data is dealt out to the clients.',
		group: 'data',
		kind: 'choice',
		options: Object.entries(partitioners).map(([value, p]) => ({ value, label: p.label }))
	},
	{
		key: 'alpha',
		path: ['partition', 'alpha'],
		label: 'Label skew α',
		short: 'α',
		help: 'Dirichlet concentration: small α gives each client a few labels, large α is close to IID.',
		group: 'data',
		kind: 'number',
		min: 0.01,
		max: 100,
		step: 0.01,
		log: true,
		when: (v) => v.split === 'dirichlet',
		context: { partition: { kind: 'dirichlet' } }
	},
	{
		key: 'shards',
		path: ['partition', 'shardsPerClient'],
		label: 'Shards per client',
		help: 'Data sorted by label, cut into shards; each client gets this many shards (so this many labels at most).',
		unit: 'shards',
		group: 'data',
		kind: 'number',
		min: 1,
		max: 10,
		step: 1,
		integer: true,
		when: (v) => v.split === 'shards',
		context: { partition: { kind: 'shards' } }
	},
	{
		key: 'skew',
		path: ['partition', 'sizeSkew'],
		label: 'Size skew σ',
		short: 'σ',
		help: 'Spread of the clients’ data sizes (log-normal σ): 0 means every client holds as much.',
		group: 'data',
		kind: 'number',
		min: 0,
		max: 3,
		step: 0.1,
		when: (v) => v.split === 'iid' || v.split === 'dirichlet'
	},
	{
		key: 'model',
		path: ['model', 'kind'],
		label: 'Model',
		help: 'A multilayer perceptron, or a small convolutional network (images only; slower).',
		group: 'model',
		kind: 'choice',
		options: [
			{ value: 'mlp', label: 'MLP' },
			{ value: 'cnn', label: 'CNN' }
		]
	},
	{
		key: 'hidden',
		path: ['model', 'hidden'],
		label: 'Hidden layers',
		help: 'Width of each hidden layer, comma-separated; empty is logistic regression.',
		unit: 'units',
		group: 'model',
		kind: 'list',
		min: 1,
		max: 1024,
		minLength: 0,
		maxLength: 4,
		when: (v) => v.model === 'mlp'
	},
	{
		key: 'filters',
		path: ['model', 'filters'],
		label: 'Filters',
		help: 'Filters of the two convolution blocks (5×5 then 3×3).',
		unit: 'filters',
		group: 'model',
		kind: 'list',
		min: 1,
		max: 64,
		minLength: 2,
		maxLength: 2,
		when: (v) => v.model === 'cnn',
		context: { model: { kind: 'cnn' } }
	},
	{
		key: 'algo',
		path: ['algorithm', 'kind'],
		label: 'Algorithm',
		help: 'How the server coordinates the clients.',
		group: 'training',
		kind: 'choice',
		options: Object.entries(algorithms).map(([value, a]) => ({ value, label: a.label }))
	},
	{
		key: 'rounds',
		path: ['rounds'],
		label: 'Rounds',
		help: 'Communication rounds: the server sends the model out and averages what comes back.',
		unit: 'rounds',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 200,
		step: 1,
		integer: true
	},
	{
		key: 'C',
		path: ['algorithm', 'clientFraction'],
		label: 'Client fraction C',
		short: 'C',
		help: 'Share of the clients the server samples each round (at least one).',
		group: 'training',
		kind: 'number',
		min: 0.01,
		max: 1,
		step: 0.01,
		when: (v) => isFedAvg(v) || v.algo === 'splitfed'
	},
	{
		key: 'E',
		path: ['algorithm', 'localEpochs'],
		label: 'Local epochs E',
		short: 'E',
		help: 'Passes each sampled client makes over its own data before it reports back.',
		unit: 'epochs',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 20,
		step: 1,
		integer: true,
		when: (v) => isFedAvg(v) || isSplit(v) || isAsync(v)
	},
	{
		key: 'B',
		path: ['algorithm', 'batchSize'],
		label: 'Batch size B',
		short: 'B',
		help: 'Samples per gradient step on a client; “all” is one step per epoch (FedSGD when E = 1).',
		unit: 'samples',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 1024,
		step: 1,
		integer: true,
		log: true,
		special: { value: 'full', label: 'all' },
		when: (v) => isFedAvg(v) || isSplit(v) || isAsync(v)
	},
	{
		key: 'lr',
		path: ['algorithm', 'learningRate'],
		label: 'Learning rate η',
		short: 'η',
		help: 'Step size of the clients’ SGD. Too large and the model diverges.',
		group: 'training',
		kind: 'number',
		min: 0.001,
		max: 2,
		step: 0.001,
		log: true,
		when: (v) => isFedAvg(v) || isSplit(v) || isAsync(v)
	},
	// ——— stragglers and asynchronous FL (chapter 4) ———
	{
		key: 'deadline',
		path: ['algorithm', 'deadline'],
		label: 'Round deadline',
		help: 'Close each round this long after it starts and drop the updates still on their way; 0 waits for every selected client.',
		unit: 's',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 60,
		step: 0.1,
		when: isFedAvg
	},
	{
		key: 'over',
		path: ['algorithm', 'overSelection'],
		label: 'Over-selection',
		help: 'Ask this many times more clients than the round needs and keep the first updates that arrive.',
		unit: '×',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 3,
		step: 0.05,
		when: isFedAvg
	},
	{
		key: 'conc',
		path: ['algorithm', 'concurrency'],
		label: 'Concurrency',
		help: 'How many clients train at the same time; a client that reports back is replaced at once.',
		unit: 'clients',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 200,
		step: 1,
		integer: true,
		when: isAsync,
		context: { algorithm: { kind: 'fedasync' } }
	},
	{
		key: 'mix',
		path: ['algorithm', 'alpha'],
		label: 'Mixing weight α',
		short: 'α',
		help: 'How far the server moves towards each arriving model: x ← (1 − α_t)·x + α_t·x_new, α_t = α·s(t − τ).',
		group: 'training',
		kind: 'number',
		min: 0.01,
		max: 1,
		step: 0.01,
		when: (v) => v.algo === 'fedasync',
		context: { algorithm: { kind: 'fedasync' } }
	},
	{
		key: 'buf',
		path: ['algorithm', 'bufferSize'],
		label: 'Buffer size K',
		short: 'buffer',
		help: 'The server steps once it holds this many updates, with their staleness-weighted mean.',
		unit: 'updates',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 100,
		step: 1,
		integer: true,
		when: (v) => v.algo === 'fedbuff',
		context: { algorithm: { kind: 'fedbuff' } }
	},
	{
		key: 'slr',
		path: ['algorithm', 'serverLearningRate'],
		label: 'Server learning rate η_g',
		short: 'η_g',
		help: 'Scales the buffered mean update before the server applies it.',
		group: 'training',
		kind: 'number',
		min: 0.05,
		max: 5,
		step: 0.05,
		log: true,
		when: (v) => v.algo === 'fedbuff',
		context: { algorithm: { kind: 'fedbuff' } }
	},
	{
		key: 'stale',
		path: ['algorithm', 'staleness', 'kind'],
		label: 'Staleness function s',
		short: 's',
		help: 'How much an update t − τ versions behind counts: constant s = 1; polynomial (t − τ + 1)^(−a); hinge 1 up to b, then 1/(a(t − τ − b) + 1).',
		group: 'training',
		kind: 'choice',
		// the names only: the formulas (the registry's labels) do not fit a control
		options: Object.keys(stalenessFunctions).map((value) => ({ value, label: value })),
		when: isAsync,
		context: { algorithm: { kind: 'fedasync' } }
	},
	{
		key: 'pa',
		path: ['algorithm', 'staleness', 'a'],
		label: 'Decay exponent a',
		short: 'a',
		help: 's = (t − τ + 1)^(−a): 0 trusts every update fully, 0.5 is FedBuff’s 1/√(1 + t − τ), larger forgets faster.',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 4,
		step: 0.05,
		when: (v) => isAsync(v) && v.stale === 'polynomial',
		context: { algorithm: { kind: 'fedasync', staleness: { kind: 'polynomial' } } }
	},
	{
		key: 'hb',
		path: ['algorithm', 'staleness', 'b'],
		label: 'Hinge threshold b',
		short: 'b',
		help: 'Updates up to b versions behind count fully.',
		unit: 'versions',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 50,
		step: 1,
		integer: true,
		when: (v) => isAsync(v) && v.stale === 'hinge',
		context: { algorithm: { kind: 'fedasync', staleness: { kind: 'hinge' } } }
	},
	{
		key: 'ha',
		path: ['algorithm', 'staleness', 'a'],
		label: 'Hinge slope a',
		short: 'a',
		help: 'Beyond b, s = 1 / (a·(t − τ − b) + 1): larger a damps older updates harder.',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 50,
		step: 0.5,
		when: (v) => isAsync(v) && v.stale === 'hinge',
		context: { algorithm: { kind: 'fedasync', staleness: { kind: 'hinge' } } }
	},
	{
		key: 'maxstale',
		path: ['algorithm', 'maxStaleness'],
		label: 'Max staleness',
		help: 'Drop updates more than this many versions behind; 0 keeps them all.',
		unit: 'versions',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 200,
		step: 1,
		integer: true,
		when: isAsync,
		context: { algorithm: { kind: 'fedasync' } }
	},
	{
		key: 'rho',
		path: ['algorithm', 'proximalRho'],
		label: 'Proximal ρ',
		short: 'ρ',
		help: 'Adds ρ/2·‖w − x_τ‖² to each client’s loss, keeping it near the model it started from; 0 is off.',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 1,
		step: 0.005,
		when: (v) => v.algo === 'fedasync',
		context: { algorithm: { kind: 'fedasync' } }
	},
	{
		key: 'every',
		path: ['algorithm', 'evalEvery'],
		label: 'Evaluate every',
		help: 'Applied updates between two test evaluations; each evaluation counts as one round.',
		unit: 'updates',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 100,
		step: 1,
		integer: true,
		when: (v) => v.algo === 'fedasync',
		context: { algorithm: { kind: 'fedasync' } }
	},
	// ——— split learning (chapter 6) ———
	{
		key: 'cut',
		path: ['algorithm', 'cutLayer'],
		label: 'Cut layer',
		short: 'cut',
		help: 'The client runs the layers below the cut and sends their output (the smashed data) to the server, which runs the rest.',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 6,
		step: 1,
		integer: true,
		when: isSplit,
		// the CNN has the most cuts, so a URL's cut is checked against the model only at the end
		context: { model: { kind: 'cnn' }, algorithm: { kind: 'split' } }
	},
	{
		key: 'labels',
		path: ['algorithm', 'labels'],
		label: 'Labels',
		help: 'Vanilla: the labels travel with the smashed data. U-shaped: the client also runs the last layers and the loss, so the labels never leave it.',
		group: 'training',
		kind: 'choice',
		options: [
			{ value: 'vanilla', label: 'Sent to the server (vanilla)' },
			{ value: 'ushaped', label: 'Kept on the client (U-shaped)' }
		],
		when: isSplit,
		context: { algorithm: { kind: 'split' } }
	},
	{
		key: 'top',
		path: ['algorithm', 'topLayers'],
		label: 'Client top layers',
		help: 'U-shaped: how many of the last layers (with the loss) stay on the client.',
		unit: 'layers',
		group: 'training',
		kind: 'number',
		min: 1,
		max: 4,
		step: 1,
		integer: true,
		when: (v) => isSplit(v) && v.labels === 'ushaped',
		context: { model: { kind: 'cnn' }, algorithm: { kind: 'split', labels: 'ushaped' } }
	},
	{
		key: 'handoff',
		path: ['algorithm', 'handoff'],
		label: 'Head hand-off',
		help: 'How the client-side weights reach the next client: uploaded to the server and downloaded again, or sent directly.',
		group: 'training',
		kind: 'choice',
		options: [
			{ value: 'server', label: 'Through the server' },
			{ value: 'peer', label: 'Peer to peer' }
		],
		when: (v) => v.algo === 'split',
		context: { algorithm: { kind: 'split' } }
	},
	{
		key: 'sfv',
		path: ['algorithm', 'version'],
		label: 'SplitFed version',
		help: 'V1: the server trains one copy of the tail per client and averages them. V2: one shared tail, trained on the clients in turn.',
		group: 'training',
		kind: 'choice',
		options: [
			{ value: 'v1', label: 'V1: a tail per client' },
			{ value: 'v2', label: 'V2: one shared tail' }
		],
		when: (v) => v.algo === 'splitfed',
		context: { algorithm: { kind: 'splitfed' } }
	},
	{
		key: 'serverx',
		path: ['algorithm', 'serverSpeedup'],
		label: 'Server speed-up',
		help: 'How many times faster than a client the server computes.',
		unit: '×',
		group: 'devices',
		kind: 'number',
		min: 0.1,
		max: 1000,
		step: 0.1,
		log: true,
		when: isSplit,
		context: { algorithm: { kind: 'split' } }
	},
	{
		key: 'compute',
		path: ['devices', 'computeSpeed'],
		label: 'Device speed',
		help: 'How fast a client trains, in samples per simulated second.',
		unit: 'samples/s',
		group: 'devices',
		kind: 'number',
		min: 10,
		max: 100_000,
		step: 1,
		log: true
	},
	{
		key: 'down',
		path: ['devices', 'downlinkMbps'],
		label: 'Downlink',
		help: 'Bandwidth from the server to a client.',
		unit: 'Mbit/s',
		group: 'devices',
		kind: 'number',
		min: 0.1,
		max: 1000,
		step: 0.1,
		log: true
	},
	{
		key: 'up',
		path: ['devices', 'uplinkMbps'],
		label: 'Uplink',
		help: 'Bandwidth from a client to the server; usually the bottleneck.',
		unit: 'Mbit/s',
		group: 'devices',
		kind: 'number',
		min: 0.1,
		max: 1000,
		step: 0.1,
		log: true
	},
	{
		key: 'lat',
		path: ['devices', 'latencyMs'],
		label: 'Latency',
		help: 'One-way delay of every message.',
		unit: 'ms',
		group: 'devices',
		kind: 'number',
		min: 0,
		max: 2000,
		step: 1
	},
	// ——— unreliable devices (chapter 4) ———
	{
		key: 'strag',
		path: ['devices', 'stragglerFraction'],
		label: 'Stragglers',
		short: 'stragglers',
		help: 'Share of the clients whose device is much slower than the rest (chosen by the seed).',
		group: 'devices',
		kind: 'number',
		min: 0,
		max: 1,
		step: 0.05
	},
	{
		key: 'slow',
		path: ['devices', 'stragglerSlowdown'],
		label: 'Straggler slowdown',
		short: 'slowdown',
		help: 'How many times slower a straggler trains.',
		unit: '×',
		group: 'devices',
		kind: 'number',
		min: 1,
		max: 100,
		step: 0.5,
		log: true
	},
	{
		key: 'cspread',
		path: ['devices', 'computeSpread'],
		label: 'Speed spread σ',
		short: 'speed σ',
		help: 'Log-normal spread of the devices’ speeds: 0 makes them equal; at 1 about a third are over 2.7× faster or slower than the median.',
		group: 'devices',
		kind: 'number',
		min: 0,
		max: 2,
		step: 0.05
	},
	{
		key: 'lspread',
		path: ['devices', 'linkSpread'],
		label: 'Link spread σ',
		short: 'link σ',
		help: 'Log-normal spread of each client’s bandwidth and latency around the values above.',
		group: 'devices',
		kind: 'number',
		min: 0,
		max: 2,
		step: 0.05
	},
	{
		key: 'on',
		path: ['devices', 'meanOnlineSec'],
		label: 'Mean time online',
		short: 'online',
		help: 'Clients come and go: each stays online this long on average, then drops out; 0 keeps everyone online.',
		unit: 's',
		group: 'devices',
		kind: 'number',
		min: 0,
		max: 600,
		step: 1
	},
	{
		key: 'off',
		path: ['devices', 'meanOfflineSec'],
		label: 'Mean time offline',
		short: 'offline',
		help: 'How long a client that dropped out stays away on average. Work in progress is lost.',
		unit: 's',
		group: 'devices',
		kind: 'number',
		min: 1,
		max: 600,
		step: 1,
		log: true,
		when: (v) => typeof v.on === 'number' && v.on > 0,
		context: { devices: { meanOnlineSec: 60 } }
	},
	{
		key: 'msgloss',
		path: ['devices', 'messageLoss'],
		label: 'Message loss',
		short: 'loss',
		help: 'Probability that a link drops a message (the model on its way down or the update on its way up).',
		group: 'devices',
		kind: 'number',
		min: 0,
		max: 0.5,
		step: 0.01
	},
	// ——— Byzantine clients and robust aggregation (chapter 5) ———
	{
		key: 'byz',
		path: ['byzantine', 'fraction'],
		label: 'Byzantine clients',
		short: 'byzantine',
		help: 'Share of the clients (chosen by the seed, drawn red) that send bad updates instead of honest ones.',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 0.5,
		step: 0.05,
		when: isFedAvg
	},
	{
		key: 'attack',
		path: ['byzantine', 'attack', 'kind'],
		label: 'Attack',
		help: 'What the Byzantine clients send; they see the honest updates of the round and act together.',
		group: 'robust',
		kind: 'choice',
		options: Object.entries(attacks).map(([value, a]) => ({ value, label: a.label })),
		when: isAttacked,
		context: attacked('signFlip')
	},
	{
		key: 'flip',
		path: ['byzantine', 'attack', 'scale'],
		label: 'Sign-flip factor λ',
		short: 'λ',
		help: 'Each attacker sends −λ × its honest update: the model is pushed uphill.',
		unit: '×',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 20,
		step: 0.5,
		when: attackIs('signFlip'),
		context: attacked('signFlip')
	},
	{
		key: 'sigma',
		path: ['byzantine', 'attack', 'sigma'],
		label: 'Noise σ',
		short: 'σ',
		help: 'Each attacker sends Gaussian noise N(0, σ²) in every coordinate.',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 5,
		step: 0.05,
		when: attackIs('gaussian'),
		context: attacked('gaussian')
	},
	{
		key: 'boost',
		path: ['byzantine', 'attack', 'factor'],
		label: 'Boost factor λ',
		short: 'λ',
		help: 'Each attacker sends λ × its honest update, to outweigh everyone else.',
		unit: '×',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 100,
		step: 1,
		when: attackIs('scaling'),
		context: attacked('scaling')
	},
	{
		key: 'const',
		path: ['byzantine', 'attack', 'value'],
		label: 'Constant value',
		help: 'Every coordinate of the update is this value; 0 is a free rider that never moves the model.',
		group: 'robust',
		kind: 'number',
		min: -1,
		max: 1,
		step: 0.01,
		when: attackIs('constant'),
		context: attacked('constant')
	},
	{
		key: 'fault',
		path: ['byzantine', 'attack', 'value'],
		label: 'Faulty value',
		help: 'What the broken clients send in every coordinate: not-a-number, infinity, or a huge 10³⁰.',
		group: 'robust',
		kind: 'choice',
		options: [
			{ value: 'nan', label: 'NaN' },
			{ value: 'infinity', label: '±∞' },
			{ value: 'huge', label: '10³⁰' }
		],
		when: attackIs('faulty'),
		context: attacked('faulty')
	},
	{
		key: 'z',
		path: ['byzantine', 'attack', 'z'],
		label: 'ALIE z',
		short: 'z',
		help: 'The attackers send mean − z·std of the honest updates, coordinate by coordinate; “paper” uses Baruch et al.’s formula for z.',
		unit: 'std',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 5,
		step: 0.05,
		special: { value: 'auto', label: 'paper' },
		when: attackIs('alie'),
		context: attacked('alie')
	},
	{
		key: 'proj',
		path: ['byzantine', 'project'],
		label: '2-D view of the updates',
		help: 'Also picture each round’s updates when nobody attacks (always on when some clients are Byzantine).',
		group: 'robust',
		kind: 'toggle',
		when: (v) => isFedAvg(v) && !isAttacked(v)
	},
	{
		key: 'agg',
		path: ['aggregator', 'kind'],
		label: 'Aggregation rule',
		help: 'How the server combines the round’s updates; the mean is plain FedAvg.',
		group: 'robust',
		kind: 'choice',
		options: Object.entries(aggregators).map(([value, a]) => ({ value, label: a.label })),
		when: isFedAvg
	},
	{
		key: 'beta',
		path: ['aggregator', 'beta'],
		label: 'Trimmed share β',
		short: 'β',
		help: 'Share of the values dropped at each end of every coordinate before averaging (needs β < 0.5).',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 0.5,
		step: 0.05,
		when: aggIs('trimmedMean'),
		context: robustRule('trimmedMean')
	},
	{
		key: 'f',
		path: ['aggregator', 'f'],
		label: 'Tolerated attackers f',
		short: 'f',
		help: 'How many Byzantine updates a round the rule is built for (needs n > 2f + 2); auto: the worst case of the scenario.',
		unit: 'updates',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 20,
		step: 1,
		integer: true,
		special: { value: 'auto', label: 'auto', absent: true },
		when: aggIs('krum', 'multiKrum'),
		context: robustRule('krum')
	},
	{
		key: 'm',
		path: ['aggregator', 'select'],
		label: 'Averaged m',
		short: 'm',
		help: 'Multi-Krum averages the m best-scored updates; auto: n − f.',
		unit: 'updates',
		group: 'robust',
		kind: 'number',
		min: 1,
		max: 20,
		step: 1,
		integer: true,
		special: { value: 'auto', label: 'auto', absent: true },
		when: aggIs('multiKrum'),
		context: robustRule('multiKrum')
	},
	{
		key: 'groups',
		path: ['aggregator', 'groups'],
		label: 'Groups k',
		short: 'k',
		help: 'Each round the clients are dealt at random into k groups and each group averaged; the guarantee needs fewer than k/2 attackers.',
		unit: 'groups',
		group: 'robust',
		kind: 'number',
		min: 1,
		max: 20,
		step: 1,
		integer: true,
		when: aggIs('medianOfMeans'),
		context: robustRule('medianOfMeans')
	},
	{
		key: 'inner',
		path: ['aggregator', 'inner'],
		label: 'Median of the group means',
		help: 'The geometric median (Chen, Su, Xu 2017) or the cheaper coordinate-wise median.',
		group: 'robust',
		kind: 'choice',
		options: [
			{ value: 'geometric', label: 'Geometric' },
			{ value: 'coordinate', label: 'Coordinate-wise' }
		],
		when: aggIs('medianOfMeans'),
		context: robustRule('medianOfMeans')
	}
];

/** The field with URL key `key`. */
export const FIELD_BY_KEY: ReadonlyMap<string, Field> = new Map(FIELDS.map((f) => [f.key, f]));

/** URL parameters that are not scenario fields. */
export const RESERVED_KEYS = ['hide', 'present', 'backend', 'speed'] as const;

/** An immutable set of field keys (hide flags). */
export function keySet(keys: Iterable<string> = []): ReadonlySet<string> {
	return new Set(keys);
}

/** The parameters of a `?query` string. */
export function searchParams(search: string): URLSearchParams {
	return new URLSearchParams(search);
}

/** Whether `field` applies given the other values. */
export function applies(field: Field, values: Values): boolean {
	return field.when ? field.when(values) : true;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
	let cur = obj;
	for (const p of path) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[p];
	}
	return cur;
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
	let cur = obj;
	for (const p of path.slice(0, -1)) {
		const next = cur[p];
		if (next === null || typeof next !== 'object') cur[p] = {};
		cur = cur[p] as Record<string, unknown>;
	}
	const last = path.at(-1);
	if (last !== undefined) cur[last] = value;
}

function copy(v: FieldValue): FieldValue {
	return Array.isArray(v) ? [...(v as readonly number[])] : v;
}

function asFieldValue(v: unknown): FieldValue | undefined {
	if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
	if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return [...v];
	return undefined;
}

let defaults: Values | null = null;

/** The schema's default for every field (fields of other variants: their variant's default). */
export function defaultValues(): Values {
	if (!defaults) {
		const out: Record<string, FieldValue> = {};
		for (const f of FIELDS) {
			const r = parseScenario(f.context ?? {});
			if (!r.ok) throw new Error(`field ${f.key}: its context is not a valid scenario`);
			const v = asFieldValue(getPath(r.scenario, f.path)) ?? absentValue(f);
			if (v === undefined) throw new Error(`field ${f.key}: no default at ${f.path.join('.')}`);
			out[f.key] = v;
		}
		defaults = Object.freeze(out);
	}
	return defaults;
}

const contexts = new Map<string, Values>();

/** Default values of a scenario in which `field` applies. */
function contextValues(field: Field): Values {
	let v = contexts.get(field.key);
	if (!v) {
		const r = parseScenario(field.context ?? {});
		if (!r.ok) throw new Error(`field ${field.key}: its context is not a valid scenario`);
		v = valuesFromScenario(r.scenario);
		contexts.set(field.key, v);
	}
	return v;
}

/** The value standing for "left out" of an optional field, if it has one. */
function absentValue(f: Field): FieldValue | undefined {
	return f.kind === 'number' && f.special?.absent ? f.special.value : undefined;
}

/** `base` with `changes` applied (unknown keys dropped). */
export function withValues(base: Values, changes: Values): Values {
	const out: Record<string, FieldValue> = { ...base };
	for (const [k, v] of Object.entries(changes)) if (FIELD_BY_KEY.has(k)) out[k] = copy(v);
	return out;
}

/** The nested scenario input of the applicable fields. */
export function scenarioInput(values: Values): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const f of FIELDS) {
		const v = values[f.key];
		if (v !== undefined && v !== absentValue(f) && applies(f, values))
			setPath(input, f.path, copy(v));
	}
	return input;
}

/** Validates the applicable fields into a `Scenario`. */
export function toScenario(values: Values): ParseResult {
	return parseScenario(scenarioInput(values));
}

/** Field values of a scenario; fields it does not have keep their value in `base`. */
export function valuesFromScenario(s: Scenario, base: Values = defaultValues()): Values {
	const out: Record<string, FieldValue> = { ...base };
	for (const f of FIELDS) {
		const v = asFieldValue(getPath(s, f.path));
		// applicable only: two fields may share a path (the polynomial and the hinge `a`)
		if (v !== undefined && applies(f, out)) out[f.key] = v;
		else if (absentValue(f) !== undefined && applies(f, out)) out[f.key] = absentValue(f) ?? '';
	}
	return out;
}

/** The value as URL text (`0.5`, `full`, `200,200`). */
export function formatField(field: Field, v: FieldValue): string {
	if (Array.isArray(v)) return v.join(',');
	if (typeof v === 'boolean') return v ? '1' : '0';
	return String(v);
}

export type FieldParse = { ok: true; value: FieldValue } | { ok: false; error: string };

/** Reads URL or text-box text into a field value and checks it against the schema. */
export function parseField(field: Field, text: string): FieldParse {
	const raw = text.trim();
	let value: FieldValue;
	if (field.kind === 'choice') {
		if (!field.options.some((o) => o.value === raw))
			return {
				ok: false,
				error: `must be one of ${field.options.map((o) => `“${o.value}”`).join(', ')}`
			};
		value = raw;
	} else if (field.kind === 'list') {
		const parts = raw === '' ? [] : raw.split(/[\s,;]+/).filter((p) => p !== '');
		const nums = parts.map(Number);
		if (nums.some((n) => !Number.isInteger(n)))
			return { ok: false, error: 'must be whole numbers separated by commas' };
		if (nums.length < field.minLength || nums.length > field.maxLength)
			return {
				ok: false,
				error:
					field.minLength === field.maxLength
						? `must be ${field.minLength} numbers`
						: `must be ${field.minLength} to ${field.maxLength} numbers`
			};
		value = nums;
	} else if (field.kind === 'toggle') {
		if (!['1', '0', 'true', 'false'].includes(raw)) return { ok: false, error: 'must be 1 or 0' };
		value = raw === '1' || raw === 'true';
	} else if (field.special && raw === field.special.value) {
		value = raw;
	} else {
		const n = raw === '' ? NaN : Number(raw);
		if (!Number.isFinite(n))
			return {
				ok: false,
				error: field.special ? `must be a number or “${field.special.value}”` : 'must be a number'
			};
		value = n;
	}
	return checkField(field, value);
}

/** Checks one value against the schema, in the field's own context. */
export function checkField(field: Field, value: FieldValue): FieldParse {
	const r = parseScenario(scenarioInput(withValues(contextValues(field), { [field.key]: value })));
	if (r.ok)
		return {
			ok: true,
			value: asFieldValue(getPath(r.scenario, field.path)) ?? absentValue(field) ?? value
		};
	const prefix = field.path.join('.');
	const mine = r.errors.filter((e) => e.startsWith(prefix));
	const first = (mine[0] ?? r.errors[0] ?? 'is not valid').replace(/^[\w.]+:\s*/, '');
	return { ok: false, error: first };
}

/** Human-readable value with its unit, e.g. `0.5`, `32 samples`, `all`, `200, 200 units`. */
export function displayValue(field: Field, v: FieldValue | undefined): string {
	if (v === undefined) return '';
	if (field.kind === 'choice') return field.options.find((o) => o.value === v)?.label ?? String(v);
	if (typeof v === 'boolean') return v ? 'on' : 'off';
	if (field.kind === 'list') {
		const list = v as readonly number[];
		return list.length ? list.join(', ') : 'none';
	}
	if (typeof v === 'string')
		return field.kind === 'number' && field.special ? field.special.label : v;
	return Array.isArray(v) ? v.join(', ') : formatNumber(v as number);
}

/** Compact number: up to 3 significant digits below 1000, thousands separated above. */
export function formatNumber(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	if (Number.isInteger(n)) return n.toLocaleString('en-US');
	const abs = Math.abs(n);
	if (abs >= 100) return n.toFixed(0);
	return String(Number(n.toPrecision(abs < 1 ? 2 : 3)));
}

/** `α=0.1`, `K=10`: a field and value for legends. */
export function shortLabel(field: Field, v: FieldValue | undefined): string {
	const name = field.short ?? field.label;
	if (field.kind === 'choice') return displayValue(field, v);
	return `${name}=${displayValue(field, v)}`;
}

export interface UrlOptions {
	/** Keys of the controls to hide (the lecturer's prepared link). */
	readonly hidden?: ReadonlySet<string>;
}

/** One encode loop: every applicable field, always the seed, then the hide flags. */
export function encodeUrl(values: Values, opts: UrlOptions = {}): URLSearchParams {
	const params = new URLSearchParams();
	for (const f of FIELDS) {
		const v = values[f.key];
		if (v !== undefined && (f.key === 'seed' || applies(f, values)))
			params.set(f.key, formatField(f, v));
	}
	const hidden = [...(opts.hidden ?? [])].filter((k) => FIELD_BY_KEY.has(k));
	if (hidden.length) params.set('hide', hidden.join(','));
	return params;
}

export interface Decoded {
	readonly values: Values;
	readonly hidden: ReadonlySet<string>;
	/** One readable line per rejected URL parameter. */
	readonly notices: readonly string[];
	/** Whether the URL held any scenario field at all. */
	readonly touched: boolean;
}

/**
 * One decode loop: each field present in the URL is parsed and checked on its own; a bad value is
 * reported and that field keeps its value in `base`. Constraints between fields (a CNN needs
 * images) are checked last, resetting only the field the schema names.
 */
export function decodeUrl(params: URLSearchParams, base: Values = defaultValues()): Decoded {
	const values: Record<string, FieldValue> = { ...base };
	const notices: string[] = [];
	let touched = false;
	for (const f of FIELDS) {
		const raw = params.get(f.key);
		if (raw === null) continue;
		touched = true;
		const r = parseField(f, raw);
		if (r.ok) values[f.key] = r.value;
		else notices.push(rejected(f, raw, r.error, base[f.key]));
	}
	for (let i = 0; i < FIELDS.length; i++) {
		const r = toScenario(values);
		if (r.ok) break;
		const bad = FIELDS.filter((f) => applies(f, values) && r.errors.some((e) => names(e, f)));
		if (!bad.length) {
			notices.push(
				`The link’s settings do not fit together (${r.errors.join('; ')}); using defaults.`
			);
			Object.assign(values, base);
			break;
		}
		for (const f of bad) {
			const err = r.errors.find((e) => names(e, f)) ?? '';
			notices.push(
				rejected(
					f,
					formatField(f, values[f.key] ?? ''),
					err.replace(/^[\w.]+:\s*/, ''),
					base[f.key]
				)
			);
			values[f.key] = copy(base[f.key] ?? defaultValues()[f.key] ?? 0);
		}
	}
	const hidden = new Set<string>();
	for (const k of (params.get('hide') ?? '').split(',').filter(Boolean)) {
		if (FIELD_BY_KEY.has(k)) hidden.add(k);
		else notices.push(`The link hides “${k}”, which is not a setting; ignored.`);
	}
	const reserved: readonly string[] = RESERVED_KEYS;
	for (const k of new Set(params.keys()))
		if (!FIELD_BY_KEY.has(k) && !reserved.includes(k))
			notices.push(`The link has an unknown setting “${k}”; ignored.`);
	return { values, hidden, notices, touched };
}

/**
 * Whether a scenario error ("path: message") is about field `f`: the error names the field's path,
 * a path inside it, or an object that holds it (`aggregator: Krum needs …` is about every
 * `aggregator.*` field).
 */
function names(error: string, f: Field): boolean {
	const path = f.path.join('.');
	const head = error.slice(0, Math.max(0, error.indexOf(':')));
	return error.startsWith(path) || (head !== '' && path.startsWith(`${head}.`));
}

function rejected(f: Field, raw: string, why: string, fallback: FieldValue | undefined): string {
	const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
	return `${f.label} (${f.key}=${shown}) ${why}; using ${displayValue(f, fallback)} instead.`;
}
