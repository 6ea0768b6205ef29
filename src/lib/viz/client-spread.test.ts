import { quantileSorted as d3Quantile } from 'd3';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '$lib/sim/core/events';
import { quantileSorted } from '$lib/sim/personal/spread';
import {
	clientSpreadSeries,
	roundTicks,
	spreadLayout,
	spreadSummary,
	type SpreadSeries
} from './client-spread';

const measured = (
	t: number,
	round: number,
	model: 'global' | 'fineTuned' | 'cluster',
	accs: number[]
): SimEvent => ({
	type: 'clientsEvaluated',
	t,
	round,
	model,
	accuracies: accs.map((accuracy, client) => ({ client, accuracy }))
});

describe('clientSpreadSeries', () => {
	const events: SimEvent[] = [
		measured(1, 1, 'fineTuned', [0.9, 0.7]),
		measured(1, 1, 'global', [0.2, 0.6, 0.4]),
		{ type: 'evaluated', t: 1, round: 1, accuracy: 0.5, loss: 1, bytesUp: 0, bytesDown: 0 },
		measured(2, 2, 'global', [0.5, 0.5, 0.8]),
		measured(2, 2, 'fineTuned', [])
	];

	it('one series per model, in legend order, one point per round', () => {
		const s = clientSpreadSeries(events);
		expect(s.map((x) => x.model)).toEqual(['global', 'fineTuned']);
		const g = s[0]?.points ?? [];
		expect(g.map((p) => p.round)).toEqual([1, 2]);
		expect(g[0]).toMatchObject({ n: 3, min: 0.2, max: 0.6 });
		expect(g[0]?.mean).toBeCloseTo(0.4, 12);
		expect(g[1]?.mean).toBeCloseTo(0.6, 12);
		// an event with no clients adds no point
		expect(s[1]?.points.map((p) => p.round)).toEqual([1]);
	});

	it('keeps only what happened up to the playhead', () => {
		const s = clientSpreadSeries(events, 1.5);
		expect(s[0]?.points).toHaveLength(1);
		expect(clientSpreadSeries(events, 0.5)).toEqual([]);
	});
});

describe('spreadLayout', () => {
	// plot 200 × 100 px: x(r) = 20 + 50·r over 4 rounds, y(a) = 110 − 100·a
	const box = { width: 220, height: 120, margin: { l: 20, r: 0, t: 10, b: 10 } };
	const series: SpreadSeries[] = [
		{
			model: 'global',
			label: 'Global model',
			color: '#000',
			points: [
				{ round: 1, n: 5, min: 0.2, p10: 0.3, mean: 0.5, p90: 0.7, max: 0.8 },
				{ round: 2, n: 5, min: 0.4, p10: 0.5, mean: 0.6, p90: 0.8, max: 0.9 }
			]
		}
	];

	it('maps rounds and accuracies to pixels, by hand', () => {
		const l = spreadLayout(series, 4, box);
		expect([l.x(0), l.x(1), l.x(4)]).toEqual([20, 70, 220]);
		expect([l.y(0), l.y(0.5), l.y(1)]).toEqual([110, 60, 10]);
	});

	it('bands go along the top edge and back along the bottom; the mean is a polyline', () => {
		const b = spreadLayout(series, 4, box).bands[0];
		expect(b?.outer).toBe('M70.0,30.0L120.0,20.0L120.0,70.0L70.0,90.0Z');
		expect(b?.inner).toBe('M70.0,40.0L120.0,30.0L120.0,60.0L70.0,80.0Z');
		expect(b?.mean).toBe('M70.0,60.0L120.0,50.0');
		expect(b?.dots).toEqual([
			{ x: 70, y: 60 },
			{ x: 120, y: 50 }
		]);
	});

	it('an empty series draws nothing', () => {
		const l = spreadLayout([{ ...series[0]!, points: [] }], 4, box);
		expect(l.bands[0]).toMatchObject({ outer: '', inner: '', mean: '', dots: [] });
	});
});

describe('roundTicks', () => {
	it('whole rounds, about six, the last always shown', () => {
		expect(roundTicks(4)).toEqual([1, 2, 3, 4]);
		expect(roundTicks(20)).toEqual([4, 8, 12, 16, 20]);
		expect(roundTicks(7)).toEqual([2, 4, 6, 7]);
		expect(roundTicks(0)).toEqual([]);
	});
});

describe('spreadSummary', () => {
	it('reads the latest round of each model', () => {
		const s = clientSpreadSeries([measured(1, 3, 'cluster', [0.5, 1])]);
		expect(spreadSummary(s)).toBe(
			'IFCA: each client’s cluster model, round 3: mean 75.0 % over 2 clients, worst 50.0 %, best 100.0 % (10th–90th percentile 55.0 %–95.0 %).'
		);
		expect(spreadSummary([])).toMatch(/No per-client/);
	});
});

describe('the percentiles agree with d3', () => {
	it.each([[0.1], [0.25], [0.5], [0.9]])('p = %s', (p) => {
		const xs = [0.31, 0.05, 0.77, 0.5, 0.5, 0.92, 0.13].sort((a, b) => a - b);
		expect(quantileSorted(xs, p)).toBeCloseTo(d3Quantile(xs, p) as number, 12);
	});
});
