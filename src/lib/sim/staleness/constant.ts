/**
 * Constant staleness weighting — Xie, Koyejo, Gupta 2019, "Asynchronous Federated Optimization",
 * arXiv:1903.03934: s(t − τ) = 1, every update counts fully however old its starting model.
 */
export function constantStaleness(): number {
	return 1;
}
