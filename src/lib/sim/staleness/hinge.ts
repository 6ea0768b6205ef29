/**
 * Hinge staleness weighting — Xie, Koyejo, Gupta 2019, "Asynchronous Federated Optimization",
 * arXiv:1903.03934: s_{a,b}(t − τ) = 1 while t − τ ≤ b, then 1 / (a·(t − τ − b) + 1): updates up to
 * b versions old count fully, older ones are damped quickly.
 */
export function hingeStaleness(staleness: number, a: number, b: number): number {
	return staleness <= b ? 1 : 1 / (a * (staleness - b) + 1);
}
