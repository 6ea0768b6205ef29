/**
 * Field values as text: the URL and text-box form (`formatField`, `parseField`) and the readable
 * form with units for captions and legends (`displayValue`, `shortLabel`).
 */
import { formatNumber } from '../../viz/format';
import type { Field } from './table';
import type { FieldValue } from './types';
import { checkField, type FieldParse } from './values';

/** The value as URL text (`0.5`, `full`, `200,200`). */
export function formatField(field: Field, v: FieldValue): string {
	if (Array.isArray(v)) return v.join(',');
	if (typeof v === 'boolean') return v ? '1' : '0';
	return String(v);
}

/** Plain decimal notation, as `formatField` writes it: `12`, `-0.5`, `.25`, `1e-7`. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The number a text spells in decimal notation, or NaN: `Number` alone would also take `0x10`,
 * `0b11`, `Infinity`, and would turn `1e-400` into 0.
 */
export function decimal(text: string): number {
	const m = DECIMAL.exec(text);
	if (!m) return NaN;
	const n = Number(text);
	// an exponent that underflows to 0 while the digits are not all zero
	return n === 0 && /[1-9]/.test(m[1] ?? '') ? NaN : n;
}

/** Reads URL or text-box text into a field value and checks it against the schema. */
export function parseField(field: Field, text: string): FieldParse {
	const raw = text.trim();
	let value: FieldValue;
	if (field.kind === 'choice') {
		if (!field.options.some((o) => o.value === raw))
			return {
				ok: false,
				error: `must be one of ${field.options.map((o) => `“${o.value}”`).join(', ')}`
			};
		value = raw;
	} else if (field.kind === 'list') {
		const parts = raw === '' ? [] : raw.split(/[\s,]+/).filter((p) => p !== '');
		if (!parts.every((p) => /^\d+$/.test(p)))
			return { ok: false, error: 'must be whole numbers separated by commas' };
		const nums = parts.map(Number);
		if (nums.length < field.minLength || nums.length > field.maxLength)
			return {
				ok: false,
				error:
					field.minLength === field.maxLength
						? `must be ${field.minLength} numbers`
						: `must be ${field.minLength} to ${field.maxLength} numbers`
			};
		value = nums;
	} else if (field.kind === 'toggle') {
		if (!['1', '0', 'true', 'false'].includes(raw)) return { ok: false, error: 'must be 1 or 0' };
		value = raw === '1' || raw === 'true';
	} else if (field.special && raw === field.special.value) {
		value = raw;
	} else {
		const n = decimal(raw);
		if (!Number.isFinite(n))
			return {
				ok: false,
				error: field.special ? `must be a number or “${field.special.value}”` : 'must be a number'
			};
		value = n;
	}
	return checkField(field, value);
}

/** Human-readable value with its unit, e.g. `0.5`, `32 samples`, `all`, `200, 200 units`. */
export function displayValue(field: Field, v: FieldValue | undefined): string {
	if (v === undefined) return '';
	if (field.kind === 'choice') return field.options.find((o) => o.value === v)?.label ?? String(v);
	if (typeof v === 'boolean') return v ? 'on' : 'off';
	if (field.kind === 'list') {
		const list = v as readonly number[];
		return list.length ? list.join(', ') : 'none';
	}
	if (typeof v === 'string')
		return field.kind === 'number' && field.special ? field.special.label : v;
	return Array.isArray(v) ? v.join(', ') : formatNumber(v as number);
}

/** `α=0.1`, `K=10`: a field and value for legends. */
export function shortLabel(field: Field, v: FieldValue | undefined): string {
	const name = field.short ?? field.label;
	if (field.kind === 'choice') return displayValue(field, v);
	return `${name}=${displayValue(field, v)}`;
}
