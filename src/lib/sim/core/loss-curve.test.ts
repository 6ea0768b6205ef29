import { describe, expect, it } from 'vitest';
import { curveFromSums, curveMarks } from './loss-curve';

describe('curveMarks', () => {
	it.each([
		[0, 16, []],
		[3, 16, [1, 2, 3]],
		[10, 4, [3, 5, 8, 10]],
		[32, 16, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32]]
	])('%i batches, %i points → %j', (total, points, marks) => {
		expect(curveMarks(total, points)).toEqual(marks);
	});

	it('ends at the total, strictly increasing', () => {
		for (const total of [1, 7, 17, 100, 1234]) {
			const m = curveMarks(total);
			expect(m.at(-1)).toBe(total);
			for (let i = 1; i < m.length; i++) expect(m[i]).toBeGreaterThan(m[i - 1] as number);
		}
	});
});

describe('curveFromSums', () => {
	it('means of each stretch, by hand', () => {
		// batch losses 4, 2 | 3 | 1, 1, 1 → running sums at marks 2, 3, 6: 6, 9, 12
		expect(curveFromSums([2, 3, 6], [6, 9, 12])).toEqual([3, 3, 1]);
	});
});
