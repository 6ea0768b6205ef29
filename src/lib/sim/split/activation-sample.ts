/**
 * One sample's cut-layer activations, shrunk to ride on a smashed message's event
 * (`message.activations`, at most `ACTIVATION_VALUES` numbers) so the message card can draw what
 * the server receives. Pure and deterministic (no random draw):
 * - a flat vector of n ≤ max values is kept; a longer one is averaged over runs of
 *   `pool` = ⌈n / max⌉ consecutive values (the last run may be shorter);
 * - a convolutional activation [h, w, c] keeps full resolution when one channel fits, with its
 *   first ⌊max / (h·w)⌋ channels; otherwise it averages square blocks of `pool` × `pool` pixels
 *   (edge blocks over the pixels they hold), the smallest `pool` at which one channel fits, and
 *   keeps as many first channels as then fit.
 * Written here (a few loops) because the image helpers on npm resize RGBA pictures, not
 * channels-last tensors.
 */
import { ACTIVATION_VALUES, type ActivationSample } from '../core/events';

/** `values` (one sample, row-major in `shape`, channels last) shrunk to at most `max` numbers. */
export function activationSample(
	values: ArrayLike<number>,
	shape: readonly number[],
	max = ACTIVATION_VALUES
): ActivationSample {
	const n = shape.reduce((a, b) => a * b, 1);
	if (values.length !== n)
		throw new Error(`${values.length} activation values for shape [${shape.join(', ')}]`);
	if (!(max >= 1)) throw new Error(`max must be at least 1 (got ${max})`);
	const cut = [...shape];
	if (shape.length === 3) {
		const [h, w, c] = shape as [number, number, number];
		let pool = 1;
		while (Math.ceil(h / pool) * Math.ceil(w / pool) > max) pool++;
		const ph = Math.ceil(h / pool);
		const pw = Math.ceil(w / pool);
		const channels = Math.min(c, Math.floor(max / (ph * pw)));
		const out = new Array<number>(ph * pw * channels);
		for (let y = 0; y < ph; y++)
			for (let x = 0; x < pw; x++)
				for (let ch = 0; ch < channels; ch++) {
					let sum = 0;
					let cells = 0;
					for (let yy = y * pool; yy < Math.min(h, (y + 1) * pool); yy++)
						for (let xx = x * pool; xx < Math.min(w, (x + 1) * pool); xx++) {
							sum += values[(yy * w + xx) * c + ch] as number;
							cells++;
						}
					out[(y * pw + x) * channels + ch] = sum / cells;
				}
		return { shape: [ph, pw, channels], values: out, cut, pool };
	}
	const pool = Math.ceil(n / max);
	const len = Math.ceil(n / pool);
	const out = new Array<number>(len);
	for (let i = 0; i < len; i++) {
		let sum = 0;
		const end = Math.min(n, (i + 1) * pool);
		for (let j = i * pool; j < end; j++) sum += values[j] as number;
		out[i] = sum / (end - i * pool);
	}
	return { shape: [len], values: out, cut, pool };
}
