/**
 * A few of a client's own training images, for the client card of the graph ("its data"): up to
 * `EXAMPLES_PER_CLIENT` samples spread evenly over its partition (no random draw, so the run's
 * random streams are untouched), each min–max scaled to bytes and sent as base64 in the `setup`
 * event. Only image datasets, and only runs of at most `EXAMPLE_CLIENTS` clients, so that the
 * event stays small (3 MNIST digits are ~3 kB of text a client).
 */
import type { Dataset } from './dataset';

export const EXAMPLES_PER_CLIENT = 3;
export const EXAMPLE_CLIENTS = 50;

/** One sample as the card draws it: its label and its pixels (bytes, row-major, base64). */
export interface ClientExample {
	readonly label: number;
	/** Width × height bytes, 0 the sample's smallest value, 255 its largest, base64. */
	readonly pixels: string;
}

/** The samples at evenly spaced places of `indices`, or undefined for a dataset of no images. */
export function clientExamples(
	dataset: Pick<Dataset, 'inputShape' | 'train'>,
	indices: ArrayLike<number>,
	count = EXAMPLES_PER_CLIENT
): ClientExample[] | undefined {
	const [h, w, c] = dataset.inputShape;
	if (dataset.inputShape.length !== 3 || c !== 1 || !h || !w) return undefined;
	const size = h * w;
	const k = Math.min(count, indices.length);
	return Array.from({ length: k }, (_, i) => {
		const s = indices[Math.floor((i * indices.length) / k)] as number;
		const x = dataset.train.x.subarray(s * size, (s + 1) * size);
		let lo = Infinity;
		let hi = -Infinity;
		for (const v of x) {
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		const scale = hi > lo ? 255 / (hi - lo) : 0;
		let text = '';
		for (const v of x) text += String.fromCharCode(Math.round((v - lo) * scale));
		return { label: dataset.train.y[s] as number, pixels: btoa(text) };
	});
}

/** The bytes of an example's pixels. */
export function examplePixels(e: ClientExample): Uint8Array {
	const text = atob(e.pixels);
	return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}
