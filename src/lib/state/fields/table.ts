/**
 * The scenario fields the UI edits, as one declarative table (TensorFlow Playground style): each
 * row names a path into the `Scenario`, a label, a unit, a range or options, a one-line help and a
 * short URL key. The same table drives the controls, the URL codec (one encode loop, one decode
 * loop) and the run legends. Adding a field to the app is adding one row here.
 *
 * The UI keeps a flat record of values keyed by URL key (`Values`), including fields that do not
 * apply right now (α while the split is IID), so switching a kind back and forth keeps what the user
 * set. `toScenario` (values.ts) keeps only the applicable fields and validates with
 * `parseScenario`, the single source of truth for ranges.
 */
import { aggregators, type AggregatorName } from '../../sim/robust/aggregate';
import { algorithms } from '../../sim/algorithms';
import { serverOptimizers } from '../../sim/optimize';
import { attacks, type AttackName } from '../../sim/robust/attacks';
import { preAggregates } from '../../sim/robust/pre-aggregate';
import { partitioners } from '../../sim/partition';
import { stalenessFunctions } from '../../sim/staleness';
import { DATASETS, type ScenarioInput } from '../../sim/core/schema';
import type { AnyValues, FieldSpec, FieldValue } from './types';

const isFedAvg = (v: AnyValues) => v.algo === 'fedavg';
/** Split learning and SplitFed (the split-learning chapter's kinds). */
const isSplit = (v: AnyValues) => v.algo === 'split' || v.algo === 'splitfed';
/** FedAsync and FedBuff (the asynchronous chapter's kinds). */
const isAsync = (v: AnyValues) => v.algo === 'fedasync' || v.algo === 'fedbuff';
/** The algorithms whose server takes an optimizer step (FedAvg and FedBuff). */
const hasServerStep = (v: AnyValues) => v.algo === 'fedavg' || v.algo === 'fedbuff';
/** FedAdam, FedYogi, FedAdagrad: the server optimizers with β1, β2 and τ. */
const isAdaptive = (v: AnyValues) => v.sopt === 'adam' || v.sopt === 'yogi' || v.sopt === 'adagrad';
/** Some clients are Byzantine (chapter 5; FedAvg only). */
const isAttacked = (v: AnyValues) => isFedAvg(v) && typeof v.byz === 'number' && v.byz > 0;
const attackIs = (kind: string) => (v: AnyValues) => isAttacked(v) && v.attack === kind;
const aggIs =
	(...kinds: string[]) =>
	(v: AnyValues) =>
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
/**
 * What every parameter row of a robust rule shares: the group, when it applies (FedAvg with one of
 * `kinds`) and the scenario its default is read from (the first kind, with room for any f).
 */
const ofRule = (...kinds: [AggregatorName, ...AggregatorName[]]) =>
	({ group: 'robust', when: aggIs(...kinds), context: robustRule(kinds[0]) }) as const;

const datasetLabels: Record<(typeof DATASETS)[number], string> = {
	mnist: 'MNIST digits',
	blobs: '2-D blobs'
};

/**
 * Every scenario field, in the order of the controls. A field's `when` may only read fields above
 * it (the decoder walks the table in order). `as const` keeps each key a literal, so `FieldKey` is
 * the union of the keys and a preset or control list naming no field does not compile.
 */
