/**
 * A digit drawn on a phone as an MNIST sample. MNIST's own preprocessing (LeCun, Bottou, Bengio,
 * Haffner 1998, "Gradient-based learning applied to document recognition"): the ink's bounding
 * box is scaled to fit a 20×20 box, aspect ratio kept, with anti-aliasing (here: area averaging),
 * and placed in a 28×28 image so that its centre of mass lands on the centre. Without this a
 * model trained on MNIST reads a student's digits badly, and vice versa.
 */

export const SIDE = 28;
const BOX = 20;

/** `ink` (w×h, row-major, 0 = paper … 1 = ink) as a 28×28 MNIST digit (all zeros if blank). */
export function toMnist(ink: Float32Array, w: number, h: number): Float32Array {
	let x0 = w;
	let y0 = h;
	let x1 = -1;
	let y1 = -1;
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++)
			if ((ink[y * w + x] as number) > 0.05) {
				x0 = Math.min(x0, x);
				x1 = Math.max(x1, x);
				y0 = Math.min(y0, y);
				y1 = Math.max(y1, y);
			}
	const out = new Float32Array(SIDE * SIDE);
	if (x1 < 0) return out;
	const bw = x1 - x0 + 1;
	const bh = y1 - y0 + 1;
	const scale = BOX / Math.max(bw, bh);
	const ow = Math.max(1, Math.round(bw * scale));
	const oh = Math.max(1, Math.round(bh * scale));
	// area average: each output pixel is the mean of the source pixels it covers
	const small = new Float32Array(ow * oh);
	for (let oy = 0; oy < oh; oy++)
		for (let ox = 0; ox < ow; ox++) {
			const sx0 = x0 + Math.floor((ox * bw) / ow);
			const sx1 = x0 + Math.max(Math.floor(((ox + 1) * bw) / ow), Math.floor((ox * bw) / ow) + 1);
			const sy0 = y0 + Math.floor((oy * bh) / oh);
			const sy1 = y0 + Math.max(Math.floor(((oy + 1) * bh) / oh), Math.floor((oy * bh) / oh) + 1);
			let sum = 0;
			for (let y = sy0; y < sy1; y++)
				for (let x = sx0; x < sx1; x++) sum += ink[y * w + x] as number;
			small[oy * ow + ox] = sum / ((sx1 - sx0) * (sy1 - sy0));
		}
	// centre of mass of the small image → the centre of the 28×28 one
	let mass = 0;
	let cx = 0;
	let cy = 0;
	for (let y = 0; y < oh; y++)
		for (let x = 0; x < ow; x++) {
			const v = small[y * ow + x] as number;
			mass += v;
			cx += v * (x + 0.5);
			cy += v * (y + 0.5);
		}
	const dx = Math.round(SIDE / 2 - cx / mass);
	const dy = Math.round(SIDE / 2 - cy / mass);
	const left = Math.min(Math.max(dx, 0), SIDE - ow);
	const top = Math.min(Math.max(dy, 0), SIDE - oh);
	for (let y = 0; y < oh; y++)
		for (let x = 0; x < ow; x++)
			out[(top + y) * SIDE + left + x] = Math.min(1, small[y * ow + x] as number);
	return out;
}
