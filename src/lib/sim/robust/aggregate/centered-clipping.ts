/**
 * Centered clipping — Karimireddy, He, Jaggi 2021, "Learning from History for Byzantine Robust
 * Optimization", ICML, arXiv:2012.10333.
 *
 * Start from a centre v (here: the previous round's aggregate, as in the paper where it is the
 * server's momentum; zero in the first round) and iterate L times:
 * v ← v + (1/n)·Σ_i clip(x_i − v, τ), with clip(z, τ) = z·min(1, τ/‖z‖). An attacker can move the
 * result by at most τ/n per iteration, however far away it is. Unweighted, as in the paper and
 * ByzFL (whose default is L = 1; its τ default of 100 is for raw gradients, ours for deltas is 1).
 */
import { dimension } from './vectors';

export interface CenteredClippingResult {
	readonly aggregate: Float32Array;
	/** ‖x_i − v₀‖, each update's distance from the starting centre (those above τ get clipped). */
	readonly distances: readonly number[];
}

/** L iterations of centred clipping of `vectors` around `center` (zero when absent) with radius τ. */
export function centeredClipping(
	vectors: readonly Float32Array[],
	tau: number,
	iterations: number,
	center?: Float32Array
): CenteredClippingResult {
	const d = dimension(vectors, 'centeredClipping');
	if (!(tau > 0)) throw new Error(`centeredClipping: τ must be positive, got ${tau}`);
	if (center && center.length !== d) throw new Error('centeredClipping: centre length differs');
	const n = vectors.length;
	const v = center ? Float64Array.from(center) : new Float64Array(d);
	let distances: number[] = [];
	for (let it = 0; it < iterations; it++) {
		const norms = vectors.map((x) => {
			let s = 0;
			for (let i = 0; i < d; i++) s += ((x[i] as number) - (v[i] as number)) ** 2;
			return Math.sqrt(s);
		});
		if (it === 0) distances = norms;
		const step = new Float64Array(d);
		vectors.forEach((x, k) => {
			const norm = norms[k] as number;
			const scale = norm > tau ? tau / norm : 1;
			for (let i = 0; i < d; i++)
				step[i] = (step[i] as number) + scale * ((x[i] as number) - (v[i] as number));
		});
		for (let i = 0; i < d; i++) v[i] = (v[i] as number) + (step[i] as number) / n;
	}
	return { aggregate: Float32Array.from(v), distances };
}
