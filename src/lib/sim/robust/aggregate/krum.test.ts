import { describe, expect, it } from 'vitest';
import { krum, krumNeighbours, krumScores, multiKrum } from './krum';

const f = (...x: number[]) => Float32Array.from(x);
// five honest updates around the origin, two colluding attackers far away
const honest = [f(0, 0), f(1, 0), f(-1, 0), f(0, 1), f(0, -1)];
const attackers = [f(10, 10), f(10, 11)];
const all = [...honest, ...attackers];

describe('Krum', () => {
	it('scores each update by its n − f − 2 nearest neighbours (by hand)', () => {
		// n = 7, f = 2: 3 neighbours. (0,0) has four at distance² 1 → 3; (1,0) has 1, 2, 2 → 5.
		expect(krumNeighbours(7, 2)).toBe(3);
		const s = krumScores(all, 2);
		expect(s.slice(0, 5)).toEqual([3, 5, 5, 5, 5]);
		// (10,10): 1 to its partner, then (1,0): 81+100 = 181 and (0,1): 100+81 = 181
		expect(s[5]).toBe(1 + 181 + 181);
	});

	it('picks the honest cluster, not the planted outliers', () => {
		const r = krum(all, 2);
		expect(Array.from(r.aggregate)).toEqual([0, 0]);
		expect(r.selected).toEqual([0]);
	});

	it('Multi-Krum averages the m best and leaves the attackers out', () => {
		const r = multiKrum(all, 2, 5);
		expect(Array.from(r.aggregate)).toEqual([0, 0]);
		expect([...r.selected].sort()).toEqual([0, 1, 2, 3, 4]);
		// m = n is the plain mean, dragged by the attackers: (20/7, 21/7)
		const mean = multiKrum(all, 2, 7).aggregate;
		expect(mean[0]).toBeCloseTo(20 / 7, 5);
		expect(mean[1]).toBeCloseTo(3, 5);
	});

	it('still answers with fewer updates than its guarantee needs', () => {
		expect(krumNeighbours(3, 2)).toBe(1);
		expect(krumNeighbours(1, 0)).toBe(0);
		expect(Array.from(krum([f(5, 5)], 0).aggregate)).toEqual([5, 5]);
		expect(krum([f(0, 0), f(1, 0), f(9, 9)], 2).selected).toEqual([0]);
	});
});
