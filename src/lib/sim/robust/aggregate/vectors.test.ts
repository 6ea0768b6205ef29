import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { dimension, isFiniteVector, plainMean, sortColumn, squaredDistance } from './vectors';

describe('vector helpers', () => {
	it.each([3, 10, 32, 33, 100])('sortColumn sorts %i numbers like the built-in sort', (n) => {
		const rng = createRng(n);
		const a = Float64Array.from({ length: n }, () => rng.normal());
		const expected = Array.from(a).sort((x, y) => x - y);
		expect(Array.from(sortColumn(a))).toEqual(expected);
	});

	it('sorts only the first n entries when asked', () => {
		expect(Array.from(sortColumn(Float64Array.of(3, 1, 2, 0), 3))).toEqual([1, 2, 3, 0]);
	});

	it('by hand: distance, mean, finiteness, dimension', () => {
		expect(squaredDistance([1, 2], [4, 6])).toBe(25);
		expect(Array.from(plainMean([Float32Array.of(1, 2), Float32Array.of(3, 6)]))).toEqual([2, 4]);
		expect(isFiniteVector([1, 2])).toBe(true);
		expect(isFiniteVector([1, NaN])).toBe(false);
		expect(isFiniteVector([Infinity])).toBe(false);
		expect(dimension([Float32Array.of(1, 2)], 'x')).toBe(2);
	});
});
