/**
 * FedNova — Wang, Liu, Liang, Joshi, Poor 2020, "Tackling the Objective Inconsistency Problem in
 * Heterogeneous Federated Optimization", arXiv:2007.07481.
 *
 * When clients take different numbers of local steps τ_i (more data, more epochs, partial work),
 * FedAvg's average over-weights the clients that walked further: it converges to the optimum of a
 * different objective, Σ p_i τ_i F_i / Σ p_i τ_i, not Σ p_i F_i (objective inconsistency). FedNova
 * normalises: with plain local SGD each client's update becomes its mean step d_i = (x − y_i)/τ_i,
 * and the server moves x ← x − τ_eff·Σ p_i·d_i with τ_eff = Σ p_i·τ_i and p_i = n_i/Σ n.
 * Handing the aggregator the models y_i' = x + (τ_eff/τ_i)·(y_i − x) gives exactly that step
 * through the n_k-weighted mean; with equal τ_i nothing changes (the updates are passed as they are).
 */
import type { ClientUpdate } from '../robust/aggregate/types';

/** The FedNova-rescaled updates: y_i' = x + (τ_eff/τ_i)·(y_i − x); `taus[i]` is τ of updates[i]. */
export function fednovaUpdates(
	x: Float32Array,
	updates: readonly ClientUpdate[],
	taus: readonly number[]
): ClientUpdate[] {
	if (taus.length !== updates.length) throw new Error('fednovaUpdates: one τ per update');
	if (taus.every((t) => t === taus[0])) return [...updates];
	const total = updates.reduce((s, u) => s + u.samples, 0);
	const tauEff = updates.reduce((s, u, i) => s + (u.samples / total) * (taus[i] as number), 0);
	return updates.map((u, i) => {
		const f = tauEff / (taus[i] as number);
		return {
			...u,
			weights: u.weights.map((y, j) => (x[j] as number) + f * (y - (x[j] as number)))
		};
	});
}
