import { describe, expect, it } from 'vitest';
import { meanAggregate, weightedMean } from './mean';

describe('weightedMean', () => {
	it('weights three tiny clients by their sample counts (by hand)', () => {
		// (1·[1,2] + 2·[4,0] + 1·[-2,6]) / 4 = [7/4, 8/4]
		const out = weightedMean(
			[Float32Array.of(1, 2), Float32Array.of(4, 0), Float32Array.of(-2, 6)],
			[1, 2, 1]
		);
		expect(Array.from(out)).toEqual([1.75, 2]);
	});

	it.each([
		{ name: 'equal weights give the plain mean', w: [5, 5], expected: [2, 3] },
		{ name: 'all weight on one client gives that client', w: [0, 7], expected: [3, 4] },
		{ name: 'weights 3:1', w: [3, 1], expected: [1.5, 2.5] }
	])('$name', ({ w, expected }) => {
		const out = weightedMean([Float32Array.of(1, 2), Float32Array.of(3, 4)], w);
		expect(Array.from(out)).toEqual(expected);
	});

	it('rejects empty input, mismatched lengths and zero total weight', () => {
		expect(() => weightedMean([], [])).toThrow(/no vectors/);
		expect(() => weightedMean([Float32Array.of(1), Float32Array.of(1, 2)], [1, 1])).toThrow(
			/length/
		);
		expect(() => weightedMean([Float32Array.of(1)], [0])).toThrow(/positive/);
	});

	it('meanAggregate uses n_k as the weight', () => {
		const out = meanAggregate([
			{ client: 0, weights: Float32Array.of(0), samples: 100 },
			{ client: 1, weights: Float32Array.of(10), samples: 300 }
		]);
		expect(out[0]).toBe(7.5);
	});
});
