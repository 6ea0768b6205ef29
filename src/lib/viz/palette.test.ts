import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregatorNames } from '$lib/sim/robust/aggregate';
import { markerPath, RULE_COLORS, RULE_MARKS, ruleColor, ruleStyle } from './palette';
import { diamond, layoutView } from './update-view';

describe('one colour per aggregation rule', () => {
	it('every rule of the registry has a colour, a marker and a dash', () => {
		expect(Object.keys(RULE_COLORS).sort()).toEqual([...aggregatorNames].sort());
		for (const rule of aggregatorNames) {
			expect(RULE_COLORS[rule]).toMatch(/^#[0-9A-F]{6}$/);
			expect(RULE_MARKS[rule].marker).toBeTruthy();
			expect(ruleStyle(rule)).toEqual({ color: RULE_COLORS[rule], ...RULE_MARKS[rule] });
		}
	});

	it('colours are unique, and so are (marker, dash) pairs: colour is never the only cue', () => {
		const colors = Object.values(RULE_COLORS).map((c) => c.toLowerCase());
		expect(new Set(colors).size).toBe(colors.length);
		const marks = Object.values(RULE_MARKS).map((m) => `${m.marker}/${m.dash}`);
		expect(new Set(marks).size).toBe(marks.length);
	});

	it('no rule takes the Byzantine red or the neutral grey', () => {
		const colors = Object.values(RULE_COLORS).map((c) => c.toLowerCase());
		expect(colors).not.toContain('#ef4444');
		expect(colors).not.toContain(ruleColor('not a rule'));
	});

	it('the update view takes its rule colours and markers from the palette', () => {
		const layout = layoutView(
			{
				type: 'updatesProjected',
				t: 1,
				round: 1,
				points: [
					{ client: 0, x: 1, y: 0, byzantine: false },
					{ client: 1, x: 0, y: 1, byzantine: false }
				],
				aggregates: aggregatorNames.map((rule, i) => ({ rule, x: i / 20, y: 0.1 })),
				explained: [0.6, 0.4],
				coordinates: 2
			},
			{ width: 400, height: 300, chosen: 'krum', labelWidth: 120 }
		);
		expect(layout.rules).toHaveLength(aggregatorNames.length);
		for (const r of layout.rules) {
			expect(r.color).toBe(RULE_COLORS[r.rule]);
			expect(r.marker).toBe(RULE_MARKS[r.rule].marker);
		}
	});

	it('the views that colour rules import the palette and hold no colour of their own', () => {
		const files = [
			'src/lib/viz/update-view.ts',
			'src/lib/components/byzantine/UpdatesView.svelte',
			'src/lib/components/byzantine/RuleComparison.svelte',
			'src/lib/components/byzantine/rule-sweep.svelte.ts',
			'src/lib/components/byzantine/RobustnessHeatmap.svelte',
			'src/lib/state/rule-series.ts'
		];
		for (const f of files) {
			// themable CSS fallbacks of other colours (honest, Byzantine) are not rule colours
			const src = readFileSync(f, 'utf8').replace(/var\(--[\w-]+,\s*#[0-9a-fA-F]{6}\)/g, '');
			expect(src, f).toMatch(/from '(\$lib\/viz|\.\.\/viz|\.)\/palette'/);
			expect(src.match(/#[0-9a-fA-F]{6}\b/g) ?? [], f).toEqual([]);
		}
	});

	it('marker paths: the diamond is the update view’s', () => {
		expect(markerPath('diamond', 4)).toBe(diamond(4));
		expect(markerPath('square', Math.SQRT2)).toBe('M1,-1L1,1L-1,1L-1,-1Z');
	});
});
