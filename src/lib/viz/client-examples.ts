/**
 * A client's example images (the `setup` event's `examples`) as grayscale pictures for its card,
 * drawn by the same canvas as split learning's smashed data. Pure.
 */
import { examplePixels, type ClientExample } from '$lib/sim/core/examples';
import { activationImage, type GrayImage } from '$lib/sim/split/smashed-image';

/** The picture of one example (a square image: 784 bytes are 28 × 28). */
export function exampleImage(e: ClientExample): GrayImage {
	const bytes = examplePixels(e);
	return activationImage(bytes, [bytes.length]);
}
