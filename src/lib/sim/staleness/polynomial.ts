/**
 * Polynomial staleness weighting — Xie, Koyejo, Gupta 2019, "Asynchronous Federated
 * Optimization", arXiv:1903.03934: s_a(t − τ) = (t − τ + 1)^(−a). With a = 0.5 this is the
 * 1/√(1 + τ) that FedBuff (Nguyen et al. 2022, arXiv:2106.06639) uses.
 */
export function polynomialStaleness(staleness: number, a: number): number {
	return Math.pow(staleness + 1, -a);
}
