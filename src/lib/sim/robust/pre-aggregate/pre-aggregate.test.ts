import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { coordinateMedian } from '../aggregate/median';
import { bucketing } from './bucketing';
import { preAggregate, preAggregatedCount } from './index';
import { nearestNeighbourMixing } from './nnm';

const f = (...x: number[]) => Float32Array.from(x);
const X = [f(1, 2, 3), f(4, 5, 6), f(7, 8, 9)];
const arr = (vs: readonly Float32Array[]) => vs.map((v) => Array.from(v));

describe('nearest-neighbour mixing', () => {
	it('f = 1 on X: each point and its nearest other (ties to the lower index)', () => {
		// [4,5,6] is 27 from both others: it mixes with [1,2,3]
		const r = nearestNeighbourMixing(X, 1);
		expect(arr(r.vectors)).toEqual([
			[2.5, 3.5, 4.5],
			[2.5, 3.5, 4.5],
			[5.5, 6.5, 7.5]
		]);
		expect(r.neighbours).toEqual([
			[0, 1],
			[1, 0],
			[2, 1]
		]);
	});
	it('f = 0 mixes everything into the mean; NNM + median ignores a planted outlier', () => {
		expect(arr(nearestNeighbourMixing(X, 0).vectors)).toEqual([
			[4, 5, 6],
			[4, 5, 6],
			[4, 5, 6]
		]);
		// 4 honest at 0/1 and one at 100, f = 1: every honest point mixes with 3 honest neighbours
		const pts = [f(0), f(1), f(0), f(1), f(100)];
		const mixed = nearestNeighbourMixing(pts, 1).vectors;
		expect(Array.from(coordinateMedian(mixed))).toEqual([0.5]);
	});
});

describe('bucketing', () => {
	it('one bucket of 3 is the mean; buckets of 1 are the updates; sizes ⌈n/s⌉', () => {
		expect(arr(bucketing(X, 3, createRng(1)).vectors)).toEqual([[4, 5, 6]]);
		const one = bucketing(X, 1, createRng(1));
		expect(one.buckets.map((b) => b.length)).toEqual([1, 1, 1]);
		expect(arr(one.vectors).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(arr(X));
		const two = bucketing(X, 2, createRng(5));
		expect(two.buckets.map((b) => b.length)).toEqual([2, 1]);
		expect(preAggregatedCount({ kind: 'bucketing', size: 2 }, 3)).toBe(2);
		two.buckets.forEach((b, k) => {
			const mean = [0, 1, 2].map(
				(c) => b.reduce((s, i) => s + (X[i]?.[c] as number), 0) / b.length
			);
			expect(Array.from(two.vectors[k] as Float32Array)).toEqual(mean);
		});
	});
	it('a bucket counts the samples of its members', () => {
		const r = preAggregate({ kind: 'bucketing', size: 3 }, X, [10, 20, 30], 1, createRng(1));
		expect(r.samples).toEqual([60]);
	});
});

describe('clip as a pre-step', () => {
	it('clips each update, reports the norms, keeps the order', () => {
		const r = preAggregate(
			{ kind: 'clip', threshold: 2 },
			[f(3, 4), f(0, 1)],
			[1, 1],
			0,
			createRng(1)
		);
		expect(arr(r.vectors).map((v) => v.map((x) => +x.toFixed(6)))).toEqual([
			[1.2, 1.6],
			[0, 1]
		]);
		expect(r.norms).toEqual([5, 1]);
	});
	it('none passes the vectors through untouched', () => {
		const r = preAggregate({ kind: 'none' }, X, [1, 1, 1], 0, createRng(1));
		expect(r.vectors).toBe(X);
	});
});
