/**
 * Min-max and min-sum — Shejwalkar, Houmansadr 2021, "Manipulating the Byzantine: Optimizing Model
 * Poisoning Attacks and Defenses for Federated Learning", NDSS (the rule-agnostic attacks).
 *
 * The attackers send m = μ + γ·p, where μ is the mean of the honest updates and p a perturbation
 * direction: −μ/‖μ‖ ("unit"), −sign(μ) ("sign") or −σ, the per-coordinate standard deviation
 * ("std"). γ is the largest value for which m does not stand out:
 * - min-max: max_i ‖m − h_i‖ ≤ max_{i,j} ‖h_i − h_j‖ (its farthest honest update is no farther
 *   than the two most distant honest updates are from each other);
 * - min-sum: Σ_i ‖m − h_i‖² ≤ max_i Σ_j ‖h_i − h_j‖².
 * Both sides are convex in γ and hold at γ = 0, so the feasible γ ≥ 0 form an interval: we bracket
 * its end by doubling and bisect (60 steps; the paper's search halves a step until it is below a
 * tolerance). The attackers know the honest updates but not the rule (AGR-agnostic).
 */
import { dimension, plainMean, squaredDistance } from '../aggregate/vectors';

export type Direction = 'unit' | 'sign' | 'std';
export type Bound = 'max' | 'sum';

/** The perturbation direction p for the honest updates `honest`. */
export function perturbation(honest: readonly Float32Array[], direction: Direction): Float64Array {
	const d = dimension(honest, 'minMax');
	const mu = plainMean(honest, 'minMax');
	if (direction === 'sign') return mu.map((x) => -Math.sign(x));
	if (direction === 'unit') {
		const n = Math.hypot(...mu);
		return n > 0 ? mu.map((x) => -x / n) : new Float64Array(d);
	}
	const out = new Float64Array(d);
	for (const h of honest)
		for (let i = 0; i < d; i++)
			out[i] = (out[i] as number) + ((h[i] as number) - (mu[i] as number)) ** 2;
	return out.map((x) => -Math.sqrt(x / honest.length));
}

/** max_{i,j} ‖h_i − h_j‖² (bound 'max') or max_i Σ_j ‖h_i − h_j‖² (bound 'sum'). */
function threshold(honest: readonly Float32Array[], bound: Bound): number {
	let best = 0;
	for (const a of honest) {
		let sum = 0;
		for (const b of honest) {
			const d2 = squaredDistance(a, b);
			sum += d2;
			if (bound === 'max') best = Math.max(best, d2);
		}
		if (bound === 'sum') best = Math.max(best, sum);
	}
	return best;
}

function spread(m: Float64Array, honest: readonly Float32Array[], bound: Bound): number {
	let out = 0;
	for (const h of honest) {
		const d2 = squaredDistance(m, h);
		out = bound === 'max' ? Math.max(out, d2) : out + d2;
	}
	return out;
}

/** The malicious update μ + γ·p with the largest admissible γ; also γ. */
export function minMaxUpdate(
	honest: readonly Float32Array[],
	direction: Direction,
	bound: Bound
): { update: Float32Array; gamma: number } {
	const mu = plainMean(honest, 'minMax');
	const p = perturbation(honest, direction);
	const limit = threshold(honest, bound);
	const at = (g: number) => mu.map((x, i) => x + g * (p[i] as number));
	const ok = (g: number) => spread(at(g), honest, bound) <= limit * (1 + 1e-12);
	let lo = 0;
	let hi = 1;
	while (ok(hi) && hi < 1e9) {
		lo = hi;
		hi *= 2;
	}
	for (let k = 0; k < 60; k++) {
		const mid = (lo + hi) / 2;
		if (ok(mid)) lo = mid;
		else hi = mid;
	}
	return { update: Float32Array.from(at(lo)), gamma: lo };
}
