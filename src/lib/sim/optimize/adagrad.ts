/**
 * FedAdagrad — Reddi et al. 2021, "Adaptive Federated Optimization", arXiv:2003.00295,
 * Algorithm 2: v_t = v_{t−1} + Δ_t² (β2 is not used; see adaptive.ts for the shared step).
 */
import { createAdaptive } from './adaptive';
import type { ServerOptimizer, ServerOptimizerSpecOf } from './types';

export function createAdagrad(spec: ServerOptimizerSpecOf<'adagrad'>): ServerOptimizer {
	return createAdaptive(spec, (v, d2) => v + d2);
}
