/**
 * The one description of a run. The UI edits it, the URL and JSON export serialise it, the CLI
 * reads it. Every field has a default and a range (`core/schema.ts`); `parseScenario` turns any
 * input into either a valid `Scenario` or readable messages that name the offending fields, and
 * adds the constraints between fields that a per-field schema cannot state.
 */
import * as v from 'valibot';
import { layersOf } from './core/model-spec';
import { ScenarioSchema, type Scenario } from './core/schema';
import { checkDrift } from './optimize/checks';
import { checkPrivacy } from './privacy/checks';
import { checkByzantine } from './robust/checks';
import { inputProblems, capIssues, clip } from './input-check';
import { SHARD_MIN_CLASS } from './partition/shards';
import { cutField, cutProblem } from './split/layout';

export * from './core/schema';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Turns a valibot issue into "field.path: message", the value shown cut to 200 characters. */
function describe(issue: v.BaseIssue<unknown>): string {
	const path = clip(v.getDotPath(issue) ?? '(scenario)', 120);
	if (issue.kind === 'schema' && issue.expected === 'never')
		return `${path}: unknown field "${clip(String(issue.path?.at(-1)?.key), 60)}"`;
	return `${path}: ${issue.message} (got ${clip(issue.received)})`;
}

/**
 * Validates any input (an object, or JSON text, with or without a UTF-8 byte-order mark) into a
 * `Scenario` with defaults filled in. Structural problems (unknown keys, lists where objects
 * belong, over-long lists, tuples of the wrong length) are all named first; every message is
 * bounded in length, and at most 50 are returned.
 */
export function parseScenario(input: unknown): ParseResult {
	let value = input;
	if (typeof input === 'string') {
		try {
			value = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
		} catch (e) {
			return { ok: false, errors: [`not valid JSON: ${clip((e as Error).message)}`] };
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		return { ok: false, errors: ['a scenario must be a JSON object'] };
	const structure = inputProblems(ScenarioSchema, value);
	if (structure.oversized) return { ok: false, errors: capIssues(structure.errors) };
	const r = v.safeParse(ScenarioSchema, value);
	if (r.success && !structure.errors.length) {
		const problems = crossCheck(r.output);
		return problems.length
			? { ok: false, errors: capIssues(problems) }
			: { ok: true, scenario: r.output };
	}
	const flagged = structure.errors.map((e) => e.slice(0, e.indexOf(': ')));
	const covered = (path: string) =>
		flagged.some((f) => path === f || path.startsWith(`${f}.`) || f === '(scenario)');
	const issues = r.success
		? []
		: r.issues
				.filter((i) => !(i.kind === 'schema' && i.expected === 'never'))
				.filter((i) => !covered(v.getDotPath(i) ?? '(scenario)'))
				.map(describe);
	const errors = [...structure.errors, ...issues];
	return { ok: false, errors: capIssues(errors.length ? errors : (r.issues ?? []).map(describe)) };
}

/** Constraints between fields that a per-field schema cannot state. */
function crossCheck(s: Scenario): string[] {
	const errors: string[] = [];
	if (s.model.kind === 'cnn' && s.dataset !== 'mnist')
		errors.push('model.kind: "cnn" needs image data (dataset "mnist")');
	if (s.partition.kind === 'shards') {
		const shards = s.clients * s.partition.shardsPerClient;
		const classes = SHARD_MIN_CLASS[s.dataset].classes;
		const perClass = Math.ceil(shards / classes);
		if (perClass > SHARD_MIN_CLASS[s.dataset].minCount)
			errors.push(
				`partition.shardsPerClient: ${s.clients} clients × ${s.partition.shardsPerClient} ` +
					`shards cut each class into ${perClass} shards, but the smallest class of ` +
					`"${s.dataset}" has ${SHARD_MIN_CLASS[s.dataset].minCount} training examples: ` +
					`some clients would get no data (lower shardsPerClient or clients)`
			);
	}
	if (s.centralized && (s.clients !== 1 || s.algorithm.kind !== 'fedavg'))
		errors.push(
			'centralized: true means one place holding all the data (clients 1, algorithm.kind "fedavg")'
		);
	const a = s.algorithm;
	if (a.kind === 'split' || a.kind === 'splitfed') {
		const layers = layersOf(s.model, s.dataset === 'mnist' ? [28, 28, 1] : [2], 10).length;
		const cut = cutProblem(layers, a.cutLayer, a.labels, a.topLayers);
		if (cut) errors.push(`${cutField(layers, a.cutLayer, a.labels, a.topLayers)}: ${cut}`);
		if (s.devices.messageLoss > 0 || s.devices.meanOnlineSec > 0)
			errors.push(
				`algorithm.kind: "${a.kind}" assumes reliable, always-online clients (set devices.messageLoss and devices.meanOnlineSec to 0)`
			);
		if (s.byzantine.fraction > 0 || s.aggregator.kind !== 'mean')
			errors.push(
				`algorithm.kind: "${a.kind}" has no Byzantine clients or robust aggregators (byzantine.fraction 0, aggregator "mean")`
			);
	} else errors.push(...checkByzantine(s).errors);
	errors.push(...checkDrift(s));
	errors.push(...checkPrivacy(s).errors);
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
