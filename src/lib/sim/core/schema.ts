/**
 * The scenario schema: the one description of a run, field by field, with defaults and ranges,
 * and the `*Spec` types derived from it. The bottom of `sim/`: imports nothing else from `sim/`.
 * Parsing and the constraints between fields live in `../scenario.ts`.
 */
import * as v from 'valibot';

const int = (min: number, max: number, fallback: number) =>
	v.optional(
		v.pipe(
			v.number('must be a number'),
			v.integer('must be a whole number'),
			v.minValue(min, `must be at least ${min}`),
			v.maxValue(max, `must be at most ${max}`)
		),
		fallback
	);

const num = (min: number, max: number, fallback: number, exclusiveMin = false) =>
	v.optional(
		v.pipe(
			v.number('must be a number'),
			v.finite('must be a finite number'),
			exclusiveMin
				? v.gtValue(min, `must be greater than ${min}`)
				: v.minValue(min, `must be at least ${min}`),
			v.maxValue(max, `must be at most ${max}`)
		),
		fallback
	);

export const DATASETS = ['mnist', 'blobs'] as const;

const MlpModel = v.strictObject({
	kind: v.literal('mlp'),
	hidden: v.optional(
		v.pipe(
			v.array(
				v.pipe(
					v.number('must be a number'),
					v.integer('must be a whole number'),
					v.minValue(1, 'must be at least 1'),
					v.maxValue(1024, 'must be at most 1024')
				),
				'must be a list of layer widths'
			),
			v.maxLength(4, 'must have at most 4 hidden layers')
		),
		[200, 200]
	)
});

const CnnModel = v.strictObject({
	kind: v.literal('cnn'),
	/** Filters of the two convolution blocks (5×5 then 3×3, each followed by 2×2 max-pooling). */
	filters: v.optional(
		v.pipe(
			v.strictTuple([
				v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64)),
				v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64))
			]),
			v.readonly()
		),
		[8, 16]
	)
});

const Model = v.variant('kind', [MlpModel, CnnModel], 'must be {"kind": "mlp"} or {"kind": "cnn"}');

const sizeSkew = num(0, 3, 0);

const Partition = v.variant(
	'kind',
	[
		v.strictObject({ kind: v.literal('iid'), sizeSkew }),
		v.strictObject({ kind: v.literal('dirichlet'), alpha: num(0.01, 1000, 0.5), sizeSkew }),
		v.strictObject({ kind: v.literal('shards'), shardsPerClient: int(1, 10, 2) })
	],
	'kind must be "iid", "dirichlet" or "shards"'
);

const BatchSize = v.optional(
	v.union(
		[v.literal('full'), v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))],
		'must be a whole number from 1 to 10000, or "full"'
	),
	32
);

const FedAvg = v.strictObject({
	kind: v.literal('fedavg'),
	clientFraction: num(0, 1, 0.5, true),
	localEpochs: int(1, 50, 1),
	batchSize: BatchSize,
	learningRate: num(0, 10, 0.1, true),
	/** Simulated seconds from a round's start after which updates are dropped; 0 = wait for all. */
	deadline: num(0, 1e7, 0),
	/** Select ⌈m·overSelection⌉ clients and keep the first m updates (Bonawitz et al. 2019). */
	overSelection: num(1, 4, 1),
	/** Local work in mini-batch steps (each one batch of B) instead of epochs; 0 = `localEpochs`. */
	localSteps: int(0, 100_000, 0),
	/** FedProx (Li et al. 2020): μ of the proximal term μ/2·‖w − w_global‖²; 0 = FedAvg. */
	proximalMu: num(0, 100, 0),
	/** FedProx's partial work: with a deadline, a straggler sends the steps it finished in time. */
	partialWork: v.optional(v.boolean('must be true or false'), false),
	/** SCAFFOLD (Karimireddy et al. 2020), option II control variates; messages carry twice the bytes. */
	scaffold: v.optional(v.boolean('must be true or false'), false),
	/** FedNova (Wang et al. 2020): normalise each update by its number of local steps. */
	fednova: v.optional(v.boolean('must be true or false'), false),
	/** IFCA (Ghosh et al. 2020): k global models, each client trains the one that fits it best; 1 = FedAvg. */
	clusters: int(1, 10, 1)
});

/** How much an update that is `staleness` versions behind counts (Xie, Koyejo, Gupta 2019). */
const Staleness = v.variant(
	'kind',
	[
		v.strictObject({ kind: v.literal('constant') }),
		v.strictObject({ kind: v.literal('polynomial'), a: num(0, 10, 0.5) }),
		v.strictObject({ kind: v.literal('hinge'), a: num(0, 100, 10), b: int(0, 10_000, 4) })
	],
	'kind must be "constant", "polynomial" or "hinge"'
);

