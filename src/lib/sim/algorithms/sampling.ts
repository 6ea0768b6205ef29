/**
 * Client sampling: how many clients a round asks (McMahan et al. 2017, arXiv:1602.05629: a
 * fraction C of the K clients, at least one) and how many it over-selects (Bonawitz et al. 2019,
 * arXiv:1902.01046). Imports nothing else from `sim/` so that the robust checks can use it.
 */

/** m = max(⌊C·K⌋, 1): how many clients a round samples. */
export function clientsPerRound(clientFraction: number, clients: number): number {
	return Math.max(Math.floor(clientFraction * clients + 1e-9), 1);
}

/** ⌈m·overSelection⌉: how many clients a round asks when it over-selects. */
export function clientsAsked(m: number, overSelection: number): number {
	return Math.ceil(m * overSelection - 1e-9);
}
