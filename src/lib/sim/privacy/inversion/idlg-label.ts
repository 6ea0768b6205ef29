/**
 * The label of one sample from the last layer's gradient — Zhao, Mopuri, Bilen 2020, "iDLG:
 * Improved Deep Leakage from Gradients", arXiv:2001.02610.
 *
 * With softmax cross-entropy, ∂L/∂z_c = p_c − y_c is negative only for the true class; the last
 * layer's kernel gradient is a_j·(p_c − y_c) with a_j ≥ 0 after a ReLU, so the true class is the
 * one column whose entries are negative (the paper's argument). We sum each column of the kernel
 * gradient (inputs × classes, row-major): the most negative sum is the label. With a bias, its
 * gradient p − y gives the same answer directly; the kernel is what the paper uses.
 */

/** The class whose last-layer kernel-gradient column has the most negative sum. */
export function labelFromLastLayer(gW: Float32Array, classes: number): number {
	const sums = new Float64Array(classes);
	for (let i = 0; i < gW.length; i++)
		sums[i % classes] = (sums[i % classes] as number) + (gW[i] as number);
	let best = 0;
	for (let c = 1; c < classes; c++) if ((sums[c] as number) < (sums[best] as number)) best = c;
	return best;
}