/** Settings the asynchronous algorithms share. */
const asyncFields = {
	/** How many clients train at the same time. */
	concurrency: int(1, 500, 10),
	staleness: v.optional(Staleness, { kind: 'polynomial' }),
	/** Updates more than this many versions behind are dropped; 0 = no cut-off. */
	maxStaleness: int(0, 100_000, 0),
	localEpochs: int(1, 50, 1),
	/** Local work in mini-batch steps instead of epochs, as in FedAvg; 0 = `localEpochs`. */
	localSteps: int(0, 100_000, 0),
	batchSize: BatchSize,
	learningRate: num(0, 10, 0.1, true)
};

const FedAsync = v.strictObject({
	kind: v.literal('fedasync'),
	...asyncFields,
	/** α: the server mixes x ← (1 − α_t)·x + α_t·x_new with α_t = α·s(staleness). */
	alpha: num(0, 1, 0.6, true),
	/** ρ of the proximal term ρ/2·‖w − w_τ‖² in local training (FedAsync+); 0 = none. */
	proximalRho: num(0, 100, 0),
	/** Applied updates between two evaluations; one evaluation counts as a round. */
	evalEvery: int(1, 10_000, 10)
});

const FedBuff = v.strictObject({
	kind: v.literal('fedbuff'),
	...asyncFields,
	/** K: the server steps once it holds this many updates; one step counts as a round. */
	bufferSize: int(1, 500, 10),
	/** η_g, the server learning rate applied to the mean client delta. */
	serverLearningRate: num(0, 100, 1, true)
});

/** Settings split learning and SplitFed share (see src/lib/sim/split-layout.ts for the cut). */
const splitFields = {
	/** The layer boundary: the client holds layers [0, cutLayer), the server the rest (1..L−1). */
	cutLayer: int(1, 16, 2),
	/** vanilla: the labels go to the server with the smashed data; ushaped: the client keeps the loss. */
	labels: v.optional(
		v.picklist(['vanilla', 'ushaped'], 'must be "vanilla" or "ushaped"'),
		'vanilla'
	),
	/** U-shaped: how many of the last layers stay on the client. */
	topLayers: int(1, 8, 1),
	localEpochs: int(1, 50, 1),
	batchSize: BatchSize,
	learningRate: num(0, 10, 0.1, true),
	/** How many times faster than a client (`devices.computeSpeed`) the server computes. */
	serverSpeedup: num(0.01, 10_000, 10)
};

/** Split learning with clients taking turns (Gupta & Raskar 2018, arXiv:1810.06060). */
const Split = v.strictObject({
	kind: v.literal('split'),
	...splitFields,
	/** How the client weights reach the next client: through the server, or peer to peer. */
	handoff: v.optional(v.picklist(['server', 'peer'], 'must be "server" or "peer"'), 'server')
});

/** SplitFed (Thapa et al. 2022, arXiv:2004.12088): clients in parallel, heads averaged. */
const SplitFed = v.strictObject({
	kind: v.literal('splitfed'),
	...splitFields,
	/** v1: the server keeps a tail per client and averages them; v2: one tail, updated in turn. */
	version: v.optional(v.picklist(['v1', 'v2'], 'must be "v1" or "v2"'), 'v1'),
	clientFraction: num(0, 1, 1, true)
});

const Algorithm = v.variant(
	'kind',
	[
		// one kind a line: each chapter adds its own
		FedAvg,
		FedAsync,
		FedBuff,
		Split,
		SplitFed
	],
	'unknown algorithm kind'
);

/**
 * The simulated devices. Durations on the simulated clock come from these: local training takes
 * samples·epochs / computeSpeed seconds, a message takes latency + bytes / bandwidth.
 */
