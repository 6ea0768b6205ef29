import { describe, expect, it } from 'vitest';
import { trimCount, trimmedMean } from './trimmed-mean';

const f = (...x: number[]) => Float32Array.from(x);
const five = [f(1, 50), f(2, -10), f(3, 20), f(4, 0), f(100, 10)];

describe('trimmedMean', () => {
	it.each([
		// columns sorted: {1,2,3,4,100} and {-10,0,10,20,50}
		{ beta: 0, expected: [22, 14] }, // the plain mean
		{ beta: 0.2, expected: [3, 10] }, // drop 1 each end: (2+3+4)/3, (0+10+20)/3
		{ beta: 0.4, expected: [3, 10] }, // drop 2 each end: the median
		{ beta: 0.3, expected: [3, 10] } // ⌊1.5⌋ = 1
	])('β = $beta trims ⌊β·n⌋ values at each end of every coordinate', ({ beta, expected }) => {
		expect(Array.from(trimmedMean(five, beta))).toEqual(expected);
	});

	it('counts ⌊β·n⌋ without floating-point surprises', () => {
		expect(trimCount(10, 0.3)).toBe(3);
		expect(trimCount(10, 0.25)).toBe(2);
		expect(trimCount(7, 0.1)).toBe(0);
	});

	it('rejects β outside [0, 0.5)', () => {
		expect(() => trimmedMean(five, 0.5)).toThrow(/β must be in \[0, 0.5\)/);
		expect(() => trimmedMean(five, -0.1)).toThrow(/β/);
	});
});
