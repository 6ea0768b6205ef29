/**
 * A side-by-side comparison as a link (`/compare?cell=fedavg&seed=42&E=1&vary=E&b=5`): the left
 * cell's settings written as any cell's link over its chapter's settings (the seed always), `cell`
 * the chapter cell they come from, `vary` the one knob that differs and `b` its value on the right.
 * Both sides share the seed and every other setting. A bad part is reported in words and falls
 * back on its own: an unknown knob to the first one the cell offers, a bad or equal value to
 * another valid one.
 */
import {
	FIELDS,
	applies,
	decodeUrl,
	encodeUrl,
	fieldOf,
	formatField,
	parseField,
	searchParams,
	toScenario,
	withValues,
	type Field,
	type FieldKey,
	type FieldValue,
	type Values
} from './fields';

/** The link's own keys, besides the fields. */
export const COMPARE_KEYS = ['cell', 'vary', 'b'] as const;

/** The knobs a comparison can vary: the cell's controls that apply, the seed excepted. */
export function choosableKnobs(controls: readonly FieldKey[] | 'all', values: Values): Field[] {
	const fields = controls === 'all' ? FIELDS : controls.map((k) => fieldOf(k));
	return fields.filter((f) => f.key !== 'seed' && applies(f, values));
}

const same = (a: FieldValue | undefined, b: FieldValue | undefined) =>
	JSON.stringify(a) === JSON.stringify(b);

/** Values for `field` to try on the right, in order of preference, given the left's `v`. */
function candidates(field: Field, v: FieldValue | undefined): FieldValue[] {
	switch (field.kind) {
		case 'number': {
			const x = typeof v === 'number' ? v : field.min;
			const fit = (y: number) => {
				const c = Math.min(field.max, Math.max(field.min, y));
				return field.integer ? Math.round(c) : Number(c.toPrecision(6));
			};
			const list = [fit(x * 2), fit(x / 2), fit(x + field.step), fit(x - field.step)];
			return [...list, field.max, field.min, ...(field.special ? [field.special.value] : [])];
		}
		case 'choice':
			return field.options.map((o) => o.value);
		case 'toggle':
			return [v !== true, v === true];
		case 'list': {
			const xs = Array.isArray(v) ? v : [];
			return [
				xs.length > 1 ? xs.slice(0, -1) : [...xs, ...xs],
				xs.map((n) => Math.max(field.min, Math.round(n / 2))),
				[]
			];
		}
	}
}

/** A value of `field` other than the one in `values` that still gives a valid scenario, or null. */
export function alternativeValue(field: Field, values: Values): FieldValue | null {
	const v = values[field.key];
	for (const c of candidates(field, v))
		if (!same(c, v) && toScenario(withValues(values, { [field.key]: c })).ok) return c;
	return null;
}

export interface CompareLink {
	/** The left side's settings. */
	readonly left: Values;
	/** The knob that differs, and the right side's settings (the left's with that knob changed). */
	readonly vary: FieldKey;
	readonly right: Values;
	/** One line per part of the link that was not used. */
	readonly notices: readonly string[];
}

/**
 * Reads a comparison link over the cell's settings `base`; null when the cell offers no knob with
 * another valid value (nothing to compare).
 */
export function decodeCompare(
	search: string,
	base: Values,
	controls: readonly FieldKey[] | 'all'
): CompareLink | null {
	const params = searchParams(search);
	const own = new URLSearchParams(params);
	for (const k of COMPARE_KEYS) own.delete(k);
	const decoded = decodeUrl(own, base);
	const left = decoded.values;
	const notices = [...decoded.notices];
	const knobs = choosableKnobs(controls, left).filter((f) => alternativeValue(f, left) !== null);
	const first = knobs[0];
	if (!first) return null;
	const varyRaw = params.get('vary');
	let field = knobs.find((f) => f.key === varyRaw);
	if (varyRaw !== null && !field)
		notices.push(
			`The knob to compare (vary=${varyRaw.slice(0, 40)}) is not one this cell can vary; comparing ${first.label}.`
		);
	field ??= first;
	const bRaw = params.get('b');
	let right: Values | null = null;
	if (bRaw !== null && varyRaw === field.key) {
		const r = parseField(field, bRaw);
		const candidate = r.ok ? withValues(left, { [field.key]: r.value }) : null;
		if (!r.ok) notices.push(`${field.label} on the right (b=${bRaw.slice(0, 40)}) ${r.error}.`);
		else if (same(r.value, left[field.key]))
			notices.push(`${field.label} on the right (b=${bRaw.slice(0, 40)}) equals the left's.`);
		else if (!candidate || !toScenario(candidate).ok)
			notices.push(
				`${field.label} on the right (b=${bRaw.slice(0, 40)}) does not fit the other settings.`
			);
		else right = candidate;
	}
	right ??= withValues(left, { [field.key]: alternativeValue(field, left) as FieldValue });
	return { left, vary: field.key, right, notices };
}

/** The link of a comparison (`?seed=…&vary=E&b=5&cell=fedavg`). */
export function encodeCompare(
	cell: string,
	left: Values,
	vary: FieldKey,
	right: Values,
	base: Values
): string {
	const params = encodeUrl(left, { base });
	const v = right[vary];
	params.set('vary', vary);
	if (v !== undefined) params.set('b', formatField(fieldOf(vary), v));
	params.set('cell', cell);
	return `?${params.toString()}`;
}

/** The query that opens a comparison of a cell's current settings (`?seed=…&cell=fedavg`). */
export function compareEntry(cell: string, values: Values, base: Values): string {
	const params = encodeUrl(values, { base });
	params.set('cell', cell);
	return `?${params.toString()}`;
}

/** The link's animation speed and backend alone (`?speed=2&backend=wasm`), for both sides. */
export function transportQuery(search: string): string {
	const params = searchParams(search);
	const keep = new URLSearchParams();
	for (const k of ['speed', 'backend']) {
		const v = params.get(k);
		if (v !== null) keep.set(k, v);
	}
	return `?${keep.toString()}`;
}
