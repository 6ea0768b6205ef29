/**
 * Scaling (boosting): a client multiplies its honest update by λ so that it outweighs the others in
 * the mean — the explicit boosting of Bhagoji, Chakraborty, Mittal, Calo 2019 (ICML,
 * arXiv:1811.12470) and the model replacement of Bagdasaryan et al. 2020 (arXiv:1807.00459).
 */

/** factor × `update`. */
export function scaleUpdate(update: Float32Array, factor: number): Float32Array {
	return update.map((x) => factor * x);
}
