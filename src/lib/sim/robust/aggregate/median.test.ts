import { describe, expect, it } from 'vitest';
import { coordinateMedian } from './median';

const f = (...x: number[]) => Float32Array.from(x);

describe('coordinateMedian', () => {
	it.each([
		{
			name: 'odd n: the middle value of every coordinate (by hand)',
			vectors: [f(1, 10, -3), f(2, 0, 5), f(100, 4, 4)],
			// columns {1,2,100} {10,0,4} {-3,5,4}
			expected: [2, 4, 4]
		},
		{
			name: 'even n: the mean of the two middle values',
			vectors: [f(1, 10, -3), f(2, 0, 5), f(100, 4, 4), f(3, -1, 0)],
			// columns {1,2,3,100} {-1,0,4,10} {-3,0,4,5}
			expected: [2.5, 2, 2]
		},
		{ name: 'one vector is its own median', vectors: [f(7, -7)], expected: [7, -7] }
	])('$name', ({ vectors, expected }) => {
		expect(Array.from(coordinateMedian(vectors))).toEqual(expected);
	});

	it('ignores a minority however far it goes, unlike the mean', () => {
		const honest = [f(1, 1), f(1.5, 0.5), f(0.5, 1.5)];
		const out = coordinateMedian([...honest, f(1e30, -1e30), f(-1e30, 1e30)]);
		expect(Array.from(out)).toEqual([1, 1]);
	});

	it('rejects empty input and differing lengths', () => {
		expect(() => coordinateMedian([])).toThrow(/no vectors/);
		expect(() => coordinateMedian([f(1), f(1, 2)])).toThrow(/length/);
	});
});
