/**
 * A 2-D picture of one round's updates: principal component analysis (PCA) of the update vectors,
 * so that the two axes are the directions in which this round's updates differ most. The honest
 * updates form a cloud; attackers that stand out (sign flip, scaling, noise) land far from it,
 * attackers that hide (ALIE) land inside it; the aggregates of the rules are projected on the same
 * axes to show where each rule lands.
 *
 * Cheap even for large models: the axes come from the n × n Gram matrix of the centred updates
 * (n ≤ `maxFit` of them, a seeded sample when there are more), diagonalised by cyclic Jacobi
 * rotations; every projected vector then costs one pass over its coordinates. Coordinates are
 * measured from "no change" (the zero update, i.e. the global model the round started from), which
 * is always (0, 0), and each axis is oriented so that the median update lies on its positive side:
 * with an honest majority, the honest cloud is to the right.
 */
import type { Rng } from '../core/rng';

export interface Point2 {
	readonly x: number;
	readonly y: number;
}

export interface Projection2 {
	/** One point per input vector. */
	readonly points: Point2[];
	/** The extra vectors (e.g. the rules' aggregates) on the same axes. */
	readonly extras: Point2[];
	/** The share of the fitted points' variance along x and along y. */
	readonly explained: readonly [number, number];
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi); eigenvectors are the columns of `vectors`. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): {
	values: number[];
	vectors: number[][];
} {
	const n = matrix.length;
	const a = matrix.map((row) => [...row]);
	const v = Array.from({ length: n }, (_, i) =>
		Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))
	);
	const at = (m: number[][], i: number, j: number) => (m[i] as number[])[j] as number;
	const set = (m: number[][], i: number, j: number, x: number) => {
		(m[i] as number[])[j] = x;
	};
	for (let sweep = 0; sweep < 100; sweep++) {
		let off = 0;
		let diag = 0;
		for (let i = 0; i < n; i++) {
			diag += at(a, i, i) ** 2;
			for (let j = i + 1; j < n; j++) off += at(a, i, j) ** 2;
		}
		if (off <= 1e-30 * diag || off === 0) break;
		for (let p = 0; p < n; p++)
			for (let q = p + 1; q < n; q++) {
				const apq = at(a, p, q);
				if (apq === 0) continue;
				const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
				const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				set(a, p, p, at(a, p, p) - t * apq);
				set(a, q, q, at(a, q, q) + t * apq);
				set(a, p, q, 0);
				set(a, q, p, 0);
				for (let k = 0; k < n; k++) {
					if (k !== p && k !== q) {
						const akp = at(a, k, p);
						const akq = at(a, k, q);
						set(a, k, p, c * akp - s * akq);
						set(a, p, k, c * akp - s * akq);
						set(a, k, q, s * akp + c * akq);
						set(a, q, k, s * akp + c * akq);
					}
					const vkp = at(v, k, p);
					const vkq = at(v, k, q);
					set(v, k, p, c * vkp - s * vkq);
					set(v, k, q, s * vkp + c * vkq);
				}
			}
	}
	return { values: a.map((row, i) => row[i] as number), vectors: v };
}

/** Projects `points` (and `extras`) onto the two principal axes of `points`. */
export function projectUpdates(
	points: readonly Float32Array[],
	extras: readonly Float32Array[],
	rng: Rng,
	maxFit = 64
): Projection2 {
	const zero = (k: number) => Array.from({ length: k }, () => ({ x: 0, y: 0 }));
	const first = points[0];
	if (!first) return { points: [], extras: zero(extras.length), explained: [0, 0] };
	const d = first.length;
	const fitIdx =
		points.length <= maxFit
			? points.map((_, i) => i)
			: rng.sample(points.length, maxFit).sort((a, b) => a - b);
	const m = fitIdx.length;
	const mu = new Float64Array(d);
	for (const k of fitIdx) {
		const p = points[k] as Float32Array;
		for (let i = 0; i < d; i++) mu[i] = (mu[i] as number) + (p[i] as number) / m;
	}
	// the fitted points, centred
	const fit = fitIdx.map((k) => {
		const p = points[k] as Float32Array;
		const c = new Float64Array(d);
		for (let i = 0; i < d; i++) c[i] = (p[i] as number) - (mu[i] as number);
		return c;
	});
	const gram = Array.from({ length: m }, () => new Array<number>(m).fill(0));
	for (let a = 0; a < m; a++)
		for (let b = a; b < m; b++) {
			const s = dot(fit[a] as Float64Array, fit[b] as Float64Array);
			(gram[a] as number[])[b] = s;
			(gram[b] as number[])[a] = s;
		}
	const { values, vectors } = symmetricEigen(gram);
	const order = values
		.map((_, i) => i)
		.sort((a, b) => (values[b] as number) - (values[a] as number));
	const total = values.reduce((s, x) => s + Math.max(x, 0), 0);
	const axes: (Float64Array | null)[] = [];
	const explained: number[] = [];
	for (const j of order.slice(0, 2)) {
		const lambda = values[j] as number;
		if (!(lambda > 1e-12 * (total || 1))) {
			axes.push(null);
			explained.push(0);
			continue;
		}
		const axis = new Float64Array(d);
		const scale = 1 / Math.sqrt(lambda);
		fit.forEach((c, k) => {
			const w = ((vectors[k] as number[])[j] as number) * scale;
			for (let i = 0; i < d; i++) axis[i] = (axis[i] as number) + w * (c[i] as number);
		});
		// orient: the median update on the positive side
		const along = points.map((p) => dot(p, axis)).sort((a, b) => a - b);
		if ((along[(along.length - 1) >> 1] as number) < 0)
			for (let i = 0; i < d; i++) axis[i] = -(axis[i] as number);
		axes.push(axis);
		explained.push(total > 0 ? lambda / total : 0);
	}
	while (axes.length < 2) {
		axes.push(null);
		explained.push(0);
	}
	const project = (v: ArrayLike<number>): Point2 => ({
		x: axes[0] ? dot(v, axes[0]) : 0,
		y: axes[1] ? dot(v, axes[1]) : 0
	});
	return {
		points: points.map(project),
		extras: extras.map(project),
		explained: [explained[0] ?? 0, explained[1] ?? 0]
	};
}

function dot(v: ArrayLike<number>, axis: Float64Array): number {
	let s = 0;
	for (let i = 0; i < axis.length; i++) s += (v[i] as number) * (axis[i] as number);
	return s;
}
