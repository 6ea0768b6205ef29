import { describe, expect, it } from 'vitest';
import { ACTIVATION_VALUES } from '../core/events';
import { activationSample } from './activation-sample';

describe('activationSample', () => {
	it('keeps a vector that fits, as plain numbers', () => {
		const s = activationSample(Float32Array.from([0.5, -1, 2]), [3]);
		expect(s).toEqual({ shape: [3], values: [0.5, -1, 2], cut: [3], pool: 1 });
		expect(Array.isArray(s.values)).toBe(true);
	});

	it('averages a long vector over runs of ⌈n / max⌉ (the last run shorter)', () => {
		// 7 values, max 3 → runs of 3: (1+2+3)/3, (4+5+6)/3, 7/1
		const s = activationSample([1, 2, 3, 4, 5, 6, 7], [7], 3);
		expect(s).toEqual({ shape: [3], values: [2, 5, 7], cut: [7], pool: 3 });
	});

	it('a 200-unit dense cut fits; 784 values become 196 of runs of 4', () => {
		expect(activationSample(new Float32Array(200), [200]).values).toHaveLength(200);
		const s = activationSample(
			Float32Array.from({ length: 784 }, (_, i) => i),
			[784]
		);
		expect(s.shape).toEqual([196]);
		expect(s.pool).toBe(4);
		expect(s.values[0]).toBe(1.5); // (0+1+2+3)/4
		expect(s.values[195]).toBe(781.5);
	});

	it('keeps the first channels that fit at full resolution', () => {
		// [2, 2, 3] with max 8: one channel is 4 values → the first 2 channels
		const v = [
			// (y, x) = (0,0), (0,1), (1,0), (1,1); channels 0, 1, 2 each
			1, 10, 100, 2, 20, 200, 3, 30, 300, 4, 40, 400
		];
		const s = activationSample(v, [2, 2, 3], 8);
		expect(s).toEqual({
			shape: [2, 2, 2],
			values: [1, 10, 2, 20, 3, 30, 4, 40],
			cut: [2, 2, 3],
			pool: 1
		});
	});

	it('averages square blocks when one channel does not fit (edge blocks over what they hold)', () => {
		// [3, 3, 1] with max 4: pool 2 → 2 × 2; blocks {1,2,4,5}, {3,6}, {7,8}, {9}
		const v = [1, 2, 3, 4, 5, 6, 7, 8, 9];
		const s = activationSample(v, [3, 3, 1], 4);
		expect(s).toEqual({ shape: [2, 2, 1], values: [3, 4.5, 7.5, 9], cut: [3, 3, 1], pool: 2 });
	});

	it('MNIST CNN cuts stay within the cap: [28, 28, 8] → 14 × 14 × 1, [14, 14, 8] → one channel', () => {
		const a = activationSample(new Float32Array(28 * 28 * 8), [28, 28, 8]);
		expect([a.shape, a.pool]).toEqual([[14, 14, 1], 2]);
		const b = activationSample(new Float32Array(14 * 14 * 8), [14, 14, 8]);
		expect([b.shape, b.pool]).toEqual([[14, 14, 1], 1]);
		const c = activationSample(new Float32Array(7 * 7 * 16), [7, 7, 16]);
		expect([c.shape, c.pool]).toEqual([[7, 7, 5], 1]);
		for (const s of [a, b, c]) expect(s.values.length).toBeLessThanOrEqual(ACTIVATION_VALUES);
	});

	it('refuses values that do not match the shape', () => {
		expect(() => activationSample([1, 2], [3])).toThrow(/2 activation values for shape \[3\]/);
	});
});
