import { describe, expect, it } from 'vitest';
import { clientSpread, quantileSorted } from './spread';

describe('clientSpread', () => {
	it('mean, min, p10, p90, max of five clients, by hand', () => {
		// sorted 0.5 0.6 0.7 0.9 1.0; p10 at position 0.4 → 0.5 + 0.4·0.1, p90 at 3.6 → 0.9 + 0.6·0.1
		const s = clientSpread([0.9, 0.5, 1.0, 0.7, 0.6]);
		expect(s?.n).toBe(5);
		expect(s?.mean).toBeCloseTo(0.74, 12);
		expect(s?.min).toBe(0.5);
		expect(s?.p10).toBeCloseTo(0.54, 12);
		expect(s?.p90).toBeCloseTo(0.96, 12);
		expect(s?.max).toBe(1);
	});

	it('one client: every figure is its accuracy', () => {
		expect(clientSpread([0.3])).toEqual({
			n: 1,
			mean: 0.3,
			min: 0.3,
			p10: 0.3,
			p90: 0.3,
			max: 0.3
		});
	});

	it('leaves out non-finite values; none at all is null', () => {
		expect(clientSpread([NaN, 0.2, Infinity, 0.4])).toMatchObject({
			n: 2,
			mean: 0.30000000000000004
		});
		expect(clientSpread([])).toBeNull();
		expect(clientSpread([NaN])).toBeNull();
	});

	it('quantiles interpolate between order statistics (R type 7)', () => {
		const xs = [1, 2, 3, 4, 10];
		expect(quantileSorted(xs, 0)).toBe(1);
		expect(quantileSorted(xs, 1)).toBe(10);
		expect(quantileSorted(xs, 0.5)).toBe(3);
		expect(quantileSorted(xs, 0.875)).toBe(7); // position 3.5: halfway between 4 and 10
		expect(quantileSorted([], 0.5)).toBeNaN();
	});
});
