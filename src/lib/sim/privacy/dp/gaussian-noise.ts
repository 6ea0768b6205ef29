/**
 * The Gaussian mechanism: N(0, std²) added to every coordinate (Dwork & Roth 2014, "The
 * Algorithmic Foundations of Differential Privacy", Appendix A). DP-FedAvg adds std = σ·S to the
 * sum of clipped updates (central DP); in local DP every client adds it to its own clipped update
 * before it leaves the device.
 */
import type { Rng } from '../../core/rng';

/** v + N(0, std²) in every coordinate, as a new array; `v` itself when std is 0. */
export function addGaussianNoise(v: Float32Array, std: number, rng: Rng): Float32Array {
	if (std === 0) return v;
	return v.map((x) => x + std * rng.normal());
}
