/**
 * The value model: a flat record of field values (`Values`) ⇄ a validated `Scenario`. Defaults come
 * from the schema (`parseScenario` of each row's context), never from the rows.
 */
import { parseScenario, type ParseResult, type Scenario } from '../../sim/scenario';
import { FIELDS, applies, isFieldKey, type Field, type FieldKey, type Values } from './table';
import type { FieldValue } from './types';

/** An immutable set of field keys (hide flags). */
export function keySet(keys: Iterable<FieldKey> = []): ReadonlySet<FieldKey> {
	return new Set(keys);
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

export function copyValue(v: FieldValue): FieldValue {
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
		const out: { [K in FieldKey]?: FieldValue } = {};
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

const contexts = new Map<FieldKey, Values>();

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
export function absentValue(f: Field): FieldValue | undefined {
	return f.kind === 'number' && f.special?.absent ? f.special.value : undefined;
}

/**
 * `base` with `changes` applied. A key that names no field throws: the type already forbids it, so
 * one arriving here came through a cast or from outside and would otherwise vanish unnoticed.
 */
export function withValues(base: Values, changes: Values): Values {
	const out: { [K in FieldKey]?: FieldValue } = { ...base };
	for (const [k, v] of Object.entries(changes)) {
		if (!isFieldKey(k)) throw new Error(`withValues: “${k}” is not a field key`);
		if (v !== undefined) out[k] = copyValue(v);
	}
	return out;
}

/** The nested scenario input of the applicable fields. */
export function scenarioInput(values: Values): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const f of FIELDS) {
		const v = values[f.key];
		if (v !== undefined && v !== absentValue(f) && applies(f, values))
			setPath(input, f.path, copyValue(v));
	}
	return input;
}

/** Validates the applicable fields into a `Scenario`. */
export function toScenario(values: Values): ParseResult {
	return parseScenario(scenarioInput(values));
}

/** Field values of a scenario; fields it does not have keep their value in `base`. */
export function valuesFromScenario(s: Scenario, base: Values = defaultValues()): Values {
	const out: { [K in FieldKey]?: FieldValue } = { ...base };
	for (const f of FIELDS) {
		const v = asFieldValue(getPath(s, f.path));
		// applicable only: two fields may share a path (the polynomial and the hinge `a`)
		if (v !== undefined && applies(f, out)) out[f.key] = v;
		else if (absentValue(f) !== undefined && applies(f, out)) out[f.key] = absentValue(f) ?? '';
	}
	return out;
}

export type FieldParse = { ok: true; value: FieldValue } | { ok: false; error: string };

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
