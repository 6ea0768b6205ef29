/**
 * FedYogi — Reddi et al. 2021, "Adaptive Federated Optimization", arXiv:2003.00295, Algorithm 2
 * (Yogi: Zaheer et al. 2018): v_t = v_{t−1} − (1 − β2)·Δ_t²·sign(v_{t−1} − Δ_t²), so v grows
 * no faster than additively and cannot collapse as quickly as Adam's (see adaptive.ts).
 */
import { createAdaptive } from './adaptive';
import type { ServerOptimizer, ServerOptimizerSpecOf } from './types';

export function createYogi(spec: ServerOptimizerSpecOf<'yogi'>): ServerOptimizer {
	return createAdaptive(spec, (v, d2, beta2) => v - (1 - beta2) * d2 * Math.sign(v - d2));
}
