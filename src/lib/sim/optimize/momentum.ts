/**
 * Server momentum (FedAvgM) — Hsu, Qi, Brown 2019, "Measuring the Effects of Non-Identical Data
 * Distribution for Federated Visual Classification", arXiv:1909.06335.
 *
 * v ← β·v + Δ, x ← x + η_g·v, with v = 0 before the first round. The effective step is about
 * η_g/(1 − β), so with β = 0.9 and η_g = 1 the server moves up to ten times as far as FedAvg
 * once the updates agree round after round. With one local step of plain SGD this is distributed
 * SGD with heavy-ball momentum.
 */
import type { ServerOptimizer, ServerOptimizerSpecOf } from './types';

export function createMomentum(spec: ServerOptimizerSpecOf<'momentum'>): ServerOptimizer {
	const { learningRate: eta, beta } = spec;
	let v: Float64Array | null = null;
	return {
		step(x, delta) {
			const m = (v ??= new Float64Array(x.length));
			const out = new Float32Array(x.length);
			for (let i = 0; i < x.length; i++) {
				m[i] = beta * (m[i] as number) + (delta[i] as number);
				out[i] = (x[i] as number) + eta * (m[i] as number);
			}
			return out;
		}
	};
}