const Devices = v.strictObject({
	/** Training throughput of a client, in samples per simulated second. */
	computeSpeed: num(1, 1e6, 500),
	/** Server → client bandwidth, megabits per second. */
	downlinkMbps: num(0.01, 10_000, 20),
	/** Client → server bandwidth, megabits per second. */
	uplinkMbps: num(0.01, 10_000, 5),
	/** One-way latency of a message, milliseconds. */
	latencyMs: num(0, 10_000, 50),
	/** σ of the log-normal compute speed: client k gets computeSpeed·e^(σ·z_k); 0 = all equal. */
	computeSpread: num(0, 3, 0),
	/** Fraction of clients that are stragglers (exactly round(f·K) of them, drawn at random). */
	stragglerFraction: num(0, 1, 0),
	/** How many times slower a straggler computes. */
	stragglerSlowdown: num(1, 1000, 10),
	/** σ of the log-normal spread of each client's bandwidth and latency; 0 = equal links. */
	linkSpread: num(0, 3, 0),
	/** Mean time a client stays online (exponential), simulated seconds; 0 = always online. */
	meanOnlineSec: num(0, 1e7, 0),
	/** Mean time a client stays offline before it comes back (exponential), simulated seconds. */
	meanOfflineSec: num(0, 1e7, 60, true),
	/** Probability that a link drops a message. */
	messageLoss: num(0, 0.9, 0)
});

/** A whole number with no default: absent means "automatic" (the field's TSDoc says what that is). */
const intAuto = (min: number, max: number) =>
	v.optional(
		v.pipe(
			v.number('must be a number'),
			v.integer('must be a whole number'),
			v.minValue(min, `must be at least ${min}`),
			v.maxValue(max, `must be at most ${max}`)
		)
	);

/** The direction p of min-max / min-sum: the unit honest mean, its sign, or the per-coordinate std. */
const AttackDirection = v.optional(
	v.picklist(['unit', 'sign', 'std'], 'must be "unit", "sign" or "std"'),
	'std'
);

/**
 * What a Byzantine client sends instead of its honest update (the delta from the global model).
 * See src/lib/sim/attacks for the papers.
 */
const Attack = v.variant(
	'kind',
	[
		/** Sends −scale × its honest update. */
		v.strictObject({ kind: v.literal('signFlip'), scale: num(0, 100, 4) }),
		/** Sends pure noise N(0, sigma²) in every coordinate. */
		v.strictObject({ kind: v.literal('gaussian'), sigma: num(0, 100, 0.5) }),
		/** Sends factor × its honest update (boosting). */
		v.strictObject({ kind: v.literal('scaling'), factor: num(0, 1000, 10) }),
		/** Sends the same value in every coordinate (0: a free rider's zero update). */
		v.strictObject({ kind: v.literal('constant'), value: num(-1000, 1000, 0) }),
		/** A broken device: NaN, ±Infinity or 1e30 in every coordinate. */
		v.strictObject({
			kind: v.literal('faulty'),
			value: v.optional(
				v.picklist(['nan', 'infinity', 'huge'], 'must be "nan", "infinity" or "huge"'),
				'nan'
			)
		}),
		/** Data poisoning: trains honestly on labels y → (classes − 1 − y). */
		v.strictObject({ kind: v.literal('labelFlip') }),
		/** "A little is enough": mean − z·std of the honest updates; z "auto" is the paper's formula. */
		v.strictObject({
			kind: v.literal('alie'),
			z: v.optional(
				v.union(
					[v.literal('auto'), v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(10))],
					'must be "auto" or a number from 0 to 10'
				),
				'auto'
			)
		}),
		/** Inner-product manipulation: −epsilon × the mean of the honest updates. */
		v.strictObject({ kind: v.literal('ipm'), epsilon: num(0, 100, 0.5) }),
		/** Min-max: mean − γ·p, the largest γ whose farthest distance to an honest update stays in bounds. */
		v.strictObject({ kind: v.literal('minMax'), direction: AttackDirection }),
		/** Min-sum: as min-max, with the sum of squared distances. */
		v.strictObject({ kind: v.literal('minSum'), direction: AttackDirection }),
		/** Mimic: every attacker copies one honest client's update. */
		v.strictObject({ kind: v.literal('mimic') }),
		/** Backdoor: trains on a share of its digits stamped with a trigger and relabelled to target. */
		v.strictObject({
			kind: v.literal('backdoor'),
			target: int(0, 9, 0),
			poisonFraction: num(0, 1, 0.5, true),
			boost: num(1, 1000, 1)
		})
	],
	'kind must be "signFlip", "gaussian", "scaling", "constant", "faulty", "labelFlip", "alie", "ipm", "minMax", "minSum", "mimic" or "backdoor"'
);

/** The Byzantine clients: which fraction of the clients (chosen by the seed) and what they do. */
const Byzantine = v.strictObject({
	/** byzantineFraction: round(fraction × clients) clients are Byzantine. */
	fraction: num(0, 0.5, 0),
	attack: v.optional(Attack, { kind: 'signFlip' }),
	/** Emit the 2-D view of each round's updates even when nobody attacks. */
	project: v.optional(v.boolean('must be true or false'), false)
});

