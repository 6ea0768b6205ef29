/**
 * Norm clipping (static threshold) — Sun, Kairouz, Suresh, McMahan 2019, "Can You Really Backdoor
 * Federated Learning?", arXiv:1911.07963.
 *
 * Every update longer than the threshold τ is scaled down to length τ; the rule then takes the
 * n_k-weighted mean (FedAvg on clipped updates). It does not remove an attacker, it bounds its
 * pull: a boosted backdoor update loses its boost. The same clipping is a pre-step
 * (`preAggregate: clip`) in front of any rule.
 */
import { weightedMean } from './mean';

/** ‖v‖, in double precision. */
export function l2norm(v: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
	return Math.sqrt(s);
}

/** `v` scaled to length ≤ τ (the same array when it is short enough). */
export function clipToNorm(v: Float32Array, tau: number): Float32Array {
	const n = l2norm(v);
	if (!(n > tau)) return v;
	const s = tau / n;
	return v.map((x) => x * s);
}

/** Clips every update to length τ, then takes the weighted mean; also returns the norms before. */
export function normClipMean(
	vectors: readonly Float32Array[],
	weights: readonly number[],
	tau: number
): { aggregate: Float32Array; norms: number[] } {
	if (!(tau > 0)) throw new Error(`normClip: the threshold must be positive, got ${tau}`);
	return {
		aggregate: weightedMean(
			vectors.map((v) => clipToNorm(v, tau)),
			weights
		),
		norms: vectors.map(l2norm)
	};
}
