/**
 * Prose that names a preset or a control must match its cell. The pages mark such references:
 * `data-preset="<label>"` (a preset of a cell on the page; with `data-initial`, the cell opens on
 * it), `data-control="<field key>"` (a control the page's cells show; with `data-value`, the
 * value the cell opens with). Every cell with presets opens on one of them, so its first run is
 * labelled and a preset button is pressed.
 */
import { describe, expect, it } from 'vitest';
import type { CellConfig } from '$lib/state/cell.svelte';
import { defaultValues, isFieldKey, withValues, type Values } from '$lib/state/fields';

const modules = import.meta.glob<{ cells: readonly CellConfig[] }>('./*/chapter.ts', {
	eager: true
});
const pages = import.meta.glob<string>('./*/+page.svelte', {
	query: '?raw',
	import: 'default',
	eager: true
});

const slugOf = (path: string) => path.split('/')[1] ?? '';
const cellsOf = (slug: string): readonly CellConfig[] =>
	modules[`./${slug}/chapter.ts`]?.cells ?? [];
const opening = (c: CellConfig): Values => withValues(defaultValues(), c.initial ?? {});
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const opensOn = (c: CellConfig, values: Values) =>
	Object.entries(values).every(([k, v]) => same(opening(c)[k as keyof Values], v));

/** Every element with a `data-preset` or `data-control`, with its attributes. */
function references(source: string): { attrs: Record<string, string>; text: string }[] {
	return [...source.matchAll(/<\w+\s([^>]*\bdata-(?:preset|control)=[^>]*)>/g)].map((m) => {
		const text = m[1] ?? '';
		const attrs: Record<string, string> = {};
		for (const a of text.matchAll(/data-([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1] ?? ''] = a[2] ?? '';
		return { attrs, text };
	});
}

describe('prose matches its cells', () => {
	const marked = Object.entries(pages).map(([path, source]) => [slugOf(path), source] as const);

	it('the pages mark their references (at least the ones this test was written for)', () => {
		const all = marked.flatMap(([, s]) => references(s));
		expect(all.filter((r) => 'preset' in r.attrs).length).toBeGreaterThanOrEqual(3);
		expect(all.filter((r) => 'control' in r.attrs).length).toBeGreaterThanOrEqual(1);
	});

	it.each(marked)('%s: every referenced preset and control exists and matches', (slug, source) => {
		const cells = cellsOf(slug);
		for (const { attrs, text } of references(source)) {
			const label = attrs.preset;
			if (label !== undefined) {
				const owner = cells.find((c) => c.presets?.some((p) => p.label === label));
				expect(owner, `${slug}: no cell has a preset “${label}” (${text})`).toBeDefined();
				const preset = owner?.presets?.find((p) => p.label === label);
				if ('initial' in attrs && owner && preset)
					expect(
						opensOn(owner, preset.values),
						`${slug}: the cell does not open on “${label}”`
					).toBe(true);
			}
			const key = attrs.control;
			if (key !== undefined) {
				expect(isFieldKey(key), `${slug}: “${key}” is not a field`).toBe(true);
				const owner = cells.find((c) => c.controls === 'all' || c.controls.includes(key as never));
				expect(owner, `${slug}: no cell on the page shows the control “${key}”`).toBeDefined();
				if (attrs.value !== undefined && owner)
					expect(String(opening(owner)[key as keyof Values]), `${slug}: ${key} opens at`).toBe(
						attrs.value
					);
			}
		}
	});

	it.each(Object.entries(modules).flatMap(([p, m]) => m.cells.map((c) => [slugOf(p), c] as const)))(
		'%s: a cell with presets opens on one of them',
		(slug, c) => {
			if (!c.presets?.length) return;
			const on = c.presets.filter((p) => opensOn(c, p.values)).map((p) => p.label);
			expect(on.length, `${slug}/${c.name} opens on no preset`).toBeGreaterThan(0);
		}
	);
});
