/**
 * Server SGD — Reddi et al. 2021, "Adaptive Federated Optimization", arXiv:2003.00295 (FedAvg
 * with a server learning rate): x ← x + η_g·Δ. With η_g = 1 this is FedAvg, and the engine then
 * skips the optimizer entirely so the result is FedAvg's bit for bit (see index.ts).
 */
import type { ServerOptimizer, ServerOptimizerSpecOf } from './types';

export function createSgd(spec: ServerOptimizerSpecOf<'sgd'>): ServerOptimizer {
	const eta = spec.learningRate;
	return {
		step(x, delta) {
			return x.map((xi, i) => xi + eta * (delta[i] as number));
		}
	};
}
