/**
 * FedAdam — Reddi et al. 2021, "Adaptive Federated Optimization", arXiv:2003.00295, Algorithm 2:
 * v_t = β2·v_{t−1} + (1 − β2)·Δ_t² (see adaptive.ts for the shared step).
 */
import { createAdaptive } from './adaptive';
import type { ServerOptimizer, ServerOptimizerSpecOf } from './types';

export function createAdam(spec: ServerOptimizerSpecOf<'adam'>): ServerOptimizer {
	return createAdaptive(spec, (v, d2, beta2) => beta2 * v + (1 - beta2) * d2);
}
