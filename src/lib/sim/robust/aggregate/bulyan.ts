/**
 * Bulyan — El Mhamdi, Guerraoui, Rouault 2018, "The Hidden Vulnerability of Distributed Learning
 * in Byzantium", ICML, arXiv:1802.07927.
 *
 * Two stages. Selection: apply Krum θ = n − 2f times, each time to the updates not yet selected
 * (the Krum scores are recomputed on the shrinking set, neighbour count n′ − f − 2 as in
 * krum.ts), and keep the θ winners. Aggregation: per coordinate, average the β = θ − 2f values of
 * the selected updates closest to their median. Needs n ≥ 4f + 3 (θ − 2f ≥ 3). This follows the
 * paper and Flower's `aggregate_bulyan` (iterated Krum, β closest to the median); ByzFL's Bulyan
 * follows the same two stages. Ties in the distance to the median go to the lower update index.
 */
import { krumScores } from './krum';
import { dimension } from './vectors';

export interface BulyanResult {
	readonly aggregate: Float32Array;
	/** Indices of the θ updates the Krum stage selected, in selection order. */
	readonly selected: readonly number[];
	/** Krum scores of the first selection step (over all n updates; lower is better). */
	readonly scores: readonly number[];
	/** Per update: the share of coordinates in which its value was among the β kept (0 if unselected). */
	readonly keptShare: readonly number[];
}

/** θ = n − 2f and β = θ − 2f of Bulyan for n updates and f Byzantine. */
export function bulyanSizes(n: number, f: number): { theta: number; beta: number } {
	return { theta: n - 2 * f, beta: n - 4 * f };
}

/** Bulyan of `vectors` tolerating `f` Byzantine ones; throws when n < 4f + 3 is violated badly (β < 1). */
export function bulyan(vectors: readonly Float32Array[], f: number): BulyanResult {
	const d = dimension(vectors, 'bulyan');
	const n = vectors.length;
	const { theta, beta } = bulyanSizes(n, f);
	if (beta < 1) throw new Error(`bulyan: needs n ≥ 4f + 3 (n = ${n}, f = ${f})`);
	const remaining = vectors.map((_, i) => i);
	const selected: number[] = [];
	let firstScores: number[] = [];
	while (selected.length < theta) {
		const scores = krumScores(
			remaining.map((i) => vectors[i] as Float32Array),
			f
		);
		if (!selected.length) firstScores = scores;
		let best = 0;
		for (let k = 1; k < scores.length; k++)
			if ((scores[k] as number) < (scores[best] as number)) best = k;
		selected.push(remaining[best] as number);
		remaining.splice(best, 1);
	}
	const out = new Float32Array(d);
	const kept = new Float64Array(n);
	const column = selected.map((i) => ({ i, x: 0 }));
	const sorted = new Float64Array(theta);
	for (let c = 0; c < d; c++) {
		for (let k = 0; k < theta; k++) {
			const e = column[k] as { i: number; x: number };
			e.x = (vectors[e.i] as Float32Array)[c] as number;
			sorted[k] = e.x;
		}
		sorted.sort();
		const mid = theta >> 1;
		const med =
			theta % 2
				? (sorted[mid] as number)
				: ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
		const byCloseness = [...column].sort(
			(a, b) => Math.abs(a.x - med) - Math.abs(b.x - med) || a.i - b.i
		);
		let s = 0;
		for (let k = 0; k < beta; k++) {
			const e = byCloseness[k] as { i: number; x: number };
			s += e.x;
			kept[e.i] = (kept[e.i] as number) + 1;
		}
		out[c] = s / beta;
	}
	return {
		aggregate: out,
		selected,
		scores: firstScores,
		keptShare: Array.from(kept, (k) => k / d)
	};
}
