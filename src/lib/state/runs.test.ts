import { describe, expect, it } from 'vitest';
import type { EventOf } from '../sim/core/events';
import { defaultValues, withValues } from './fields';
import { metricsCsv, runColor, runLabels, RUN_COLORS } from './runs';

const point = (round: number, accuracy: number): EventOf<'evaluated'> => ({
	type: 'evaluated',
	t: round * 1.5,
	round,
	accuracy,
	loss: 1 / round,
	bytesUp: round * 100,
	bytesDown: round * 200
});

describe('runLabels', () => {
	const d = defaultValues();
	it('names only the fields that differ between runs', () => {
		const runs = [
			{ n: 1, values: withValues(d, { alpha: 0.1, split: 'dirichlet' }), points: [] },
			{ n: 2, values: withValues(d, { alpha: 10, split: 'dirichlet' }), points: [] }
		];
		expect(runLabels(runs, ['split', 'alpha', 'C'])).toEqual(['Run 1 · α=0.1', 'Run 2 · α=10']);
	});
	it('uses the preset name when there is one', () => {
		const runs = [
			{ n: 1, values: d, points: [], preset: 'Centralized' },
			{ n: 2, values: withValues(d, { K: 3 }), points: [] }
		];
		expect(runLabels(runs, ['K'])).toEqual(['Run 1 · Centralized', 'Run 2 · K=3']);
	});
	it('is just the number when nothing differs', () => {
		expect(runLabels([{ n: 4, values: d, points: [] }], ['K'])).toEqual(['Run 4']);
	});
});

describe('metricsCsv', () => {
	it('writes a header and one row per point of every series, quoting labels', () => {
		const csv = metricsCsv([
			{ id: 'r1', label: '#1 α=0.1, C=0.5', color: '#000', ghost: true, points: [point(1, 0.5)] },
			{ id: 'r2', label: '#2', color: '#000', ghost: false, points: [point(1, 0.6), point(2, 0.7)] }
		]);
		const lines = csv.trim().split('\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toBe('run,label,ghost,round,sim_time_s,accuracy,loss,bytes_up,bytes_down');
		expect(lines[1]).toBe('r1,"#1 α=0.1, C=0.5",1,1,1.5,0.5,1,100,200');
		expect(lines[3]).toBe('r2,#2,0,2,3,0.7,0.5,200,400');
	});
});

describe('runColor', () => {
	it('cycles through the palette', () => {
		expect(runColor(1)).toBe(RUN_COLORS[0]);
		expect(runColor(RUN_COLORS.length + 2)).toBe(RUN_COLORS[1]);
	});
});
