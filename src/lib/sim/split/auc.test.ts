import { describe, expect, it } from 'vitest';
import { auc, cosineScores, normScores } from './auc';

describe('auc', () => {
	it.each([
		// the textbook example: 3 of the 4 positive–negative pairs are ranked right
		[[0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.75],
		[[1, 2, 3, 4], [false, false, true, true], 1],
		[[4, 3, 2, 1], [false, false, true, true], 0],
		// ties count one half: every pair tied
		[[5, 5, 5, 5], [true, false, true, false], 0.5],
		// one positive (2) above two negatives (1, 1), tied with one (2), below one (3): (2 + 0.5) / 4
		[[2, 1, 1, 2, 3], [true, false, false, false, false], 0.625]
	])('auc(%j, %j) = %d', (scores, labels, expected) => {
		expect(auc(scores, labels)).toBeCloseTo(expected, 12);
	});

	it('is NaN when a class is missing', () => {
		expect(auc([1, 2], [true, true])).toBeNaN();
	});
});

describe('leakage scores', () => {
	const g = [3, 4, 0, 0, -6, -8, 1, 0]; // four rows of 2
	it('norm attack: row norms', () => {
		expect(Array.from(normScores(g, 4, 2))).toEqual([5, 0, 10, 1]);
	});
	it('cosine attack: cosine with the reference row, 0 for a zero row', () => {
		const c = cosineScores(g, 4, 2, 0);
		expect(c[0]).toBeCloseTo(1, 12);
		expect(c[1]).toBe(0);
		expect(c[2]).toBeCloseTo(-1, 12);
		expect(c[3]).toBeCloseTo(0.6, 12);
	});
});
