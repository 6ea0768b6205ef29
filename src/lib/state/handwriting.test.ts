import { describe, expect, it } from 'vitest';
import { SIDE, toMnist } from './handwriting';

/** A w×h page with ink in the rectangle [x0, x1) × [y0, y1). */
function page(w: number, h: number, x0: number, x1: number, y0: number, y1: number): Float32Array {
	const ink = new Float32Array(w * h);
	for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * w + x] = 1;
	return ink;
}

function box(img: Float32Array): { w: number; h: number; cx: number; cy: number } {
	let x0 = SIDE;
	let x1 = -1;
	let y0 = SIDE;
	let y1 = -1;
	let m = 0;
	let cx = 0;
	let cy = 0;
	for (let y = 0; y < SIDE; y++)
		for (let x = 0; x < SIDE; x++) {
			const v = img[y * SIDE + x] as number;
			if (v > 0) {
				x0 = Math.min(x0, x);
				x1 = Math.max(x1, x);
				y0 = Math.min(y0, y);
				y1 = Math.max(y1, y);
			}
			m += v;
			cx += v * (x + 0.5);
			cy += v * (y + 0.5);
		}
	return { w: x1 - x0 + 1, h: y1 - y0 + 1, cx: cx / m, cy: cy / m };
}

describe('toMnist', () => {
	it('scales a tall stroke to 20 pixels high, keeps its aspect, and centres its mass', () => {
		// a 40×200 bar in the top-left corner of a 280×280 canvas
		const img = toMnist(page(280, 280, 10, 50, 5, 205), 280, 280);
		const b = box(img);
		expect(b.h).toBe(20);
		expect(b.w).toBe(4); // 40 × 20/200
		expect(b.cx).toBeCloseTo(14, 0);
		expect(b.cy).toBeCloseTo(14, 0);
		expect(Math.max(...img)).toBe(1);
	});

	it('a blank page is all zeros', () => {
		expect(toMnist(new Float32Array(100), 10, 10).every((v) => v === 0)).toBe(true);
	});

	it('averages the area: columns of ink 1 and 0.2 give pixels of 0.6', () => {
		// a 40×40 square scaled to 20×20: each output pixel covers 2 × 2 source pixels
		const ink = new Float32Array(40 * 40);
		for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) ink[y * 40 + x] = x % 2 ? 0.2 : 1;
		const img = toMnist(ink, 40, 40);
		const values = new Set([...img].filter((v) => v > 0).map((v) => v.toFixed(2)));
		expect([...values]).toEqual(['0.60']);
		expect(img.filter((v) => v > 0)).toHaveLength(400);
	});
});
