import { describe, expect, it } from 'vitest';
import type { EventOf } from '../sim/core/events';
import { defaultValues, withValues } from './fields';
import {
	inRunOrder,
	metricsCsv,
	nextRunNumber,
	runColor,
	runId,
	runLabels,
	runNumber,
	RUN_COLORS,
	sideBySideCsv
} from './runs';

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

describe('legend numbering', () => {
	const d = defaultValues();
	it('shows a run’s name instead of its settings, and keeps its own number', () => {
		const runs = [
			{ n: 1, values: withValues(d, { alpha: 0.1, split: 'dirichlet' }), points: [] },
			{
				n: 3,
				values: withValues(d, { alpha: 10, split: 'dirichlet' }),
				points: [],
				name: 'no skew'
			}
		];
		expect(runLabels(runs, ['alpha'])).toEqual(['Run 1 · α=0.1', 'Run 3 · no skew']);
	});
	it('does not renumber when a run is removed', () => {
		const runs = [1, 2, 3].map((n) => ({ n, values: withValues(d, { K: n * 10 }), points: [] }));
		const without2 = runs.filter((r) => r.n !== 2);
		expect(runLabels(without2, ['K'])).toEqual(['Run 1 · K=10', 'Run 3 · K=30']);
	});
	it('numbers the next run after every run kept, never reusing a number', () => {
		expect(nextRunNumber([])).toBe(1);
		expect(nextRunNumber([{ n: 2 }, { n: 7 }, { n: 4 }])).toBe(8);
		expect(nextRunNumber([{ n: 2 }], 9)).toBe(10);
	});
	it('lists runs in the order they started', () => {
		expect(inRunOrder([{ n: 3 }, { n: 1 }, { n: 2 }]).map((r) => r.n)).toEqual([1, 2, 3]);
	});
	it('maps run numbers to curve ids and back', () => {
		expect(runId(12)).toBe('run-12');
		expect(runNumber('run-12')).toBe(12);
		expect(runNumber('ghost')).toBeNull();
	});
});

describe('sideBySideCsv', () => {
	it('one header; every row prefixed with its side and the knob’s value', () => {
		const csv = 'run,label,round\nrun-1,Run 1,1\nrun-1,Run 1,2\n';
		expect(
			sideBySideCsv(
				[
					{ side: 'A', value: '1', csv },
					{ side: 'B', value: 'a, b', csv: 'run,label,round\nrun-1,Run 1,1\n' }
				],
				'localEpochs'
			)
		).toBe(
			'side,localEpochs,run,label,round\nA,1,run-1,Run 1,1\nA,1,run-1,Run 1,2\nB,"a, b",run-1,Run 1,1\n'
		);
	});
});
