/**
 * "A little is enough" (ALIE) — Baruch, Baruch, Goldberg 2019, "A Little Is Enough: Circumventing
 * Defenses For Distributed Learning", NeurIPS, arXiv:1902.06156.
 *
 * The attackers collude and all send μ − z·σ, where μ and σ are the per-coordinate mean and standard
 * deviation of the honestly trained updates. Every coordinate stays within z standard deviations of
 * the honest ones, so medians, trimmed means and Krum cannot tell the attackers apart, yet all of
 * them push the same way. The paper picks the largest z for which enough honest clients sit farther
 * from the mean than the attackers do, so that the attackers become the "median": with n clients of
 * which f are Byzantine, s = ⌊n/2 + 1⌋ − f and z = Φ⁻¹((n − s)/n).
 *
 * Here μ and σ come from every honestly trained update of the round: the honest clients' and the
 * attackers' own (the attackers train honestly first), i.e. an omniscient, colluding adversary.
 */
import { dimension } from '../aggregate/vectors';

/**
 * Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
 */
export function normalQuantile(p: number): number {
	if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
	const a = [
		-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
		2.506628277459239
	];
	const b = [
		-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572
	];
	const c = [
		-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
		4.374664141464968, 2.938163982698783
	];
	const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
	const poly = (k: number[], x: number) => k.reduce((s, ci) => s * x + ci, 0);
	const low = 0.02425;
	if (p < low) {
		const q = Math.sqrt(-2 * Math.log(p));
		return poly(c, q) / (poly(d, q) * q + 1);
	}
	if (p > 1 - low) {
		const q = Math.sqrt(-2 * Math.log(1 - p));
		return -poly(c, q) / (poly(d, q) * q + 1);
	}
	const q = p - 0.5;
	const r = q * q;
	return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** The paper's z for n clients of which f are Byzantine: Φ⁻¹((n − s)/n), s = ⌊n/2 + 1⌋ − f; ≥ 0. */
export function alieZ(n: number, f: number): number {
	const s = Math.floor(n / 2 + 1) - f;
	const p = Math.min((n - s) / n, 0.9999);
	return Math.max(normalQuantile(p), 0);
}

/** μ − z·σ per coordinate of `updates` (σ: the population standard deviation). */
export function alie(updates: readonly Float32Array[], z: number): Float32Array {
	const d = dimension(updates, 'alie');
	const n = updates.length;
	const out = new Float32Array(d);
	for (let i = 0; i < d; i++) {
		let s = 0;
		for (const u of updates) s += u[i] as number;
		const mu = s / n;
		let v = 0;
		for (const u of updates) v += ((u[i] as number) - mu) ** 2;
		out[i] = mu - z * Math.sqrt(v / n);
	}
	return out;
}
