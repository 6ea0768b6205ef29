/**
 * The adaptive server optimizers of Reddi et al. 2021, "Adaptive Federated Optimization",
 * arXiv:2003.00295, Algorithm 2 (FedAdagrad, FedAdam, FedYogi), which differ only in how the
 * second moment v moves:
 *
 *   m_t = β1·m_{t−1} + (1 − β1)·Δ_t                 (m_{−1} = 0)
 *   v_t = second(v_{t−1}, Δ_t²)                      (v_{−1} = τ²)
 *   x_{t+1} = x_t + η·m_t / (√v_t + τ)
 *
 * As in the paper there is no bias correction and v starts at τ². (Flower's FedAdam/FedYogi
 * start v at 0, and its FedAdam corrects the bias; the README notes the difference.)
 */
import type { ServerOptimizer } from './types';

export interface AdaptiveSettings {
	readonly learningRate: number;
	readonly beta1: number;
	readonly beta2: number;
	readonly tau: number;
}

/** v_t from v_{t−1} and Δ_t² (one coordinate). */
export type SecondMoment = (v: number, d2: number, beta2: number) => number;

export function createAdaptive(s: AdaptiveSettings, second: SecondMoment): ServerOptimizer {
	let m: Float64Array | null = null;
	let v: Float64Array | null = null;
	return {
		step(x, delta) {
			const mm = (m ??= new Float64Array(x.length));
			const vv = (v ??= new Float64Array(x.length).fill(s.tau * s.tau));
			const out = new Float32Array(x.length);
			for (let i = 0; i < x.length; i++) {
				const d = delta[i] as number;
				mm[i] = s.beta1 * (mm[i] as number) + (1 - s.beta1) * d;
				vv[i] = second(vv[i] as number, d * d, s.beta2);
				out[i] =
					(x[i] as number) +
					(s.learningRate * (mm[i] as number)) / (Math.sqrt(vv[i] as number) + s.tau);
			}
			return out;
		}
	};
}
