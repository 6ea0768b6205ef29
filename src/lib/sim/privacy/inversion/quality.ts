/**
 * How close a reconstruction is to the true image: mean squared error and peak signal-to-noise
 * ratio, PSNR = 10·log10(peak² / MSE) with pixels in [0, 1] (peak 1), the measure of the
 * gradient-inversion papers (Zhu et al. 2019, Geiping et al. 2020). The reconstruction is clamped
 * to [0, 1] first, as an image would be displayed.
 */

export interface Quality {
	readonly mse: number;
	/** dB; ∞ for an exact reconstruction. */
	readonly psnr: number;
}

export function imageQuality(truth: ArrayLike<number>, guess: ArrayLike<number>): Quality {
	if (truth.length !== guess.length)
		throw new RangeError(`images differ in size (${truth.length} vs ${guess.length})`);
	let s = 0;
	for (let i = 0; i < truth.length; i++) {
		const g = Math.min(1, Math.max(0, guess[i] as number));
		const d = (truth[i] as number) - (Number.isFinite(g) ? g : 0);
		s += d * d;
	}
	const mse = s / truth.length;
	return { mse, psnr: mse === 0 ? Infinity : 10 * Math.log10(1 / mse) };
}

/** The best match of `guess` among `candidates` (images of the same size, row-major). */
export function bestMatch(
	candidates: Float32Array,
	size: number,
	guess: ArrayLike<number>
): Quality & { readonly index: number } {
	let best = { mse: Infinity, psnr: -Infinity, index: -1 };
	for (let k = 0; k * size < candidates.length; k++) {
		const q = imageQuality(candidates.subarray(k * size, (k + 1) * size), guess);
		if (q.mse < best.mse) best = { ...q, index: k };
	}
	return best;
}
