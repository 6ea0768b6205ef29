/**
 * The URL codec: one encode loop and one decode loop over the table (TensorFlow Playground style).
 * The seed is always written; a bad parameter is reported and falls back on its own.
 */
import {
	FIELDS,
	RESERVED_KEYS,
	applies,
	isFieldKey,
	type Field,
	type FieldKey,
	type Values
} from './table';
import { displayValue, formatField, parseField } from './text';
import type { FieldValue } from './types';
import { copyValue, defaultValues, toScenario } from './values';

/** The parameters of a `?query` string. */
export function searchParams(search: string): URLSearchParams {
	return new URLSearchParams(search);
}

export interface UrlOptions {
	/** Keys of the controls to hide (the lecturer's prepared link). */
	readonly hidden?: ReadonlySet<FieldKey>;
}

/** One encode loop: every applicable field, always the seed, then the hide flags. */
export function encodeUrl(values: Values, opts: UrlOptions = {}): URLSearchParams {
	const params = new URLSearchParams();
	for (const f of FIELDS) {
		const v = values[f.key];
		if (v !== undefined && (f.key === 'seed' || applies(f, values)))
			params.set(f.key, formatField(f, v));
	}
	const hidden = [...(opts.hidden ?? [])];
	if (hidden.length) params.set('hide', hidden.join(','));
	return params;
}

export interface Decoded {
	readonly values: Values;
	readonly hidden: ReadonlySet<FieldKey>;
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
	const values: { [K in FieldKey]?: FieldValue } = { ...base };
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
			values[f.key] = copyValue(base[f.key] ?? defaultValues()[f.key] ?? 0);
		}
	}
	const hidden = new Set<FieldKey>();
	for (const k of (params.get('hide') ?? '').split(',').filter(Boolean)) {
		if (isFieldKey(k)) hidden.add(k);
		else notices.push(`The link hides “${k}”, which is not a setting; ignored.`);
	}
	const reserved: readonly string[] = RESERVED_KEYS;
	for (const k of new Set(params.keys()))
		if (!isFieldKey(k) && !reserved.includes(k))
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
