/**
 * From Rényi DP to (ε, δ)-DP. For an RDP curve ε_R(α), the mechanism is (ε, δ)-DP with
 *   ε = min_α  ε_R(α) + log((α − 1)/α) − (log δ + log α)/(α − 1)
 * — the conversion of Balle, Barthe, Gaboardi, Hsu, Sato 2020, "Hypothesis Testing
 * Interpretations and Rényi Differential Privacy", arXiv:1905.09982 (Theorem 21), tighter than
 * Mironov 2017's ε_R(α) + log(1/δ)/(α − 1) and the one Opacus and TF Privacy use today.
 */

/** Opacus's default orders: 1.1, 1.2, …, 10.9 and 12, 13, …, 63. */
export const DEFAULT_ORDERS: readonly number[] = [
	...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10),
	...Array.from({ length: 52 }, (_, i) => 12 + i)
];

export interface EpsilonResult {
	/** The smallest ε over the orders (∞ when every order is ∞, e.g. σ = 0). */
	readonly epsilon: number;
	/** The order α that gave it (NaN when ε is ∞). */
	readonly order: number;
}

/** ε for a target δ in (0, 1), given the RDP ε_R(α) at each order. */
export function epsilonFromRdp(
	orders: readonly number[],
	rdp: readonly number[],
	delta: number
): EpsilonResult {
	if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1) (got ${delta})`);
	let epsilon = Infinity;
	let order = NaN;
	orders.forEach((a, i) => {
		const r = rdp[i] as number;
		if (!Number.isFinite(r)) return;
		const eps = r + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
		if (eps < epsilon) {
			epsilon = eps;
			order = a;
		}
	});
	return { epsilon: Math.max(0, epsilon), order };
}
