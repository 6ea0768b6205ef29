/**
 * The one description of a run. The UI edits it, the URL and JSON export serialise it, the CLI
 * reads it. Every field has a default and a range; `parseScenario` turns any input into either a
 * valid `Scenario` or readable messages that name the offending fields.
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
			v.tuple([
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
	learningRate: num(0, 10, 0.1, true)
});

const Algorithm = v.variant('kind', [FedAvg], 'unknown algorithm kind');

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
	latencyMs: num(0, 10_000, 50)
});

export const ScenarioSchema = v.strictObject({
	seed: int(0, 2 ** 31 - 1, 42),
	dataset: v.optional(v.picklist(DATASETS, 'must be "mnist" or "blobs"'), 'mnist'),
	rounds: int(1, 1000, 20),
	clients: int(1, 500, 20),
	model: v.optional(Model, { kind: 'mlp' }),
	partition: v.optional(Partition, { kind: 'iid' }),
	algorithm: v.optional(Algorithm, { kind: 'fedavg' }),
	devices: v.optional(Devices, {})
});

export type Scenario = v.InferOutput<typeof ScenarioSchema>;
export type ScenarioInput = v.InferInput<typeof ScenarioSchema>;
export type ModelSpec = Scenario['model'];
export type PartitionSpec = Scenario['partition'];
export type AlgorithmSpec = Scenario['algorithm'];
export type DevicesSpec = Scenario['devices'];

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Turns a valibot issue into "field.path: message". */
function describe(issue: v.BaseIssue<unknown>): string {
	const path = v.getDotPath(issue) ?? '(scenario)';
	if (issue.kind === 'schema' && issue.expected === 'never')
		return `${path}: unknown field "${String(issue.path?.at(-1)?.key)}"`;
	const msg = issue.message.startsWith('Invalid')
		? `${issue.message} (got ${issue.received})`
		: `${issue.message} (got ${issue.received})`;
	return `${path}: ${msg}`;
}

/** Validates any input (an object, or JSON text) into a `Scenario` with defaults filled in. */
export function parseScenario(input: unknown): ParseResult {
	let value = input;
	if (typeof input === 'string') {
		try {
			value = JSON.parse(input);
		} catch (e) {
			return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		return { ok: false, errors: ['a scenario must be a JSON object'] };
	const r = v.safeParse(ScenarioSchema, value);
	if (r.success) {
		const problems = crossCheck(r.output);
		return problems.length ? { ok: false, errors: problems } : { ok: true, scenario: r.output };
	}
	return { ok: false, errors: r.issues.map(describe) };
}

/** Constraints between fields that a per-field schema cannot state. */
function crossCheck(s: Scenario): string[] {
	const errors: string[] = [];
	if (s.model.kind === 'cnn' && s.dataset !== 'mnist')
		errors.push('model.kind: "cnn" needs image data (dataset "mnist")');
	return errors;
}

/** Like `parseScenario` but throws one Error listing every problem. */
export function scenarioOrThrow(input: unknown): Scenario {
	const r = parseScenario(input);
	if (!r.ok) throw new Error(`Invalid scenario:\n  ${r.errors.join('\n  ')}`);
	return r.scenario;
}

/** The default scenario. */
export function defaultScenario(): Scenario {
	return scenarioOrThrow({});
}

/** Stable, pretty JSON of a scenario (all defaults written out). */
export function serializeScenario(s: Scenario): string {
	return JSON.stringify(s, null, '\t');
}
