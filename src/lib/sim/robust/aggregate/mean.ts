/**
 * The FedAvg aggregate of McMahan et al. 2017 (arXiv:1602.05629): the mean of the returned
 * models weighted by each client's sample count n_k, over the clients that took part.
 */
import type { ClientUpdate } from './types';

/** Σ w_k·x_k / Σ w_k, coordinate by coordinate. Throws on an empty list or non-positive total weight. */
export function weightedMean(
	vectors: readonly Float32Array[],
	weights: readonly number[]
): Float32Array {
	const first = vectors[0];
	if (!first) throw new Error('weightedMean: no vectors');
	if (weights.length !== vectors.length) throw new Error('weightedMean: one weight per vector');
	const total = weights.reduce((a, b) => a + b, 0);
	if (!(total > 0)) throw new Error('weightedMean: weights must sum to a positive number');
	const out = new Float64Array(first.length);
	vectors.forEach((v, k) => {
		if (v.length !== first.length) throw new Error('weightedMean: vectors differ in length');
		const w = (weights[k] as number) / total;
		for (let i = 0; i < v.length; i++) out[i] = (out[i] as number) + w * (v[i] as number);
	});
	return Float32Array.from(out);
}

/** FedAvg's rule: the n_k-weighted mean of the clients' models. */
export function meanAggregate(updates: readonly ClientUpdate[]): Float32Array {
	return weightedMean(
		updates.map((u) => u.weights),
		updates.map((u) => u.samples)
	);
}
