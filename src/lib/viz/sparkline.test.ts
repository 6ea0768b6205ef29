import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline';

describe('sparkline', () => {
	it('spreads points across the width, largest on top', () => {
		// width 104, height 24, pad 2: x = 2, 52, 102; y: 2 (max 3), 22 (min 1), 12 (2)
		const s = sparkline([3, 1, 2], 104, 24);
		expect(s.path).toBe('M2,2 L52,22 L102,12');
		expect([s.min, s.max]).toEqual([1, 3]);
		expect(s.first).toEqual({ x: 2, y: 2 });
		expect(s.last).toEqual({ x: 102, y: 12 });
	});

	it('a flat series sits in the middle; one point in the centre', () => {
		expect(sparkline([5, 5], 20, 10).path).toBe('M2,5 L18,5');
		expect(sparkline([5], 20, 10).path).toBe('M10,5');
	});

	it('non-finite values break the line; none at all gives no path', () => {
		expect(sparkline([1, NaN, 1, 0], 8, 4, 1).path).toBe('M1,1 M5,1 L7,3');
		expect(sparkline([], 8, 4)).toMatchObject({ path: '', first: null, last: null });
	});
});
