/**
 * The geometric median by Weiszfeld's algorithm — E. Weiszfeld 1937, "Sur le point pour lequel la
 * somme des distances de n points donnés est minimum", Tôhoku Mathematical Journal 43 — with the
 * modification of Vardi & Zhang 2000 ("The multivariate L1-median and associated data depth",
 * PNAS 97) for iterates that land on a data point.
 *
 * The geometric median minimises the sum of Euclidean distances Σ‖x_i − z‖. Weiszfeld iterates
 * z ← T(z) = Σ w_i x_i / Σ w_i with w_i = 1/‖x_i − z‖: a mean in which far points count little.
 * When z sits on η data points, those have no finite weight; Vardi–Zhang then compute the pull
 * r = ‖Σ (x_i − z)/‖x_i − z‖‖ of the others: r ≤ η means z is the median, otherwise
 * z ← (1 − η/r)·T(z) + (η/r)·z. Its breakdown point is 1/2, like the coordinate-wise median's, but
 * it is rotation-invariant: it weighs whole updates, not each coordinate on its own. We start from
 * the coordinate-wise median (robust even to enormous updates) and stop when a step moves less than
 * `tolerance` × the median distance to the points (a scale no outlier can inflate).
 */
import { coordinateMedian } from './median';
import { dimension, sortColumn } from './vectors';

export interface WeiszfeldOptions {
	/** Iteration cap (default 500). */
	readonly maxIterations?: number;
	/** Stop when a step is shorter than this fraction of the median distance to the points (1e-7). */
	readonly tolerance?: number;
}

export interface WeiszfeldResult {
	readonly median: Float32Array;
	readonly iterations: number;
	readonly converged: boolean;
}

/** The geometric median of `vectors` (Weiszfeld with the Vardi–Zhang step). */
export function geometricMedian(
	vectors: readonly Float32Array[],
	opts: WeiszfeldOptions = {}
): WeiszfeldResult {
	const d = dimension(vectors, 'geometricMedian');
	const n = vectors.length;
	const maxIterations = opts.maxIterations ?? 500;
	const tolerance = opts.tolerance ?? 1e-7;
	let z: Float64Array = Float64Array.from(coordinateMedian(vectors));
	const done = (iterations: number, converged: boolean): WeiszfeldResult => ({
		median: Float32Array.from(z),
		iterations,
		converged
	});
	if (n <= 2) return done(0, true); // any point between two is a median; the midpoint is ours
	const dist = new Float64Array(n);
	for (let it = 1; it <= maxIterations; it++) {
		let maxDist = 0;
		for (let k = 0; k < n; k++) {
			const v = vectors[k] as Float32Array;
			let s = 0;
			for (let i = 0; i < d; i++) {
				const e = (v[i] as number) - (z[i] as number);
				s += e * e;
			}
			dist[k] = Math.sqrt(s);
			maxDist = Math.max(maxDist, dist[k] as number);
		}
		if (maxDist === 0) return done(it - 1, true);
		const onPoint = 1e-14 * maxDist; // closer than this counts as sitting on the point
		let eta = 0;
		let total = 0;
		const t = new Float64Array(d);
		for (let k = 0; k < n; k++) {
			const dk = dist[k] as number;
			if (dk <= onPoint) {
				eta++;
				continue;
			}
			const w = 1 / dk;
			total += w;
			const v = vectors[k] as Float32Array;
			for (let i = 0; i < d; i++) t[i] = (t[i] as number) + w * (v[i] as number);
		}
		let next: Float64Array;
		if (eta === 0) next = t.map((x) => x / total);
		else {
			// the pull Σ (x_i − z)/‖x_i − z‖ over the other points is t − total·z
			let r = 0;
			for (let i = 0; i < d; i++) r += ((t[i] as number) - total * (z[i] as number)) ** 2;
			r = Math.sqrt(r);
			if (r <= eta) return done(it, true); // the others pull less than the points here hold
			const a = eta / r;
			next = t.map((x, i) => (1 - a) * (x / total) + a * (z[i] as number));
		}
		let step = 0;
		for (let i = 0; i < d; i++) step += ((next[i] as number) - (z[i] as number)) ** 2;
		z = next;
		if (Math.sqrt(step) <= tolerance * (sortColumn(dist.slice())[n >> 1] as number))
			return done(it, true);
	}
	return done(maxIterations, false);
}
