/**
 * The scenario as Flower's run config: every field flattened to a dotted key
 * (`algorithm.learningRate`), TOML scalars only, so `flwr run --run-config 'k=v'` can override
 * any of them. Lists become comma-separated strings (`model.hidden = "200,200"`), and an absent
 * "automatic" value (Krum's `f`) becomes `"auto"`; the app's task.py reverses both.
 */
import type { Scenario } from '../../sim/scenario';

export type FlatValue = string | number | boolean;

/** Optional fields without a default that the app must still list (absent = "auto"). */
const AUTO_FIELDS: Record<string, readonly string[]> = {
	krum: ['f'],
	multiKrum: ['f', 'select'],
	bulyan: ['f'],
	meamed: ['f']
};

function walk(value: unknown, prefix: string, out: Record<string, FlatValue>): void {
	if (Array.isArray(value)) out[prefix] = value.join(',');
	else if (value !== null && typeof value === 'object')
		for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k, out);
	else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		out[prefix] = value;
}

/** Every field of `scenario` as `dotted.key → scalar`, in the schema's order. */
export function flattenScenario(scenario: Scenario): Record<string, FlatValue> {
	const out: Record<string, FlatValue> = {};
	walk(scenario, '', out);
	for (const f of AUTO_FIELDS[scenario.aggregator.kind] ?? [])
		if (!(`aggregator.${f}` in out)) out[`aggregator.${f}`] = 'auto';
	return out;
}

/** A TOML value: numbers keep a decimal point when they are not whole, strings are quoted. */
export function tomlValue(v: FlatValue): string {
	if (typeof v === 'string') return JSON.stringify(v);
	if (typeof v === 'boolean') return String(v);
	if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to TOML`);
	return String(v);
}

/** `key = value` lines; keys are dotted TOML keys (each part a bare key). */
export function tomlLines(flat: Record<string, FlatValue>): string[] {
	return Object.entries(flat).map(([k, v]) => `${k} = ${tomlValue(v)}`);
}
