/** Per-update "why" figures for the coordinate-wise rules (the chapter's message card reads them). */
import { dimension } from './vectors';

/**
 * For each update, the share of coordinates in which its value was among the `t` smallest or the
 * `t` largest (ties to the lower index): what the trimmed mean dropped of it.
 */
export function trimmedShares(vectors: readonly Float32Array[], t: number): number[] {
	const d = dimension(vectors, 'trimmedShares');
	const n = vectors.length;
	const hits = new Float64Array(n);
	if (t <= 0) return Array.from(hits);
	const order = Array.from({ length: n }, (_, i) => i);
	for (let c = 0; c < d; c++) {
		const at = (k: number) => (vectors[k] as Float32Array)[c] as number;
		order.sort((a, b) => at(a) - at(b) || a - b);
		for (let k = 0; k < t; k++) {
			const lo = order[k] as number;
			const hi = order[n - 1 - k] as number;
			hits[lo] = (hits[lo] as number) + 1;
			hits[hi] = (hits[hi] as number) + 1;
		}
	}
	return Array.from(hits, (h) => h / d);
}
