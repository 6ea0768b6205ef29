/**
 * The one description of a run. The UI edits it, the URL and JSON export serialise it, the CLI
 * reads it. Every field has a default and a range (`core/schema.ts`); `parseScenario` turns any
 * input into either a valid `Scenario` or readable messages that name the offending fields, and
 * adds the constraints between fields that a per-field schema cannot state.
 */
import * as v from 'valibot';
import { layersOf } from './core/model-spec';
import { ScenarioSchema, type Scenario } from './core/schema';
import { checkByzantine } from './robust/checks';
import { cutProblem } from './split/layout';

export * from './core/schema';

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
	const a = s.algorithm;
	if (a.kind === 'split' || a.kind === 'splitfed') {
		const layers = layersOf(s.model, s.dataset === 'mnist' ? [28, 28, 1] : [2], 10).length;
		const cut = cutProblem(layers, a.cutLayer, a.labels, a.topLayers);
		if (cut) errors.push(`algorithm.cutLayer: ${cut}`);
		if (s.devices.messageLoss > 0 || s.devices.meanOnlineSec > 0)
			errors.push(
				`algorithm.kind: "${a.kind}" assumes reliable, always-online clients (set devices.messageLoss and devices.meanOnlineSec to 0)`
			);
		if (s.byzantine.fraction > 0 || s.aggregator.kind !== 'mean')
			errors.push(
				`algorithm.kind: "${a.kind}" has no Byzantine clients or robust aggregators (byzantine.fraction 0, aggregator "mean")`
			);
	} else errors.push(...checkByzantine(s).errors);
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
