/**
 * Divide-and-conquer (DnC) — Shejwalkar, Houmansadr 2021, "Manipulating the Byzantine: Optimizing
 * Model Poisoning Attacks and Defenses for Federated Learning", NDSS.
 *
 * Repeat `iterations` times: draw b random coordinates, centre the updates restricted to them,
 * find the top right singular vector v of the centred n × b matrix, score each update by its
 * squared projection ((x_i − μ)·v)², and keep the n − ⌈c·f⌉ with the lowest scores. The updates
 * kept in every iteration are averaged (plain mean, as in the paper and ByzFL). v comes from power
 * iteration on the n × n Gram matrix (cheap for the few updates of a round): v ∝ Cᵀu.
 */
import type { Rng } from '../../core/rng';
import { dimension } from './vectors';

export interface DncResult {
	readonly aggregate: Float32Array;
	/** Indices kept (in every iteration). */
	readonly kept: readonly number[];
	/** Outlier score of every update in the first iteration. */
	readonly scores: readonly number[];
}

/** Top eigenvector of the symmetric n × n matrix `g` by power iteration from a seeded start. */
function topEigenvector(g: Float64Array[], rng: Rng): Float64Array {
	const n = g.length;
	let u = Float64Array.from({ length: n }, () => rng.normal());
	for (let it = 0; it < 200; it++) {
		const w = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			let s = 0;
			const row = g[i] as Float64Array;
			for (let j = 0; j < n; j++) s += (row[j] as number) * (u[j] as number);
			w[i] = s;
		}
		const len = Math.hypot(...w);
		if (!(len > 0)) return u;
		let change = 0;
		for (let i = 0; i < n; i++) {
			const x = (w[i] as number) / len;
			change = Math.max(change, Math.abs(Math.abs(x) - Math.abs(u[i] as number)));
			w[i] = x;
		}
		u = w;
		if (change < 1e-12) break;
	}
	return u;
}

/** DnC of `vectors` removing ⌈c·f⌉ per iteration on `subsample` random coordinates. */
export function dnc(
	vectors: readonly Float32Array[],
	f: number,
	opts: { subsample: number; iterations: number; filterFraction: number; rng: Rng }
): DncResult {
	const d = dimension(vectors, 'dnc');
	const n = vectors.length;
	const remove = Math.ceil(opts.filterFraction * f - 1e-9);
	if (n - remove < 1) throw new Error(`dnc: removes ${remove} of ${n} updates, none left`);
	let good = new Set(vectors.map((_, i) => i));
	let first: number[] = [];
	let last = good;
	for (let it = 0; it < opts.iterations; it++) {
		const b = Math.min(opts.subsample, d);
		const coords = b === d ? Array.from({ length: d }, (_, i) => i) : opts.rng.sample(d, b);
		const rows = vectors.map((x) => Float64Array.from(coords, (c) => x[c] as number));
		const mu = new Float64Array(b);
		for (const r of rows)
			for (let j = 0; j < b; j++) mu[j] = (mu[j] as number) + (r[j] as number) / n;
		for (const r of rows) for (let j = 0; j < b; j++) r[j] = (r[j] as number) - (mu[j] as number);
		const gram = rows.map((ri) =>
			Float64Array.from(rows, (rj) => {
				let s = 0;
				for (let j = 0; j < b; j++) s += (ri[j] as number) * (rj[j] as number);
				return s;
			})
		);
		const u = topEigenvector(gram, opts.rng);
		// (C v)_i with v = Cᵀu/‖Cᵀu‖ is (G u)_i / ‖Cᵀu‖, and ‖Cᵀu‖² = uᵀ G u
		const gu = gram.map((row) => row.reduce((s, x, j) => s + x * (u[j] as number), 0));
		const norm2 = gu.reduce((s, x, i) => s + x * (u[i] as number), 0);
		const scores = gu.map((x) => (norm2 > 0 ? (x * x) / norm2 : 0));
		if (it === 0) first = scores;
		const order = scores
			.map((_, i) => i)
			.sort((a, c) => (scores[a] as number) - (scores[c] as number) || a - c);
		const keep = new Set(order.slice(0, n - remove));
		good = new Set([...good].filter((i) => keep.has(i)));
		last = keep;
	}
	// iterations can disagree until nothing is kept in all of them: then the last one decides
	const kept = [...(good.size ? good : last)].sort((a, b) => a - b);
	const out = new Float64Array(d);
	for (const k of kept) {
		const x = vectors[k] as Float32Array;
		for (let i = 0; i < d; i++) out[i] = (out[i] as number) + (x[i] as number) / kept.length;
	}
	return { aggregate: Float32Array.from(out), kept, scores: first };
}
