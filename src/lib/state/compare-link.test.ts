import { describe, expect, it } from 'vitest';
import {
	alternativeValue,
	choosableKnobs,
	compareEntry,
	decodeCompare,
	encodeCompare
} from './compare-link';
import { defaultValues, fieldOf, toScenario, withValues } from './fields';

const base = withValues(defaultValues(), { K: 20, C: 0.5, rounds: 15 });
const controls = ['C', 'E', 'B', 'lr', 'rounds', 'K'] as const;

describe('decodeCompare', () => {
	it('reads the left settings, the knob and the right value; the seed is shared', () => {
		const link = decodeCompare('?seed=7&E=1&vary=E&b=5&cell=fedavg', base, controls);
		expect(link?.notices).toEqual([]);
		expect(link?.vary).toBe('E');
		expect(link?.left.E).toBe(1);
		expect(link?.right.E).toBe(5);
		expect(link?.left.seed).toBe(7);
		expect(link?.right.seed).toBe(7);
		// every other setting is the same
		const others = Object.keys(link?.left ?? {}).filter((k) => k !== 'E');
		for (const k of others)
			expect(JSON.stringify(link?.right[k as 'K']), k).toBe(JSON.stringify(link?.left[k as 'K']));
	});

	it('round-trips through encodeCompare', () => {
		const link = decodeCompare('?seed=7&E=1&vary=E&b=5', base, controls);
		if (!link) throw new Error('no link');
		const search = encodeCompare('fedavg', link.left, link.vary, link.right, base);
		expect(search).toContain('cell=fedavg');
		const again = decodeCompare(search, base, controls);
		expect(again?.right.E).toBe(5);
		expect(again?.left.E).toBe(1);
		expect(again?.notices).toEqual([]);
	});

	it('without a knob: the first the cell offers, with another valid value', () => {
		const link = decodeCompare('?seed=1', base, controls);
		expect(link?.vary).toBe('C');
		expect(link?.right.C).not.toBe(link?.left.C);
		expect(toScenario(link?.right ?? {}).ok).toBe(true);
		expect(link?.notices).toEqual([]);
	});

	it.each([
		['an unknown knob', '?vary=nope&b=3', 'is not one this cell can vary'],
		['the seed as the knob', '?vary=seed&b=3', 'is not one this cell can vary'],
		['a bad value', '?E=1&vary=E&b=banana', 'Local epochs E on the right (b=banana)'],
		['the same value', '?E=2&vary=E&b=2', 'equals the left'],
		['an unknown setting', '?vary=E&b=3&zzz=1', 'unknown setting “zzz”']
	])('reports %s and falls back', (_what, search, words) => {
		const link = decodeCompare(search, base, controls);
		expect(link?.notices.join(' ')).toContain(words);
		expect(JSON.stringify(link?.right)).not.toBe(JSON.stringify(link?.left));
		expect(toScenario(link?.right ?? {}).ok).toBe(true);
	});

	it('is null when no knob can take another value', () => {
		expect(decodeCompare('?', base, [])).toBeNull();
	});
});

describe('alternativeValue', () => {
	it('doubles a number within its range, else halves it', () => {
		expect(alternativeValue(fieldOf('E'), withValues(base, { E: 2 }))).toBe(4);
		expect(alternativeValue(fieldOf('E'), withValues(base, { E: 20 }))).toBe(10);
	});
	it('picks another option of a choice', () => {
		const v = alternativeValue(fieldOf('split'), base);
		expect(v).not.toBe(base.split);
		expect(v).not.toBeNull();
	});
});

describe('choosableKnobs', () => {
	it('never offers the seed, and only knobs that apply', () => {
		const keys = choosableKnobs('all', base).map((f) => f.key);
		expect(keys).not.toContain('seed');
		expect(keys).toContain('E');
	});
});

describe('compareEntry', () => {
	it('writes the cell and the settings that differ from the chapter’s', () => {
		const q = compareEntry('fedavg', withValues(base, { E: 3 }), base);
		const p = new URLSearchParams(q);
		expect(p.get('cell')).toBe('fedavg');
		expect(p.get('E')).toBe('3');
		expect(p.has('seed')).toBe(true);
		expect(p.has('K')).toBe(false);
	});
});
