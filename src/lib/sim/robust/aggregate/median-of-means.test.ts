import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { geometricMedian } from './geometric-median';
import { coordinateMedian } from './median';
import { drawGroups, medianOfMeans } from './median-of-means';

const f = (...x: number[]) => Float32Array.from(x);
// the stream the engine gives round r: ctx.rng(`aggregate/${r}`)
const roundRng = (seed: number, round: number) => createRng(seed).fork(`aggregate/${round}`);

describe('drawGroups', () => {
	it('splits 0..n−1 into k groups whose sizes differ by at most one', () => {
		const g = drawGroups(10, 3, createRng(1));
		expect(g.map((x) => x.length)).toEqual([4, 3, 3]);
		expect(g.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(drawGroups(4, 9, createRng(1))).toHaveLength(4); // k clamped to n
		expect(drawGroups(4, 0, createRng(1))).toEqual([[0, 1, 2, 3]]); // and to 1
	});

	it('is re-drawn every round, and seeded: same seed and round, same groups', () => {
		const rounds = [1, 2, 3, 4, 5].map((r) => drawGroups(12, 4, roundRng(42, r)));
		const again = [1, 2, 3, 4, 5].map((r) => drawGroups(12, 4, roundRng(42, r)));
		expect(again).toEqual(rounds);
		const distinct = new Set(rounds.map((g) => JSON.stringify(g)));
		expect(distinct.size).toBe(5);
		expect(drawGroups(12, 4, roundRng(43, 1))).not.toEqual(rounds[0]);
	});
});

describe('medianOfMeans', () => {
	const vs = [f(1, 2), f(3, -1), f(0, 0), f(8, 5), f(-2, 4), f(6, 6)];

	it('k = 1 is the plain mean', () => {
		const r = medianOfMeans(vs, 1, createRng(3));
		expect(r.aggregate[0]).toBeCloseTo(16 / 6, 5);
		expect(r.aggregate[1]).toBeCloseTo(16 / 6, 5);
	});

	it('k = n is the geometric (or coordinate-wise) median itself', () => {
		expect(medianOfMeans(vs, 6, createRng(3)).aggregate).toEqual(geometricMedian(vs).median);
		expect(medianOfMeans(vs, 6, createRng(3), 'coordinate').aggregate).toEqual(
			coordinateMedian(vs)
		);
	});

	it('averages each group first (by hand: two groups of two, median of two is their midpoint)', () => {
		const r = medianOfMeans([f(0), f(2), f(4), f(10)], 2, createRng(5));
		const means = r.groups.map((g) => g.reduce((s, i) => s + [0, 2, 4, 10][i]!, 0) / g.length);
		expect(r.aggregate[0]).toBeCloseTo((means[0]! + means[1]!) / 2, 5);
	});

	it('resists attackers that spoil fewer than half of the groups', () => {
		const honest = Array.from({ length: 8 }, (_, i) => f(1 + 0.01 * i, -1));
		const attack = [f(-40, 40), f(-40, 40)];
		for (let round = 1; round <= 5; round++) {
			const r = medianOfMeans([...honest, ...attack], 5, roundRng(7, round));
			expect(Math.abs((r.aggregate[0] as number) - 1.035)).toBeLessThan(0.05);
			expect(Math.abs((r.aggregate[1] as number) + 1)).toBeLessThan(0.05);
		}
	});
});
