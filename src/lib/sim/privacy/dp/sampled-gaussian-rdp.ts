/**
 * Rényi differential privacy of the sampled Gaussian mechanism — Mironov, Talwar, Zhang 2019,
 * "Rényi Differential Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530.
 *
 * Each step includes every record independently with probability q and adds N(0, σ²) noise to a
 * sum of records with sensitivity 1 (noise multiplier σ). Its RDP at order α is log(A_α)/(α − 1)
 * with A_α = E_{z∼μ₀}[((1 − q) + q·μ₁(z)/μ₀(z))^α], μ₀ = N(0, σ²), μ₁ = N(1, σ²) (the paper's
 * Section 3.3): for integer α the binomial expansion
 *   A_α = Σ_k C(α,k)·(1 − q)^(α−k)·q^k·exp((k² − k)/(2σ²)),
 * for fractional α the paper's two-sided series with erfc tails, summed until its terms are
 * negligible. Both in log space. T steps compose by addition. This is the accountant Opacus and
 * TF Privacy use; the tests check it against TF Privacy's published test values.
 */
import { logAdd, logErfc, logSub } from './log-math';

/** log A_α for integer α (binomial expansion). */
function logAInt(q: number, sigma: number, alpha: number): number {
	let logA = -Infinity;
	let logBinom = 0; // log C(α, 0)
	for (let k = 0; k <= alpha; k++) {
		if (k > 0) logBinom += Math.log((alpha - k + 1) / k);
		const term =
			logBinom + k * Math.log(q) + (alpha - k) * Math.log1p(-q) + (k * k - k) / (2 * sigma * sigma);
		logA = logAdd(logA, term);
	}
	return logA;
}

/** log A_α for fractional α (the paper's series; terms below e^−30 of nothing are dropped). */
function logAFrac(q: number, sigma: number, alpha: number): number {
	let pos0 = -Infinity;
	let pos1 = -Infinity;
	let neg0 = -Infinity;
	let neg1 = -Infinity;
	const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
	let logCoef = 0; // log |C(α, i)|
	let sign = 1;
	for (let i = 0; i < 100_000; i++) {
		if (i > 0) {
			const r = (alpha - i + 1) / i;
			logCoef += Math.log(Math.abs(r));
			if (r < 0) sign = -sign;
		}
		const j = alpha - i;
		const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
		const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
		const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
		const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
		const s0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
		const s1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
		if (sign > 0) {
			pos0 = logAdd(pos0, s0);
			pos1 = logAdd(pos1, s1);
		} else {
			neg0 = logAdd(neg0, s0);
			neg1 = logAdd(neg1, s1);
		}
		if (Math.max(s0, s1) < -30) break;
	}
	return logSub(logAdd(pos0, pos1), logAdd(neg0, neg1));
}

/**
 * RDP ε(α) of `steps` compositions of the sampled Gaussian mechanism with sampling rate `q` and
 * noise multiplier `sigma`, at each order in `orders` (α > 1). q = 1 is the Gaussian mechanism,
 * α/(2σ²) per step; σ = 0 (no noise) or α = ∞ gives ∞; q = 0 gives 0.
 */
export function sampledGaussianRdp(
	q: number,
	sigma: number,
	steps: number,
	orders: readonly number[]
): number[] {
	if (!(q >= 0 && q <= 1)) throw new RangeError(`sampling rate q must be in [0, 1] (got ${q})`);
	return orders.map((alpha) => {
		if (!(alpha > 1)) throw new RangeError(`RDP orders must be > 1 (got ${alpha})`);
		if (q === 0 || steps === 0) return 0;
		if (sigma === 0 || alpha === Infinity) return Infinity;
		if (q === 1) return (steps * alpha) / (2 * sigma * sigma);
		const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
		return (steps * logA) / (alpha - 1);
	});
}