const TABLE = [
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
		max: 1000,
		step: 1,
		integer: true
	},
	{
		key: 'centralized',
		path: ['centralized'],
		label: 'Centralized (data uploaded once)',
		help: 'One client holding everything stands for a data centre: the raw training data is uploaded once, before training, and the model never travels. Needs 1 client and FedAvg.',
		group: 'data',
		kind: 'toggle',
		when: (v) => v.K === 1 && isFedAvg(v),
		context: { clients: 1 }
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
		help: 'Rounds, each ended by an evaluation of the model. FedAvg: the server sends the model out and averages what comes back. Split learning: one turn of every client through the cut layer (one after another; all at once in SplitFed). FedAsync/FedBuff: a period of model versions between two evaluations.',
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
		help: 'Share of the clients the server samples each round: m = max(⌊C·K⌋, 1), drawn without replacement (some libraries round C·K instead).',
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
		key: 'steps',
		path: ['algorithm', 'localSteps'],
		label: 'Local steps',
		help: 'Train this many mini-batches per round (per update in FedAsync and FedBuff) instead of whole epochs (0 = use the epochs). One step with a small batch is distributed mini-batch SGD. Steps follow the epoch sequence: a fresh shuffle each pass, the last batch of a pass may be short.',
		group: 'training',
		kind: 'number',
		integer: true,
		min: 0,
		max: 200,
		step: 1,
		when: (v) => isFedAvg(v) || isAsync(v)
	},
	{
		key: 'mu',
		path: ['algorithm', 'proximalMu'],
		label: 'FedProx μ',
		short: 'μ',
		help: 'FedProx (Li et al. 2020): each client adds μ/2·‖w − w_global‖² to its loss, pulling its steps back towards the global model; 0 is FedAvg.',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 1,
		step: 0.001,
		when: isFedAvg
	},
	{
		key: 'scaffold',
		path: ['algorithm', 'scaffold'],
		label: 'SCAFFOLD control variates',
		help: 'SCAFFOLD (Karimireddy et al. 2020, option II): every local step is corrected by c − c_i, the server’s minus the client’s estimate of the drift. Each message carries two model-sized vectors: twice the bytes.',
		group: 'training',
		kind: 'toggle',
		when: isFedAvg
	},
	{
		key: 'nova',
		path: ['algorithm', 'fednova'],
		label: 'FedNova normalised averaging',
		help: 'FedNova (Wang et al. 2020): divide each update by its number of local steps before averaging, so clients that walked further do not pull the model towards their own optimum.',
		group: 'training',
		kind: 'toggle',
		when: isFedAvg
	},
	{
		key: 'partial',
		path: ['algorithm', 'partialWork'],
		label: 'Partial work (FedProx)',
		help: 'With a round deadline, a straggler sends the local steps it finished in time instead of being dropped (FedProx, Li et al. 2020).',
		group: 'training',
		kind: 'toggle',
		when: (v) => isFedAvg(v) && Number(v.deadline) > 0,
		context: { algorithm: { kind: 'fedavg', deadline: 10 } }
	},
	{
		key: 'clusters',
		path: ['algorithm', 'clusters'],
		label: 'IFCA clusters k',
		short: 'k',
		help: 'IFCA (Ghosh et al. 2020): the server keeps k models and each client trains the one with the lowest loss on its own data; k models go down, one comes up. 1 is FedAvg.',
		group: 'training',
		kind: 'number',
		integer: true,
		min: 1,
		max: 5,
		step: 1,
		when: isFedAvg
	},
	{
		key: 'lgroups',
		path: ['labelGroups'],
		label: 'Label-permuted groups',
		help: 'Client k is in group k mod G; group g sees label y as (y + g·⌊C/G⌋) mod C, so the same image means different classes to different groups (concept shift). 1 = everyone the same.',
		group: 'data',
		kind: 'number',
		integer: true,
		min: 1,
		max: 4,
		step: 1
	},
	{
		key: 'ptest',
		path: ['personalization', 'testSamples'],
		label: 'Per-client test samples',
		help: 'Each client gets its own test split with its label mix, drawn from the held-out set; every round reports each client’s accuracy on it (0 = off).',
		group: 'training',
		kind: 'number',
		integer: true,
		min: 0,
		max: 500,
		step: 10,
		when: isFedAvg
	},
	{
		key: 'ftune',
		path: ['personalization', 'fineTuneEpochs'],
		label: 'Fine-tune epochs',
		help: 'FedAvg + fine-tune: each client also trains the global model this many epochs on its own data before its accuracy is measured (a measurement: no simulated time).',
		group: 'training',
		kind: 'number',
		integer: true,
		min: 0,
		max: 10,
		step: 1,
		// a measurement on the per-client splits of FedAvg's one global model (not IFCA's)
		when: (v) => isFedAvg(v) && Number(v.ptest) > 0 && Number(v.clusters) <= 1,
		context: { personalization: { testSamples: 100 } }
	},
	{
		key: 'sopt',
		path: ['serverOptimizer', 'kind'],
		label: 'Server optimizer',
		help: 'The server treats the aggregated update as a pseudo-gradient (Reddi et al. 2021). SGD with rate 1 is plain FedAvg; momentum is FedAvgM (v ← βv + Δ); Adam/Yogi/Adagrad start v at τ² without bias correction, as the paper (Flower starts at 0).',
		group: 'training',
		kind: 'choice',
		options: Object.entries(serverOptimizers).map(([value, o]) => ({ value, label: o.label })),
		when: hasServerStep
	},
	{
		key: 'sglr',
		path: ['serverOptimizer', 'learningRate'],
		label: 'Server learning rate η_g',
		short: 'η_g',
		help: 'The server’s step size on the aggregated update (1 with SGD is plain FedAvg).',
		group: 'training',
		kind: 'number',
		min: 0.001,
		max: 3,
		step: 0.001,
		when: (v) => hasServerStep(v) && (v.sopt === 'sgd' || v.sopt === 'momentum')
	},
	{
		key: 'smom',
		path: ['serverOptimizer', 'beta'],
		label: 'Server momentum β',
		short: 'β_s',
		help: 'FedAvgM (Hsu et al. 2019): v ← β·v + Δ, x ← x + η_g·v, so agreeing rounds add up to a step of about η_g/(1 − β). Some libraries write v ← β·v + (1 − β)·Δ instead, a step 1 − β times smaller.',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 0.99,
		step: 0.01,
		when: (v) => hasServerStep(v) && v.sopt === 'momentum',
		context: { serverOptimizer: { kind: 'momentum' } }
	},
	{
		key: 'salr',
		path: ['serverOptimizer', 'learningRate'],
		label: 'Server learning rate η (adaptive)',
		short: 'η_s',
		help: 'The step size of FedAdam, FedYogi and FedAdagrad: x ← x + η·m/(√v + τ). Each coordinate moves by about η per round at most, so η is far smaller than the SGD rate (Reddi et al. 2021 tune it over 10⁻³ … 1).',
		group: 'training',
		kind: 'number',
		min: 0.0001,
		max: 1,
		step: 0.0001,
		log: true,
		when: (v) => hasServerStep(v) && isAdaptive(v),
		context: { serverOptimizer: { kind: 'adam' } }
	},
	{
		key: 'sb1',
		path: ['serverOptimizer', 'beta1'],
		label: 'Server β1 (first moment)',
		short: 'β1',
		help: 'How much of the last rounds’ updates the momentum m keeps: m ← β1·m + (1 − β1)·Δ (no bias correction, as in Reddi et al. 2021).',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 0.99,
		step: 0.01,
		when: (v) => hasServerStep(v) && isAdaptive(v),
		context: { serverOptimizer: { kind: 'adam' } }
	},
	{
		key: 'sb2',
		path: ['serverOptimizer', 'beta2'],
		label: 'Server β2 (second moment)',
		short: 'β2',
		help: 'How slowly v, the running size of Δ², forgets (Adam: v ← β2·v + (1 − β2)·Δ²; Yogi moves v by (1 − β2)·Δ² towards Δ²; Adagrad ignores β2 and sums Δ²).',
		group: 'training',
		kind: 'number',
		min: 0,
		max: 0.999,
		step: 0.001,
		when: (v) => hasServerStep(v) && isAdaptive(v),
		context: { serverOptimizer: { kind: 'adam' } }
	},
	{
		key: 'stau',
		path: ['serverOptimizer', 'tau'],
		label: 'Server adaptivity τ',
		short: 'τ',
		help: 'τ in x ← x + η·m/(√v + τ), and v starts at τ²: a small τ divides by the updates’ own size (very adaptive), a large τ makes it plain momentum SGD with rate η/τ. Flower starts v at 0.',
		group: 'training',
		kind: 'number',
		min: 0.000001,
		max: 1,
		step: 0.000001,
		log: true,
		when: (v) => hasServerStep(v) && isAdaptive(v),
		context: { serverOptimizer: { kind: 'adam' } }
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
		help: 'How much an update t − τ versions behind counts: constant s = 1; polynomial (t − τ + 1)^(−a), the raw weight, not normalised (FLSim normalises); hinge 1 up to b, then 1/(a(t − τ − b) + 1).',
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
		help: `What the Byzantine clients send, acting together. Omniscient attacks (${Object.values(
			attacks
		)
			.filter((a) => a.knows === 'omniscient')
			.map((a) => a.label)
			.join(
				', '
			)}) see the round’s honest updates; the others only their own data; none knows the rule.`,
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
		key: 'eps',
		path: ['byzantine', 'attack', 'epsilon'],
		label: 'IPM ε',
		short: 'ε',
		help: 'Every attacker sends −ε × the mean of the round’s honestly trained updates (its own included): small ε hides in the cloud yet points backwards.',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 10,
		step: 0.05,
		when: attackIs('ipm'),
		context: attacked('ipm')
	},
	{
		key: 'dir',
		path: ['byzantine', 'attack', 'direction'],
		label: 'Perturbation direction',
		help: 'Min-max / min-sum send honest mean + γ·p with the largest γ that does not stand out; p is −(unit honest mean), −sign(mean) or −std per coordinate.',
		group: 'robust',
		kind: 'choice',
		options: [
			{ value: 'std', label: '−std' },
			{ value: 'unit', label: '−unit mean' },
			{ value: 'sign', label: '−sign' }
		],
		when: (v) => attackIs('minMax')(v) || attackIs('minSum')(v),
		context: attacked('minMax')
	},
	{
		key: 'target',
		path: ['byzantine', 'attack', 'target'],
		label: 'Backdoor target class',
		help: 'Digits stamped with the trigger (a white 4×4 square near the bottom-right corner) are relabelled to this class; attack success = triggered test digits of other classes classified as it.',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 9,
		step: 1,
		integer: true,
		when: attackIs('backdoor'),
		context: attacked('backdoor')
	},
	{
		key: 'poison',
		path: ['byzantine', 'attack', 'poisonFraction'],
		label: 'Poisoned share',
		help: 'Share of each attacker’s digits stamped with the trigger and relabelled (a seeded draw per round).',
		group: 'robust',
		kind: 'number',
		min: 0.05,
		max: 1,
		step: 0.05,
		when: attackIs('backdoor'),
		context: attacked('backdoor')
	},
	{
		key: 'bdboost',
		path: ['byzantine', 'attack', 'boost'],
		label: 'Backdoor boost',
		help: 'The attacker sends boost × its update (model replacement: about n/η); norm clipping and FLTrust take the boost away.',
		unit: '×',
		group: 'robust',
		kind: 'number',
		min: 1,
		max: 20,
		step: 1,
		when: attackIs('backdoor'),
		context: attacked('backdoor')
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
		help: 'How the server combines the round’s updates; the mean is plain FedAvg. The median of an even count is the mean of the two middle values.',
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
		help: 'Share of the values dropped at EACH end of every coordinate before averaging: ⌊β·n⌋ per side (needs β < 0.5; some libraries take β as the total share).',
		kind: 'number',
		min: 0,
		// the schema takes 0.5, the trimmed mean's own check does not: the slider stops below it
		max: 0.45,
		step: 0.05,
		...ofRule('trimmedMean')
	},
	{
		key: 'f',
		path: ['aggregator', 'f'],
		label: 'Tolerated attackers f',
		short: 'f',
		help: 'How many Byzantine updates a round the rule is built for (needs n > 2f + 2); auto: the worst case of the scenario. Krum scores each update by its max(n − f − 2, 1) nearest neighbours, like Flower (ByzFL uses n − f − 1).',
		unit: 'updates',
		kind: 'number',
		min: 0,
		max: 20,
		step: 1,
		integer: true,
		special: { value: 'auto', label: 'auto', absent: true },
		...ofRule('krum', 'multiKrum', 'bulyan', 'meamed', 'dnc')
	},
	{
		key: 'm',
		path: ['aggregator', 'select'],
		label: 'Averaged m',
		short: 'm',
		help: 'Multi-Krum averages the m best-scored updates, unweighted (Flower weights them by example counts); auto: n − f.',
		unit: 'updates',
		kind: 'number',
		min: 1,
		max: 20,
		step: 1,
		integer: true,
		special: { value: 'auto', label: 'auto', absent: true },
		...ofRule('multiKrum')
	},
	{
		key: 'groups',
		path: ['aggregator', 'groups'],
		label: 'Groups k',
		short: 'k',
		help: 'Each round the clients are dealt at random into k groups and each group averaged; the guarantee needs fewer than k/2 attackers.',
		unit: 'groups',
		kind: 'number',
		min: 1,
		max: 20,
		step: 1,
		integer: true,
		...ofRule('medianOfMeans')
	},
	{
		key: 'inner',
		path: ['aggregator', 'inner'],
		label: 'Median of the group means',
		help: 'The geometric median (Chen, Su, Xu 2017) or the cheaper coordinate-wise median.',
		kind: 'choice',
		options: [
			{ value: 'geometric', label: 'Geometric' },
			{ value: 'coordinate', label: 'Coordinate-wise' }
		],
		...ofRule('medianOfMeans')
	},
	{
		key: 'tau',
		path: ['aggregator', 'tau'],
		label: 'Clipping radius τ',
		short: 'τ',
		help: 'Centered clipping: updates farther than τ from the last aggregate are pulled in to distance τ; L iterations per round. The centre is the previous aggregate (ByzFL: the server momentum), and τ = 1 suits model deltas (ByzFL’s 100 is for raw gradients).',
		kind: 'number',
		min: 0.05,
		max: 20,
		step: 0.05,
		...ofRule('centeredClipping')
	},
	{
		key: 'ccL',
		path: ['aggregator', 'iterations'],
		label: 'Clipping iterations L',
		short: 'L',
		help: 'How many times the centre is moved by the mean of the clipped updates each round (the paper and ByzFL: 1).',
		kind: 'number',
		min: 1,
		max: 10,
		step: 1,
		integer: true,
		...ofRule('centeredClipping')
	},
	{
		key: 'root',
		path: ['aggregator', 'rootSize'],
		label: 'FLTrust root set',
		help: 'Clean digits the server trains on each round (drawn once, seeded, from the training data; the paper collects its own). Each update counts by ReLU(cosine) with the server’s update and is rescaled to its length.',
		unit: 'digits',
		kind: 'number',
		min: 10,
		max: 1000,
		step: 10,
		integer: true,
		...ofRule('fltrust')
	},
	{
		key: 'dncb',
		path: ['aggregator', 'subsample'],
		label: 'DnC coordinates b',
		short: 'b',
		help: 'Random coordinates on which DnC computes the top singular direction of the centred updates.',
		unit: 'coords',
		kind: 'number',
		min: 100,
		max: 100_000,
		step: 100,
		integer: true,
		log: true,
		...ofRule('dnc')
	},
	{
		key: 'dncit',
		path: ['aggregator', 'iterations'],
		label: 'DnC iterations',
		help: 'Independent draws of coordinates; an update is kept only if it passes every one.',
		kind: 'number',
		min: 1,
		max: 10,
		step: 1,
		integer: true,
		...ofRule('dnc')
	},
	{
		key: 'dncc',
		path: ['aggregator', 'filterFraction'],
		label: 'DnC filter fraction c',
		short: 'c',
		help: 'DnC removes the ⌈c·f⌉ updates with the largest outlier scores each iteration.',
		kind: 'number',
		min: 0,
		max: 3,
		step: 0.1,
		...ofRule('dnc')
	},
	{
		key: 'clip',
		path: ['aggregator', 'threshold'],
		label: 'Norm bound τ',
		short: 'τ',
		help: 'Norm clipping (Sun et al. 2019): updates longer than τ are scaled down to τ, then averaged; it bounds an attacker’s pull (a boosted backdoor loses its boost) but never removes it.',
		kind: 'number',
		min: 0.05,
		max: 20,
		step: 0.05,
		...ofRule('normClip')
	},
	{
		key: 'pre',
		path: ['preAggregate', 'kind'],
		label: 'Before the rule',
		help: 'A step that composes with any rule: nearest-neighbour mixing (each update becomes the mean of its n − f nearest, itself included, as ByzFL), bucketing (average shuffled buckets of s; the rule then sees ⌈n/s⌉ means and still tolerates f), or norm clipping.',
		group: 'robust',
		kind: 'choice',
		options: Object.entries(preAggregates).map(([value, p]) => ({ value, label: p.label })),
		when: isFedAvg
	},
	{
		key: 'nnmf',
		path: ['preAggregate', 'f'],
		label: 'NNM f',
		short: 'f',
		help: 'Each update is replaced by the mean of its n − f nearest neighbours; auto: the scenario’s worst case.',
		unit: 'updates',
		group: 'robust',
		kind: 'number',
		min: 0,
		max: 20,
		step: 1,
		integer: true,
		special: { value: 'auto', label: 'auto', absent: true },
		when: (v) => isFedAvg(v) && v.pre === 'nnm',
		context: {
			preAggregate: { kind: 'nnm' },
			clients: 500,
			algorithm: { kind: 'fedavg', clientFraction: 1 }
		}
	},
	{
		key: 'bucket',
		path: ['preAggregate', 'size'],
		label: 'Bucket size s',
		short: 's',
		help: 'Updates averaged per bucket after a seeded shuffle (Karimireddy et al. 2022).',
		unit: 'updates',
		group: 'robust',
		kind: 'number',
		min: 1,
		max: 10,
		step: 1,
		integer: true,
		when: (v) => isFedAvg(v) && v.pre === 'bucketing',
		context: {
			preAggregate: { kind: 'bucketing' },
			clients: 500,
			algorithm: { kind: 'fedavg', clientFraction: 1 }
		}
	},
	{
		key: 'preclip',
		path: ['preAggregate', 'threshold'],
		label: 'Pre-clip τ',
		short: 'τ',
		help: 'Every update longer than τ is scaled down to τ before the rule.',
		group: 'robust',
		kind: 'number',
		min: 0.05,
		max: 20,
		step: 0.05,
		when: (v) => isFedAvg(v) && v.pre === 'clip',
		context: { preAggregate: { kind: 'clip' } }
	},
	{
		key: 'secagg',
		path: ['privacy', 'secureAggregation'],
		label: 'Secure aggregation',
		help: 'Bonawitz et al. 2017: pairwise masks that cancel in the sum, so the server sees only the sum of the updates (simulated: toy key sizes, seeded masks). Needs the mean rule.',
		group: 'privacy',
		kind: 'toggle',
		when: isFedAvg
	},
	{
		key: 'tshare',
		path: ['privacy', 'threshold'],
		label: 'Shamir threshold',
		short: 't/n',
		help: 'Share t/n of the clients that shared keys must survive for the server to remove the dropped clients’ masks; fewer and the round is refused.',
		group: 'privacy',
		kind: 'number',
		min: 0.5,
		max: 1,
		step: 0.01,
		when: (v) => isFedAvg(v) && v.secagg === true,
		context: { privacy: { secureAggregation: true } }
	},
	{
		key: 'dpsigma',
		path: ['privacy', 'dp', 'noiseMultiplier'],
		label: 'DP noise multiplier',
		short: 'σ',
		help: 'DP-FedAvg (McMahan et al. 2018): Gaussian noise of std σ·S; “off”: no DP. The accountant is Opacus’s and TF Privacy’s RDP accountant for Poisson sampling; the engine samples exactly m clients, the usual approximation.',
		group: 'privacy',
		kind: 'number',
		min: 0,
		max: 10,
		step: 0.1,
		special: { value: 'off', label: 'off', absent: true },
		when: isFedAvg
	},
	{
		key: 'dpclip',
		path: ['privacy', 'dp', 'clip'],
		label: 'Clipping norm',
		short: 'S',
		help: 'Each client’s update (its model minus the global model) is scaled down to L2 norm at most S.',
		group: 'privacy',
		kind: 'number',
		min: 0.01,
		max: 100,
		step: 0.01,
		when: (v) => isFedAvg(v) && typeof v.dpsigma === 'number',
		context: { privacy: { dp: {} } }
	},
	{
		key: 'dpmode',
		path: ['privacy', 'dp', 'mode'],
		label: 'Where the noise is added',
		help: 'Central: the trusted server adds it to the sum. Local: every client adds its own before sending, so nobody needs trusting, at √m times the noise in the average.',
		group: 'privacy',
		kind: 'choice',
		options: [
			{ value: 'central', label: 'Central (server)' },
			{ value: 'local', label: 'Local (each client)' }
		],
		when: (v) => isFedAvg(v) && typeof v.dpsigma === 'number',
		context: { privacy: { dp: {} } }
	},
	{
		key: 'dpdelta',
		path: ['privacy', 'dp', 'delta'],
		label: 'DP δ',
		short: 'δ',
		help: 'The δ of the (ε, δ) guarantee the accountant reports: keep it well below 1/(number of clients).',
		group: 'privacy',
		kind: 'number',
		min: 1e-9,
		max: 0.1,
		step: 1e-6,
		when: (v) => isFedAvg(v) && typeof v.dpsigma === 'number',
		context: { privacy: { dp: {} } }
	}
] as const satisfies readonly FieldSpec[];

