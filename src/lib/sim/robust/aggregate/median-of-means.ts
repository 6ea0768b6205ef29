/**
 * Geometric median of means — Chen, Su, Xu 2017, "Distributed Statistical Machine Learning in
 * Adversarial Settings: Byzantine Gradient Descent", arXiv:1705.05491.
 *
 * Each round the n updates are split at random into k groups (re-drawn every round from the seeded
 * stream, so the attackers cannot plan which group they land in), each group is averaged, and the
 * aggregate is the geometric median of the k group means. Averaging first shrinks the honest noise
 * by the group size; the median then ignores the groups an attacker spoiled, as long as fewer than
 * half of them are spoiled: q < k/2 Byzantine clients. k = 1 is the plain mean, k = n the geometric
 * median. The coordinate-wise median of the group means is offered as a cheaper inner step.
 */
import type { Rng } from '../../core/rng';
import { geometricMedian } from './geometric-median';
import { coordinateMedian } from './median';
import { dimension, plainMean } from './vectors';

export type InnerMedian = 'geometric' | 'coordinate';

export interface MedianOfMeansResult {
	readonly aggregate: Float32Array;
	/** The groups of this round (indices into the input), in drawing order. */
	readonly groups: readonly (readonly number[])[];
}

/** Splits 0..n−1 at random into k groups whose sizes differ by at most one (k clamped to [1, n]). */
export function drawGroups(n: number, k: number, rng: Rng): number[][] {
	const g = Math.min(Math.max(Math.floor(k), 1), n);
	const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
	const groups: number[][] = [];
	let from = 0;
	for (let j = 0; j < g; j++) {
		const size = Math.floor(n / g) + (j < n % g ? 1 : 0);
		groups.push(order.slice(from, from + size).sort((a, b) => a - b));
		from += size;
	}
	return groups;
}

/** The median (geometric by default) of the means of k random groups of `vectors`. */
export function medianOfMeans(
	vectors: readonly Float32Array[],
	k: number,
	rng: Rng,
	inner: InnerMedian = 'geometric'
): MedianOfMeansResult {
	dimension(vectors, 'medianOfMeans');
	const groups = drawGroups(vectors.length, k, rng);
	const means = groups.map((g) =>
		Float32Array.from(plainMean(g.map((i) => vectors[i] as Float32Array)))
	);
	const aggregate = inner === 'geometric' ? geometricMedian(means).median : coordinateMedian(means);
	return { aggregate, groups };
}
