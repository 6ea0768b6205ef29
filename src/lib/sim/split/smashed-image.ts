/**
 * Lays out one sample's activations as a grayscale picture, so the page can show what the server
 * of split learning receives: a convolutional activation [h, w, c] becomes c tiles of h × w in a
 * near-square grid (early cuts still look like the digit), a flat vector of n values a near-square
 * grid of n cells (784 values: 28 × 28). Pure; the pixels are min–max normalised per sample.
 */

export interface GrayImage {
	readonly width: number;
	readonly height: number;
	/** Row-major, 0 (the sample's smallest value) to 1 (its largest); cells past the data are 0. */
	readonly pixels: Float32Array;
	/** The grid of tiles (one tile per channel; a flat vector is one tile). */
	readonly tiles: {
		readonly cols: number;
		readonly rows: number;
		readonly tileWidth: number;
		readonly tileHeight: number;
	};
}

/** The picture of `values` (one sample, row-major in `shape`, channels last). */
export function activationImage(values: ArrayLike<number>, shape: readonly number[]): GrayImage {
	const n = shape.reduce((a, b) => a * b, 1);
	if (values.length !== n)
		throw new Error(`${values.length} values for shape [${shape.join(', ')}]`);
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < n; i++) {
		const x = values[i] as number;
		if (x < lo) lo = x;
		if (x > hi) hi = x;
	}
	const scale = hi > lo ? 1 / (hi - lo) : 0;
	const norm = (x: number) => (x - lo) * scale;
	if (shape.length === 3) {
		const [h, w, c] = shape as [number, number, number];
		const cols = Math.ceil(Math.sqrt(c));
		const rows = Math.ceil(c / cols);
		const width = cols * w;
		const pixels = new Float32Array(width * rows * h);
		for (let y = 0; y < h; y++)
			for (let x = 0; x < w; x++)
				for (let ch = 0; ch < c; ch++) {
					const px = (ch % cols) * w + x;
					const py = Math.floor(ch / cols) * h + y;
					pixels[py * width + px] = norm(values[(y * w + x) * c + ch] as number);
				}
		return { width, height: rows * h, pixels, tiles: { cols, rows, tileWidth: w, tileHeight: h } };
	}
	const width = Math.ceil(Math.sqrt(n));
	const height = Math.ceil(n / width);
	const pixels = new Float32Array(width * height);
	for (let i = 0; i < n; i++) pixels[i] = norm(values[i] as number);
	return {
		width,
		height,
		pixels,
		tiles: { cols: 1, rows: 1, tileWidth: width, tileHeight: height }
	};
}
