/**
 * Coordinate-wise β-trimmed mean — Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates", ICML, arXiv:1803.01498.
 *
 * For every coordinate, sort the n values, drop the ⌊β·n⌋ smallest and the ⌊β·n⌋ largest, and
 * average the rest. With β ≥ (Byzantine fraction) every attacker's value is either trimmed or lies
 * between honest values. β must stay below 1/2 so that something is left; β = 0 is the plain mean.
 * Unweighted, as in the paper (a claimed n_k would be an attacker's lever).
 */
import { dimension, sortColumn } from './vectors';

/** How many values `trimmedMean` drops at each end: ⌊β·n⌋. */
export function trimCount(n: number, beta: number): number {
	return Math.floor(beta * n + 1e-9);
}

/** The β-trimmed mean of each coordinate over `vectors`; throws unless 0 ≤ β < 1/2. */
export function trimmedMean(vectors: readonly Float32Array[], beta: number): Float32Array {
	if (!(beta >= 0 && beta < 0.5))
		throw new Error(`trimmedMean: β must be in [0, 0.5), got ${beta}`);
	const d = dimension(vectors, 'trimmedMean');
	const n = vectors.length;
	const t = trimCount(n, beta);
	const column = new Float64Array(n);
	const out = new Float32Array(d);
	for (let i = 0; i < d; i++) {
		for (let k = 0; k < n; k++) column[k] = (vectors[k] as Float32Array)[i] as number;
		sortColumn(column);
		let s = 0;
		for (let k = t; k < n - t; k++) s += column[k] as number;
		out[i] = s / (n - 2 * t);
	}
	return out;
}
