/**
 * Nearest-neighbour mixing (NNM) — Allouah, Farhadkhani, Guerraoui, Gupta, Pinot, Stephan 2023,
 * "Fixing by Mixing: A Recipe for Optimal Byzantine ML under Heterogeneity", AISTATS,
 * arXiv:2302.01772.
 *
 * Every update is replaced by the plain mean of its n − f nearest neighbours (Euclidean distance,
 * itself included, ties to the lower index), before any rule runs. Mixing pulls the honest updates
 * together (their spread shrinks, which helps under heterogeneity) while an attacker's mixed vector
 * is mostly made of honest ones. As in ByzFL's NNM.
 */
import { dimension, squaredDistance } from '../aggregate/vectors';

/** NNM of `vectors` for `f` Byzantine; also the neighbour sets (indices, nearest first). */
export function nearestNeighbourMixing(
	vectors: readonly Float32Array[],
	f: number
): { vectors: Float32Array[]; neighbours: number[][] } {
	const d = dimension(vectors, 'nnm');
	const n = vectors.length;
	const k = Math.max(1, n - f);
	const neighbours = vectors.map((x, i) => {
		const dist = vectors.map((y, j) => (i === j ? 0 : squaredDistance(x, y)));
		return dist
			.map((_, j) => j)
			.sort((a, b) => (dist[a] as number) - (dist[b] as number) || a - b)
			.slice(0, k);
	});
	const mixed = neighbours.map((set) => {
		const out = new Float64Array(d);
		for (const j of set) {
			const y = vectors[j] as Float32Array;
			for (let c = 0; c < d; c++) out[c] = (out[c] as number) + (y[c] as number) / set.length;
		}
		return Float32Array.from(out);
	});
	return { vectors: mixed, neighbours };
}
