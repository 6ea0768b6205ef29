import { describe, expect, it } from 'vitest';
import { activationImage } from './smashed-image';

describe('activationImage', () => {
	it('draws a flat vector of 784 values as 28 × 28, normalised to 0..1', () => {
		const v = Float32Array.from({ length: 784 }, (_, i) => i * 2 - 5);
		const img = activationImage(v, [784]);
		expect([img.width, img.height]).toEqual([28, 28]);
		expect(img.pixels[0]).toBe(0);
		expect(img.pixels[783]).toBe(1);
		expect(img.pixels[28]).toBeCloseTo(28 / 783, 6);
	});

	it('pads a vector that is not a square', () => {
		const img = activationImage([1, 2, 3, 4, 5], [5]);
		expect([img.width, img.height]).toEqual([3, 2]);
		expect(Array.from(img.pixels)).toEqual([0, 0.25, 0.5, 0.75, 1, 0]);
	});

	it('tiles the channels of [h, w, c] in a near-square grid', () => {
		// 2 × 2 pixels, 3 channels: value = 100·channel + 10·y + x
		const v: number[] = [];
		for (let y = 0; y < 2; y++)
			for (let x = 0; x < 2; x++) for (let c = 0; c < 3; c++) v.push(100 * c + 10 * y + x);
		const img = activationImage(v, [2, 2, 3]);
		expect(img.tiles).toEqual({ cols: 2, rows: 2, tileWidth: 2, tileHeight: 2 });
		expect([img.width, img.height]).toEqual([4, 4]);
		const at = (x: number, y: number) => (img.pixels[y * 4 + x] as number) * 211; // max − min = 211
		expect(at(1, 1)).toBeCloseTo(11, 4); // channel 0, (1, 1)
		expect(at(2, 0)).toBeCloseTo(100, 4); // channel 1 starts at column 2
		expect(at(1, 3)).toBeCloseTo(211, 4); // channel 2, second tile row, (1, 1)
		expect(at(3, 3)).toBe(0); // no fourth channel
	});

	it('a constant activation is all zeros, and a wrong length throws', () => {
		expect(Array.from(activationImage([7, 7, 7, 7], [4]).pixels)).toEqual([0, 0, 0, 0]);
		expect(() => activationImage([1, 2, 3], [4])).toThrow(/shape/);
	});
});