/** How the server combines the updates. See src/lib/sim/aggregate for the papers. */
const Aggregator = v.variant(
	'kind',
	[
		v.strictObject({ kind: v.literal('mean') }),
		v.strictObject({ kind: v.literal('median') }),
		/** β: the fraction trimmed at each end of every coordinate. */
		v.strictObject({ kind: v.literal('trimmedMean'), beta: num(0, 0.5, 0.2) }),
		/** f: the number of Byzantine updates Krum tolerates; absent: the scenario's per round. */
		v.strictObject({ kind: v.literal('krum'), f: intAuto(0, 250) }),
		/** select: how many best-scored updates are averaged; absent: n − f. */
		v.strictObject({
			kind: v.literal('multiKrum'),
			f: intAuto(0, 250),
			select: intAuto(1, 500)
		}),
		v.strictObject({ kind: v.literal('geometricMedian') }),
		/** groups: k random groups per round; inner: median of the group means. */
		v.strictObject({
			kind: v.literal('medianOfMeans'),
			groups: int(1, 500, 5),
			inner: v.optional(
				v.picklist(['geometric', 'coordinate'], 'must be "geometric" or "coordinate"'),
				'geometric'
			)
		}),
		/** Krum-select θ = n − 2f, then average the β = θ − 2f values closest to the median. */
		v.strictObject({ kind: v.literal('bulyan'), f: intAuto(0, 250) }),
		/** tau: clipping radius around the previous aggregate; iterations: L. */
		v.strictObject({
			kind: v.literal('centeredClipping'),
			tau: num(0, 1e6, 1, true),
			iterations: int(1, 100, 1)
		}),
		/** Mean of the n − f values closest to the median, per coordinate. */
		v.strictObject({ kind: v.literal('meamed'), f: intAuto(0, 250) }),
		/** The server trains on rootSize clean samples and trusts updates by ReLU(cosine). */
		v.strictObject({ kind: v.literal('fltrust'), rootSize: int(10, 5000, 100) }),
		/** SVD on `subsample` random coordinates, drop the fraction·f largest outlier scores. */
		v.strictObject({
			kind: v.literal('dnc'),
			f: intAuto(0, 250),
			subsample: int(1, 1_000_000, 10_000),
			iterations: int(1, 20, 1),
			filterFraction: num(0, 10, 1)
		}),
		/** Scale each update to norm ≤ threshold, then the n_k-weighted mean. */
		v.strictObject({ kind: v.literal('normClip'), threshold: num(0, 1e6, 1, true) })
	],
	'kind must be "mean", "median", "trimmedMean", "krum", "multiKrum", "geometricMedian", "medianOfMeans", "bulyan", "centeredClipping", "meamed", "fltrust", "dnc" or "normClip"'
);

/**
 * A step before the rule (composes with any rule): nearest-neighbour mixing, bucketing, or norm
 * clipping. See src/lib/sim/robust/pre-aggregate for the papers.
 */
const PreAggregate = v.variant(
	'kind',
	[
		v.strictObject({ kind: v.literal('none') }),
		/** Each update becomes the mean of its n − f nearest neighbours (itself included). */
		v.strictObject({ kind: v.literal('nnm'), f: intAuto(0, 250) }),
		/** Shuffle, average buckets of `size` updates. */
		v.strictObject({ kind: v.literal('bucketing'), size: int(1, 100, 2) }),
		/** Scale each update to norm ≤ threshold. */
		v.strictObject({ kind: v.literal('clip'), threshold: num(0, 1e6, 1, true) })
	],
	'kind must be "none", "nnm", "bucketing" or "clip"'
);

/**
 * The server optimizer (Reddi et al. 2021, arXiv:2003.00295): the aggregated update Δ is a
 * pseudo-gradient; sgd with learningRate 1 is plain FedAvg. See src/lib/sim/optimize.
 */
const adaptiveFields = {
	learningRate: num(0, 100, 0.03, true),
	beta1: num(0, 0.999, 0.9),
	beta2: num(0, 0.9999, 0.99),
	/** τ, the degree of adaptivity: x ← x + η·m/(√v + τ); v starts at τ². */
	tau: num(1e-9, 10, 1e-3, true)
};

const ServerOptimizer = v.variant(
	'kind',
	[
		v.strictObject({ kind: v.literal('sgd'), learningRate: num(0, 100, 1, true) }),
		/** FedAvgM (Hsu, Qi, Brown 2019): v ← β·v + Δ, x ← x + η·v. */
		v.strictObject({
			kind: v.literal('momentum'),
			learningRate: num(0, 100, 1, true),
			beta: num(0, 0.999, 0.9)
		}),
		v.strictObject({ kind: v.literal('adam'), ...adaptiveFields }),
		v.strictObject({ kind: v.literal('yogi'), ...adaptiveFields }),
		v.strictObject({ kind: v.literal('adagrad'), ...adaptiveFields })
	],
	'kind must be "sgd", "momentum", "adam", "yogi" or "adagrad"'
);

