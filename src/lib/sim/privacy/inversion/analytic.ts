/**
 * Exact reconstruction of one input from its gradient — Phong, Aono, Hayashi, Wang, Moriai 2017,
 * "Privacy-Preserving Deep Learning via Additively Homomorphic Encryption" (IEEE TIFS 2018; ePrint
 * 2017/715), Section 2.
 *
 * For a first dense layer z = W₁ᵀx + b₁ (W₁ is inputs × units, the tfjs layout) and one sample,
 * ∂L/∂W₁[:, i] = x·∂L/∂z_i and ∂L/∂b₁[i] = ∂L/∂z_i, so any unit i with ∂L/∂b₁[i] ≠ 0 gives
 * x = ∂L/∂W₁[:, i] / ∂L/∂b₁[i] exactly. For a batch (or a FedAvg update) the same division gives a
 * mixture of the samples weighted by their ∂L/∂z_i: the attack degrades, which the table shows.
 * The server only needs the first layer's gradient; it does not need the model to be trained.
 */

/**
 * x̂ from the first layer's kernel gradient `gW` (inputs × units, row-major) and bias gradient
 * `gb` (units), using the unit with the largest |∂L/∂b|; null when every ∂L/∂b is 0 (e.g. all
 * ReLUs dead for this input).
 */
export function reconstructFromFirstLayer(
	gW: Float32Array,
	gb: Float32Array,
	inputs: number
): Float32Array | null {
	const units = gb.length;
	if (gW.length !== inputs * units)
		throw new RangeError(`kernel gradient has ${gW.length} values, expected ${inputs}×${units}`);
	let best = -1;
	for (let i = 0; i < units; i++)
		if (best < 0 ? gb[i] !== 0 : Math.abs(gb[i] as number) > Math.abs(gb[best] as number)) best = i;
	if (best < 0) return null;
	const db = gb[best] as number;
	const x = new Float32Array(inputs);
	for (let j = 0; j < inputs; j++) x[j] = (gW[j * units + best] as number) / db;
	return x;
}