/** The URL key of a field: `alpha`, `C`, `lr`… */
export type FieldKey = (typeof TABLE)[number]['key'];

/** A row of the table. */
export type Field = FieldSpec & { readonly key: FieldKey };

/** Field values keyed by URL key; a record may hold only some of them (a preset, a change). */
export type Values = { readonly [K in FieldKey]?: FieldValue };

/** Every scenario field, in the order of the controls. */
export const FIELDS: readonly Field[] = TABLE;

/** The field with URL key `key`. */
export const FIELD_BY_KEY: ReadonlyMap<FieldKey, Field> = new Map(FIELDS.map((f) => [f.key, f]));

/** Whether `key` names a field (for keys read from a URL or a file). */
export function isFieldKey(key: string): key is FieldKey {
	return FIELD_BY_KEY.has(key as FieldKey);
}

/** The field with URL key `key`; throws on a key that names no field (a typo must not pass quietly). */
export function fieldOf(key: string): Field {
	const f = FIELD_BY_KEY.get(key as FieldKey);
	if (!f) throw new Error(`“${key}” is not a field key (see src/lib/state/fields/table.ts)`);
	return f;
}

/** URL parameters that are not scenario fields. */
export const RESERVED_KEYS = ['hide', 'present', 'backend', 'speed'] as const;

/** Whether `field` applies given the other values. */
export function applies(field: Field, values: Values): boolean {
	return field.when ? field.when(values) : true;
}