/**
 * DP-FedAvg (McMahan et al. 2018, arXiv:1710.06963): clip each client's delta to L2 norm `clip`
 * (S) and add Gaussian noise of std `noiseMultiplier`·S — to the sum at the server (central) or to
 * each update on the device (local). See src/lib/sim/privacy/dp for the accountant.
 */
const Dp = v.strictObject({
	mode: v.optional(v.picklist(['central', 'local'], 'must be "central" or "local"'), 'central'),
	/** S, the clipping norm of a client's delta (a very large S: no clipping). */
	clip: num(0, 1e9, 1, true),
	/** σ, the noise multiplier; 0 = clipping only (no privacy: ε is infinite). */
	noiseMultiplier: num(0, 100, 1),
	/** δ of the (ε, δ) guarantee the accountant reports. */
	delta: v.optional(
		v.pipe(
			v.number('must be a number'),
			v.gtValue(0, 'must be greater than 0'),
			v.maxValue(0.1, 'must be at most 0.1')
		),
		1e-5
	)
});

/** Privacy defences (see src/lib/sim/privacy for the papers); all off by default. */
const Privacy = v.strictObject({
	/** Bonawitz et al. 2017: the server learns only the sum of the round's updates. */
	secureAggregation: v.optional(v.boolean('must be true or false'), false),
	/** t = ⌈threshold·n⌉ of the n clients that shared keys must survive for the server to unmask. */
	threshold: num(0.5, 1, 0.67),
	/** Differential privacy; absent = off. */
	dp: v.optional(Dp)
});

export const ScenarioSchema = v.strictObject({
	seed: int(0, 2 ** 31 - 1, 42),
	dataset: v.optional(v.picklist(DATASETS, 'must be "mnist" or "blobs"'), 'mnist'),
	rounds: int(1, 1000, 20),
	clients: int(1, 1000, 20),
	model: v.optional(Model, { kind: 'mlp' }),
	partition: v.optional(Partition, { kind: 'iid' }),
	algorithm: v.optional(Algorithm, { kind: 'fedavg' }),
	devices: v.optional(Devices, {}),
	byzantine: v.optional(Byzantine, {}),
	aggregator: v.optional(Aggregator, { kind: 'mean' }),
	preAggregate: v.optional(PreAggregate, { kind: 'none' }),
	serverOptimizer: v.optional(ServerOptimizer, { kind: 'sgd' }),
	/**
	 * Concept shift for clustered FL: client k is in group k mod labelGroups, and group g sees every
	 * label y as (y + g·⌊C/labelGroups⌋) mod C (a permutation per group); 1 = everyone the same.
	 */
	labelGroups: int(1, 8, 1),
	/**
	 * Centralized training (one client, FedAvg): the raw training data is uploaded to the server
	 * once, before training, and the model never travels, so the Bytes axis shows what centralized
	 * training really moves. false = the usual federated accounting.
	 */
	centralized: v.optional(v.boolean('must be true or false'), false),
	/** Per-client evaluation on each client's own test split (see src/lib/sim/personal). */
	personalization: v.optional(
		v.strictObject({
			/** Test samples per client, drawn with its label mix from the held-out set; 0 = off. */
			testSamples: int(0, 2000, 0),
			/** FedAvg + fine-tune: each client trains the global model this many epochs on its own data. */
			fineTuneEpochs: int(0, 20, 0)
		}),
		{}
	),
	privacy: v.optional(Privacy, {})
});

export type Scenario = v.InferOutput<typeof ScenarioSchema>;
export type ScenarioInput = v.InferInput<typeof ScenarioSchema>;
export type ModelSpec = Scenario['model'];
export type PartitionSpec = Scenario['partition'];
export type AlgorithmSpec = Scenario['algorithm'];
export type DevicesSpec = Scenario['devices'];
export type ByzantineSpec = Scenario['byzantine'];
export type AttackSpec = Scenario['byzantine']['attack'];
export type AggregatorSpec = Scenario['aggregator'];
export type PreAggregateSpec = Scenario['preAggregate'];
export type ServerOptimizerSpec = Scenario['serverOptimizer'];
export type PrivacySpec = Scenario['privacy'];
export type DpSpec = NonNullable<Scenario['privacy']['dp']>;
