import { describe, expect, it } from 'vitest';
import { LIGHT_SVG_THEME } from '$lib/viz/svg-export';
import { buildDatasets, buildOptions, CURVE_CLIP, GHOST_ALPHA, styleOf } from './chart-setup';
import type { RunSeries } from './types';

const run = (n: number, ghost: boolean): RunSeries => ({
	id: `run-${n}`,
	label: `Run ${n}`,
	color: '#2f6fdf',
	ghost,
	points: [1, 2, 3].map((round) => ({
		type: 'evaluated' as const,
		t: round,
		round,
		accuracy: 0.5 + round / 10,
		loss: 1 / round,
		bytesUp: 0,
		bytesDown: 0
	}))
});

describe('metrics chart style', () => {
	it('draws ghosts lighter, thinner and dashed, under the live run', () => {
		const ghost = styleOf(run(1, true), 3);
		const live = styleOf(run(2, false), 3);
		expect(ghost.borderColor).toBe(`rgba(47, 111, 223, ${GHOST_ALPHA})`);
		expect(live.borderColor).toBe('#2f6fdf');
		expect(ghost.borderWidth).toBeLessThan(live.borderWidth as number);
		expect(ghost.borderDash).toEqual([6, 4]);
		expect(ghost.order).toBeGreaterThan(live.order as number);
	});

	it('lets the last point (and one at 100 %) overflow the plot instead of being cut', () => {
		for (const g of [true, false]) expect(styleOf(run(1, g), 3).clip).toBe(CURVE_CLIP);
		expect(CURVE_CLIP).toBeGreaterThanOrEqual(4.5); // the live run's hover radius
	});

	it('lists the runs in the legend by dataset (run) order, not drawing order', () => {
		const ds = buildDatasets(
			[run(1, true), run(2, true), run(3, false)],
			'accuracy',
			'round',
			new Map()
		);
		expect(ds.map((d) => d.label)).toEqual(['Run 1', 'Run 2', 'Run 3']);
		const opts = buildOptions('accuracy', 'round', LIGHT_SVG_THEME, [0, 1]);
		const sort = opts.plugins?.legend?.labels?.sort as unknown as (
			a: { datasetIndex: number },
			b: { datasetIndex: number }
		) => number;
		const items = [2, 0, 1].map((datasetIndex) => ({ datasetIndex }));
		expect(items.sort(sort).map((i) => i.datasetIndex)).toEqual([0, 1, 2]);
	});

	it('sets the y axis to the range given (from 0 by default, see yDomain)', () => {
		const y = buildOptions('accuracy', 'round', LIGHT_SVG_THEME, [0, 1]).scales?.y;
		expect([y?.min, y?.max]).toEqual([0, 1]);
		const z = buildOptions('loss', 'time', LIGHT_SVG_THEME, [0.2, 0.9]).scales?.y;
		expect([z?.min, z?.max]).toEqual([0.2, 0.9]);
	});
});
