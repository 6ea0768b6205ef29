/**
 * ε after a number of rounds of DP-FedAvg, for the scenario's settings (see dp/ for the papers).
 * Central: every round is one sampled Gaussian mechanism with q = m/K (the share of clients a
 * round samples) and noise multiplier σ, so RDP after T rounds is T times one round's. Local: the
 * server sees who took part, so there is no amplification by sampling: a client that took part in
 * r rounds has composed r Gaussian mechanisms (q = 1), α·r/(2σ²) at order α; we report the worst
 * client's ε.
 */
import type { DpSpec } from '../core/schema';
import { DEFAULT_ORDERS, epsilonFromRdp } from './dp/epsilon';
import { sampledGaussianRdp } from './dp/sampled-gaussian-rdp';

/** ε at `dp.delta` after `steps` mechanisms with sampling rate q (1 for local DP). */
export function epsilonAfter(dp: DpSpec, q: number, steps: number): number {
	if (steps === 0) return 0;
	const rdp = sampledGaussianRdp(q, dp.noiseMultiplier, steps, DEFAULT_ORDERS);
	return epsilonFromRdp(DEFAULT_ORDERS, rdp, dp.delta).epsilon;
}
