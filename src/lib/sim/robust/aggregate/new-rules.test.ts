/**
 * Hand-computed vectors for Bulyan, centred clipping, MeaMed, FLTrust, DnC and norm clipping
 * (ByzFL-style X = [[1,2,3],[4,5,6],[7,8,9]] and planted outliers); the expectations are worked out
 * in the comments.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { aggregators, checkAggregator } from './index';
import { bulyan } from './bulyan';
import { centeredClipping } from './centered-clipping';
import { dnc } from './dnc';
import { trimmedShares } from './explain';
import { fltrust } from './fltrust';
import { meamed } from './meamed';
import { clipToNorm, normClipMean } from './norm-clip';

const f = (...x: number[]) => Float32Array.from(x);
const X = [f(1, 2, 3), f(4, 5, 6), f(7, 8, 9)];
const arr = (v: Float32Array) => Array.from(v);

describe('Bulyan', () => {
	it('with f = 0 on X selects all three and averages them: [4, 5, 6]', () => {
		const r = bulyan(X, 0);
		expect(arr(r.aggregate)).toEqual([4, 5, 6]);
		expect([...r.selected].sort()).toEqual([0, 1, 2]);
	});

	it('drops the planted outlier and the worst honest point (n = 7, f = 1: θ = 5, β = 3)', () => {
		// points k·(1,1,1) + (0,1,2) for k = 1,4,7,2,3,5 and an outlier at 100; squared distances 3(k−j)².
		// Krum rounds (neighbours n′ − 3): picks k = 3 (score 30), then k = 4 (42, tie with 2 and 5:
		// lowest position), k = 2 (30), k = 7 (12, tie with 5), k = 1 (48, tie with 5).
		// First coordinate of the selection: 3, 4, 2, 7, 1 → median 3 → closest three 3, 2, 4 → 3.
		const pts = [1, 4, 7, 2, 3, 5].map((k) => f(k, k + 1, k + 2));
		const r = bulyan([...pts, f(100, 100, 100)], 1);
		expect(r.selected).toEqual([4, 1, 3, 2, 0]);
		expect(arr(r.aggregate)).toEqual([3, 4, 5]);
		expect(r.scores.slice(0, 6)).toEqual([90, 45, 162, 45, 30, 54]);
		expect(r.keptShare[6]).toBe(0);
	});

	it('refuses n < 4f + 3 with a message naming the numbers', () => {
		const c = checkAggregator({ kind: 'bulyan' }, { n: 6, q: 1 });
		expect(c.errors[0]).toMatch(/n ≥ 4f \+ 3.*n = 6 and f = 1 \(4f \+ 3 = 7/);
		expect(checkAggregator({ kind: 'bulyan' }, { n: 7, q: 1 }).errors).toEqual([]);
		expect(checkAggregator({ kind: 'bulyan', f: 2 }, { n: 10, q: 2 }).errors).toHaveLength(1);
		expect(() => bulyan(X, 1)).toThrow(/4f \+ 3/);
	});
});

describe('MeaMed', () => {
	it('f = 1 on X: the median and its nearest (ties to the lower index): [2.5, 3.5, 4.5]', () => {
		expect(arr(meamed(X, 1))).toEqual([2.5, 3.5, 4.5]);
	});
	it('f = 0 is the mean; a planted outlier at 100 is left out (median 5.5 → 4, 7, 1)', () => {
		expect(arr(meamed(X, 0))).toEqual([4, 5, 6]);
		expect(arr(meamed([...X, f(100, 100, 100)], 1))).toEqual([4, 5, 6]);
	});
});

describe('centred clipping', () => {
	it('a large τ around 0, one iteration, is the plain mean', () => {
		expect(arr(centeredClipping(X, 100, 1).aggregate)).toEqual([4, 5, 6]);
	});
	it('τ = 1 around [4,5,6]: each update moves the centre by at most τ/n', () => {
		// x − v: [−3,−3,−3] → clipped to −(1,1,1)/√3; [0,0,0]; [3,3,3] → (1,1,1)/√3; the outlier
		// (100,101,102) − v = [96,96,96] → (1,1,1)/√3. Mean step: (1,1,1)/(4√3).
		const r = centeredClipping([...X, f(100, 101, 102)], 1, 1, f(4, 5, 6));
		const step = 1 / (4 * Math.sqrt(3));
		arr(r.aggregate).forEach((x, i) => expect(x).toBeCloseTo(4 + i + step, 5));
		expect(r.distances[1]).toBe(0);
		expect(r.distances[3]).toBeCloseTo(96 * Math.sqrt(3), 4);
	});
});

describe('FLTrust', () => {
	it('trust = ReLU(cos) with the server update, each rescaled to its norm', () => {
		// g0 = (1,0): (2,0) cos 1 → (1,0); (0,3) cos 0; (−1,0) cos −1 → 0; (1,1) cos 1/√2 → (1,1)/√2.
		// Σ TS = 1 + 1/√2; aggregate = [(1 + 1/2), 1/2] / (1 + 1/√2)
		const r = fltrust([f(2, 0), f(0, 3), f(-1, 0), f(1, 1)], f(1, 0));
		expect(r.trust.map((t) => +t.toFixed(6))).toEqual([1, 0, 0, +Math.SQRT1_2.toFixed(6)]);
		const s = 1 + Math.SQRT1_2;
		expect(r.aggregate[0]).toBeCloseTo(1.5 / s, 6);
		expect(r.aggregate[1]).toBeCloseTo(0.5 / s, 6);
	});
	it('boosting buys nothing, and nobody trusted leaves the model where it is', () => {
		const a = fltrust([f(1, 0), f(0, 1)], f(1, 1)).aggregate;
		const b = fltrust([f(100, 0), f(0, 1)], f(1, 1)).aggregate;
		expect(arr(b)).toEqual(arr(a));
		expect(arr(fltrust([f(-1, 0)], f(1, 0)).aggregate)).toEqual([0, 0]);
	});
});

describe('norm clipping', () => {
	it('scales long updates to τ, then the weighted mean: (3,4) → (1.2,1.6) with τ = 2', () => {
		expect(arr(clipToNorm(f(3, 4), 2)).map((x) => +x.toFixed(6))).toEqual([1.2, 1.6]);
		const r = normClipMean([f(3, 4), f(0, 1)], [1, 1], 2);
		expect(arr(r.aggregate).map((x) => +x.toFixed(6))).toEqual([0.6, 1.3]);
		expect(r.norms).toEqual([5, 1]);
	});
});

describe('DnC', () => {
	it('the planted outlier dominates the top singular direction and is removed', () => {
		const honest = [f(0, 0), f(1, 0), f(-1, 0), f(0, 1), f(0, -1)];
		const r = dnc([...honest, f(10, 10)], 1, {
			subsample: 10,
			iterations: 2,
			filterFraction: 1,
			rng: createRng(1)
		});
		expect(r.kept).toEqual([0, 1, 2, 3, 4]);
		expect(arr(r.aggregate)).toEqual([0, 0]);
		expect(Math.max(...r.scores)).toBe(r.scores[5]);
	});
	it('refuses to remove every update', () => {
		expect(
			checkAggregator(
				{ kind: 'dnc', subsample: 10, iterations: 1, filterFraction: 3, f: 1 },
				{ n: 3, q: 1 }
			).errors
		).toHaveLength(1);
	});
});

describe('why: the per-update figures the rules report', () => {
	it('trimmed mean: the share of coordinates in which each update was trimmed', () => {
		expect(trimmedShares(X, 1)).toEqual([1, 0, 1]);
		expect(trimmedShares(X, 0)).toEqual([0, 0, 0]);
	});
	it('Krum reports its scores; FLTrust its trust; clipping its norms', () => {
		const ctx = { samples: [1, 1, 1, 1], byzantine: 1, rng: createRng(1) };
		const pts = [f(0, 0), f(1, 0), f(0, 1), f(9, 9)];
		expect(aggregators.krum.aggregate(pts, { kind: 'krum' }, ctx).why?.values).toHaveLength(4);
		const t = aggregators.fltrust.aggregate(
			pts,
			{ kind: 'fltrust', rootSize: 100 },
			{
				...ctx,
				reference: f(1, 0)
			}
		);
		expect(t.why?.values[2]).toBe(0);
		const c = aggregators.normClip.aggregate(pts, { kind: 'normClip', threshold: 1 }, ctx);
		expect(c.why?.values[1]).toBe(1);
	});
});
