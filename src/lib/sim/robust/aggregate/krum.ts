/**
 * Krum and Multi-Krum — Blanchard, El Mhamdi, Guerraoui, Stainer 2017, "Machine Learning with
 * Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS.
 *
 * Each update gets a score: the sum of squared distances to its n − f − 2 nearest other updates.
 * Honest updates sit in a cloud, so their nearest neighbours are close; an attacker far from the
 * cloud scores badly. Krum returns the single best-scored update, Multi-Krum the mean of the m
 * best. The guarantee needs n > 2f + 2. When fewer updates arrive than that (dropped or non-finite
 * ones), the neighbour count is clamped to at least 1 so that the rule still returns something.
 */
import { dimension, squaredDistance } from './vectors';

export interface KrumResult {
	/** The selected update (Krum) or the mean of the selected ones (Multi-Krum). */
	readonly aggregate: Float32Array;
	/** Indices of the selected updates, best score first. */
	readonly selected: readonly number[];
	/** The score of every update (lower is better). */
	readonly scores: readonly number[];
}

/** n − f − 2 clamped to [1, n − 1] (0 for a single update): the neighbours each score sums over. */
export function krumNeighbours(n: number, f: number): number {
	return Math.min(Math.max(n - f - 2, 1), n - 1);
}

/** Krum scores: for each update, the sum of squared distances to its n − f − 2 nearest others. */
export function krumScores(vectors: readonly Float32Array[], f: number): number[] {
	dimension(vectors, 'krum');
	const n = vectors.length;
	const dist = Array.from({ length: n }, () => new Float64Array(n));
	for (let i = 0; i < n; i++)
		for (let j = i + 1; j < n; j++) {
			const d = squaredDistance(vectors[i] as Float32Array, vectors[j] as Float32Array);
			(dist[i] as Float64Array)[j] = d;
			(dist[j] as Float64Array)[i] = d;
		}
	const m = krumNeighbours(n, f);
	return dist.map((row, i) => {
		const others = Array.from(row).filter((_, j) => j !== i);
		others.sort((a, b) => a - b);
		return others.slice(0, m).reduce((s, x) => s + x, 0);
	});
}

/** Multi-Krum: the mean of the `select` best-scored updates (ties: the lower index first). */
export function multiKrum(vectors: readonly Float32Array[], f: number, select: number): KrumResult {
	const scores = krumScores(vectors, f);
	const order = scores
		.map((_, i) => i)
		.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
	const selected = order.slice(0, Math.min(Math.max(select, 1), vectors.length));
	const d = (vectors[0] as Float32Array).length;
	const sum = new Float64Array(d);
	for (const k of selected) {
		const v = vectors[k] as Float32Array;
		for (let i = 0; i < d; i++) sum[i] = (sum[i] as number) + (v[i] as number);
	}
	const aggregate = new Float32Array(d);
	for (let i = 0; i < d; i++) aggregate[i] = (sum[i] as number) / selected.length;
	return { aggregate, selected, scores };
}

/** Krum: the single best-scored update. */
export function krum(vectors: readonly Float32Array[], f: number): KrumResult {
	return multiKrum(vectors, f, 1);
}
