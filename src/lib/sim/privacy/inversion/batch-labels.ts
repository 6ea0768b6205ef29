/**
 * The labels of a batch from the last layer's bias gradient: ∂L/∂b = mean over the batch of
 * (p − y), negative exactly for the classes present when the model is not yet confident — iDLG's
 * sign rule (Zhao et al. 2020, arXiv:2001.02610) extended to batches of distinct labels, as in
 * Yin, Mallya, Vahdat, Alvarez, Kautz, Molchanov 2021, "See through Gradients" (GradInversion),
 * arXiv:2104.07586. Repeated labels cannot be told apart this way: the most negative classes are
 * repeated to fill the batch.
 */

/** B labels guessed from the bias gradient of the last layer (most negative entries first). */
export function labelsFromBias(gb: Float32Array, batch: number): number[] {
	const order = [...gb.keys()].sort((a, b) => (gb[a] as number) - (gb[b] as number));
	const negative = order.filter((c) => (gb[c] as number) < 0);
	const pool = negative.length ? negative : order.slice(0, 1);
	return Array.from({ length: batch }, (_, i) => pool[i % pool.length] as number).sort(
		(a, b) => a - b
	);
}

/** How many of `truth` are matched by `guess` (as multisets). */
export function labelsMatched(truth: readonly number[], guess: readonly number[]): boolean[] {
	const left = [...guess];
	return truth.map((y) => {
		const i = left.indexOf(y);
		if (i < 0) return false;
		left.splice(i, 1);
		return true;
	});
}
