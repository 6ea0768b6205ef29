import { describe, expect, it } from 'vitest';
import type { EventOf } from '$lib/sim/core/events';
import { formatMetric, seriesPoints, xTickFormatter, yDomain, yTickFormatter } from './series';

const ev = (round: number, t: number, accuracy: number, loss: number): EventOf<'evaluated'> => ({
	type: 'evaluated',
	t,
	round,
	accuracy,
	loss,
	bytesUp: round * 1000,
	bytesDown: round * 4000
});

const POINTS = [ev(1, 2.5, 0.5, 1.2), ev(2, 5, 0.7, Number.NaN), ev(3, 7.5, 0.8, 0.6)];

describe('seriesPoints', () => {
	it.each([
		[
			'accuracy',
			'round',
			[
				[1, 0.5],
				[2, 0.7],
				[3, 0.8]
			]
		],
		[
			'accuracy',
			'time',
			[
				[2.5, 0.5],
				[5, 0.7],
				[7.5, 0.8]
			]
		],
		[
			'accuracy',
			'bytes',
			[
				[5000, 0.5],
				[10_000, 0.7],
				[15_000, 0.8]
			]
		],
		[
			'loss',
			'round',
			[
				[1, 1.2],
				[3, 0.6]
			]
		]
	] as const)('%s against %s', (metric, axis, expected) => {
		expect(seriesPoints(POINTS, metric, axis).map((p) => [p.x, p.y])).toEqual(expected);
	});
});

describe('axis formats', () => {
	it('formats ticks and values per axis and metric', () => {
		expect(yTickFormatter('accuracy')(0.9)).toBe('90 %');
		expect(yTickFormatter('loss')(0.25)).toBe('0.25');
		expect(xTickFormatter('bytes', 1e9)(2.5e6)).toBe('2.5 MB');
		expect(xTickFormatter('time', 600)(120)).toBe('2 min');
		expect(xTickFormatter('round', 10)(7)).toBe('7');
		expect(formatMetric('accuracy', 0.9123)).toBe('91.2 %');
		expect(formatMetric('loss', 0.3)).toBe('0.3000');
	});
});

describe('yDomain', () => {
	it.each([
		// from 0: accuracy spans the whole range whatever the data
		['accuracy', 'zero', [0.91, 0.97], [0, 1]],
		['accuracy', 'zero', [], [0, 1]],
		// zoomed: 5 %-steps around the data, 2 points of margin, within 0–100 %
		['accuracy', 'zoomed', [0.91, 0.97], [0.85, 1]],
		['accuracy', 'zoomed', [0.42, 0.61], [0.4, 0.65]],
		['accuracy', 'zoomed', [0.01, 0.05, Number.NaN], [0, 0.1]],
		['accuracy', 'zoomed', [], [0, 1]],
		// loss from 0 with 5 % headroom; zoomed pads 8 % of the spread
		['loss', 'zero', [0.2, 2], [0, 2.1]],
		['loss', 'zero', [], [0, 1]],
		['loss', 'zoomed', [1, 2], [0.92, 2.08]],
		['loss', 'zoomed', [0.5, 0.5], [0.45, 0.55]],
		['loss', 'zoomed', [0.01, 2, Number.POSITIVE_INFINITY], [0, 2.1592]]
	] as const)('%s %s of %j is %j', (metric, range, ys, expected) => {
		expect(yDomain(metric, range, ys)).toEqual(expected);
	});
	it('zoomed never shows less than the data', () => {
		const [lo, hi] = yDomain('accuracy', 'zoomed', [0.955, 0.999]);
		expect(lo).toBeLessThanOrEqual(0.955);
		expect(hi).toBe(1);
	});
});
