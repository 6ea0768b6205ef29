/**
 * MeaMed (mean around the median) — Xie, Koyejo, Gupta 2018, "Generalized Byzantine-tolerant SGD",
 * arXiv:1802.10116.
 *
 * Per coordinate: take the median, then average the n − f values closest to it. With f = 0 it is
 * the mean; unlike the trimmed mean it trims asymmetrically, wherever the outliers are. Ties in the
 * distance to the median go to the lower update index (as a stable sort would). Unweighted.
 */
import { dimension, sortColumn } from './vectors';

/** MeaMed of `vectors` tolerating `f`; throws unless 0 ≤ f < n. */
export function meamed(vectors: readonly Float32Array[], f: number): Float32Array {
	const d = dimension(vectors, 'meamed');
	const n = vectors.length;
	if (!(f >= 0 && f < n)) throw new Error(`meamed: needs 0 ≤ f < n (n = ${n}, f = ${f})`);
	const keep = n - f;
	const sorted = new Float64Array(n);
	const order = Array.from({ length: n }, (_, i) => i);
	const out = new Float32Array(d);
	for (let c = 0; c < d; c++) {
		for (let k = 0; k < n; k++) sorted[k] = (vectors[k] as Float32Array)[c] as number;
		sortColumn(sorted);
		const mid = n >> 1;
		const med =
			n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
		const at = (k: number) => (vectors[k] as Float32Array)[c] as number;
		order.sort((a, b) => Math.abs(at(a) - med) - Math.abs(at(b) - med) || a - b);
		let s = 0;
		for (let k = 0; k < keep; k++) s += at(order[k] as number);
		out[c] = s / keep;
	}
	return out;
}
