/**
 * Coordinate-wise median — Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML, arXiv:1803.01498.
 *
 * Every coordinate of the aggregate is the median of that coordinate over the n updates (the mean
 * of the two middle values when n is even). One client can drag a mean anywhere; to drag a median
 * outside the range of the honest values, the attackers must be at least half of the clients.
 * Unweighted, as in the paper: weighting by the sample counts the clients report would let an
 * attacker buy influence by claiming a huge n_k.
 */
import { dimension, sortColumn } from './vectors';

/** The median of each coordinate over `vectors`. */
export function coordinateMedian(vectors: readonly Float32Array[]): Float32Array {
	const d = dimension(vectors, 'coordinateMedian');
	const n = vectors.length;
	const column = new Float64Array(n);
	const out = new Float32Array(d);
	const mid = n >> 1;
	for (let i = 0; i < d; i++) {
		for (let k = 0; k < n; k++) column[k] = (vectors[k] as Float32Array)[i] as number;
		sortColumn(column);
		out[i] =
			n % 2 ? (column[mid] as number) : ((column[mid - 1] as number) + (column[mid] as number)) / 2;
	}
	return out;
}
