/**
 * Every chapter's cells name existing fields: the control lists, the starting values and every
 * preset (the types already say so; this catches a key that slipped past them through a cast), and
 * every preset gives a valid scenario over the cell's starting values.
 */
import { describe, expect, it } from 'vitest';
import type { CellConfig } from '$lib/state/cell.svelte';
import { CHAPTERS } from '$lib/state/chapters';
import { defaultValues, isFieldKey, toScenario, withValues, type Values } from '$lib/state/fields';
import { byzantineCell, sweeps } from './trust-no-one/chapter';

const modules = import.meta.glob<{ cells: readonly CellConfig[] }>('./*/chapter.ts', {
	eager: true
});
const pages = import.meta.glob<string>('./*/+page.svelte', {
	query: '?raw',
	import: 'default',
	eager: true
});

const slugOf = (path: string) => path.split('/')[1] ?? '';
const cells = Object.entries(modules).flatMap(([path, m]) =>
	m.cells.map((c) => [`${slugOf(path)}/${c.name}`, c] as const)
);

const unknownKeys = (v: Values) => Object.keys(v).filter((k) => !isFieldKey(k));

function expectValid(v: Values, what: string): void {
	const r = toScenario(v);
	expect(r.ok ? [] : r.errors, what).toEqual([]);
}

describe('chapter configs', () => {
	it('every chapter has a page; every page with live cells takes them from its chapter.ts', () => {
		for (const c of CHAPTERS)
			expect(Object.keys(pages), c.slug).toContain(`./${c.slug}/+page.svelte`);
		for (const [path, source] of Object.entries(pages)) {
			const uses = [...source.matchAll(/<LiveCell\b([^>]*)>/g)];
			if (!uses.length) continue;
			expect(Object.keys(modules), path).toContain(path.replace('+page.svelte', 'chapter.ts'));
			// each cell spreads its config: no controls or presets written inline in the page
			for (const [tag, attrs] of uses) expect(attrs, tag).toMatch(/\{\.\.\.\w+Cell\}/);
		}
	});

	it('cell names are unique (they name exported files)', () => {
		const names = cells.map(([, c]) => c.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it.each(cells)('%s: controls, starting values and presets name existing fields', (_id, c) => {
		if (c.controls !== 'all') {
			expect(c.controls.filter((k) => !isFieldKey(k))).toEqual([]);
			expect(new Set(c.controls).size, 'a control listed twice').toBe(c.controls.length);
		}
		expect(unknownKeys(c.initial ?? {})).toEqual([]);
		for (const p of c.presets ?? []) expect(unknownKeys(p.values), p.label).toEqual([]);
	});

	it.each(cells)('%s: the starting values and every preset give a valid scenario', (_id, c) => {
		const start = withValues(defaultValues(), c.initial ?? {});
		expectValid(start, 'initial');
		for (const p of c.presets ?? []) expectValid(withValues(start, p.values), p.label);
	});

	it('the Byzantine chapter’s sweeps name existing fields and give valid scenarios', () => {
		const start = withValues(defaultValues(), byzantineCell.initial);
		for (const s of sweeps) {
			expect(unknownKeys(s.values), s.label).toEqual([]);
			expectValid(withValues(start, s.values), s.label);
		}
	});

	it('a config that names no field fails the check loudly', () => {
		const typo = { alfa: 0.1 } as unknown as Values;
		expect(unknownKeys(typo)).toEqual(['alfa']);
		expect(() => withValues(defaultValues(), typo)).toThrow(/alfa/);
	});
});
