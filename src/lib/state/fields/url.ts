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
	/**
	 * The chapter's settings: when given, only the fields that apply and differ from them are
	 * written (plus the seed), so that links stay short; a reader decodes over the same settings.
	 */
	readonly base?: Values;
}

const same = (a: FieldValue | undefined, b: FieldValue | undefined) =>
	JSON.stringify(a) === JSON.stringify(b);

/** One encode loop: the applicable fields (those that differ from `base`), always the seed, then the hide flags. */
export function encodeUrl(values: Values, opts: UrlOptions = {}): URLSearchParams {
	const params = new URLSearchParams();
	for (const f of FIELDS) {
		const v = values[f.key];
		if (v === undefined) continue;
		if (f.key !== 'seed' && (!applies(f, values) || (opts.base && same(v, opts.base[f.key]))))
			continue;
		params.set(f.key, formatField(f, v));
	}
	const hidden = [...(opts.hidden ?? [])];
	if (hidden.length) params.set('hide', hidden.join(','));
	return params;
}

export interface Decoded {
	readonly values: Values;
	readonly hidden: ReadonlySet<FieldKey>;
	/** One readable line per rejected URL parameter, each once and at most `NOTICE_MAX` long. */
	readonly notices: readonly string[];
	/** Whether the URL held any scenario field at all. */
	readonly touched: boolean;
}

/** The longest notice line: a link can hold a 100 kB key or value. */
export const NOTICE_MAX = 300;

/** Shortens `text` to `max` characters with an ellipsis. */
function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * One decode loop: each field present in the URL is parsed and checked on its own; a bad value is
 * reported and that field keeps its value in `base`. Constraints between fields (a CNN needs
 * images) are checked last, one field at a time: each pass resets fields the link changed and the
 * schema's errors name (a field's own path first; for an error about a whole object, such as
 * `aggregator: Krum needs …`, the last such field under it), never the same field twice, so the
 * loop ends within one pass per field; if no such field is left, the chapter's settings are used.
 */
export function decodeUrl(params: URLSearchParams, base: Values = defaultValues()): Decoded {
	const values: { [K in FieldKey]?: FieldValue } = { ...base };
	const notices = new Set<string>();
	const note = (line: string) => notices.add(clip(line, NOTICE_MAX));
	let touched = false;
	for (const f of FIELDS) {
		const raw = params.get(f.key);
		if (raw === null) continue;
		touched = true;
		const r = parseField(f, raw);
		if (r.ok) values[f.key] = r.value;
		else note(rejected(f, raw, r.error, base[f.key]));
	}
	const reset = new Set<FieldKey>();
	for (let pass = 0; pass <= FIELDS.length; pass++) {
		const r = toScenario(values);
		if (r.ok) break;
		// fields the link changed that still apply and have not been reset yet
		const open = FIELDS.filter(
			(f) => applies(f, values) && !reset.has(f.key) && !same(values[f.key], base[f.key])
		);
		const errorOf = (f: Field, by: (e: string, f: Field) => boolean) =>
			r.errors.find((e) => by(e, f));
		let bad = open.filter((f) => errorOf(f, namesField));
		if (!bad.length) bad = open.filter((f) => errorOf(f, names)).slice(-1);
		if (!bad.length) bad = open.filter((f) => errorOf(f, sameObject)).slice(-1);
		if (!bad.length) {
			note(
				`The link’s settings do not fit together (${r.errors.join('; ')}); using the page’s settings.`
			);
			Object.assign(values, base);
			break;
		}
		for (const f of bad) {
			const err = errorOf(f, namesField) ?? errorOf(f, names) ?? errorOf(f, sameObject) ?? '';
			note(
				rejected(
					f,
					formatField(f, values[f.key] ?? ''),
					err.replace(/^[\w.]+:\s*/, ''),
					base[f.key]
				)
			);
			values[f.key] = copyValue(base[f.key] ?? defaultValues()[f.key] ?? 0);
			reset.add(f.key);
		}
	}
	if (!toScenario(values).ok) Object.assign(values, base);
	const hidden = new Set<FieldKey>();
	for (const k of (params.get('hide') ?? '').split(',').filter(Boolean)) {
		if (isFieldKey(k)) hidden.add(k);
		else note(`The link hides “${clip(k, 40)}”, which is not a setting; ignored.`);
	}
	const reserved: readonly string[] = RESERVED_KEYS;
	for (const k of new Set(params.keys()))
		if (!isFieldKey(k) && !reserved.includes(k))
			note(`The link has an unknown setting “${clip(k, 40)}”; ignored.`);
	return { values, hidden, notices: [...notices], touched };
}

/** Whether a scenario error ("path: message") names field `f`'s own path or a path inside it. */
function namesField(error: string, f: Field): boolean {
	const path = f.path.join('.');
	return error.startsWith(`${path}:`) || error.startsWith(`${path}.`);
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

/** Whether the error and field `f` are under the same top-level object (`algorithm`, `devices`). */
function sameObject(error: string, f: Field): boolean {
	const top = error.slice(0, Math.max(0, error.indexOf(':'))).split('.')[0];
	return top !== '' && top === f.path[0];
}

function rejected(f: Field, raw: string, why: string, fallback: FieldValue | undefined): string {
	const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
	return `${f.label} (${f.key}=${shown}) ${why}; using ${displayValue(f, fallback)} instead.`;
}
