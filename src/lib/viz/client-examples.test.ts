import { describe, expect, it } from 'vitest';
import { exampleImage } from './client-examples';

describe('exampleImage', () => {
	it('a 2 × 2 image of bytes 0, 85, 170, 255 → pixels 0, ⅓, ⅔, 1', () => {
		const img = exampleImage({ label: 1, pixels: btoa(String.fromCharCode(0, 85, 170, 255)) });
		expect([img.width, img.height]).toEqual([2, 2]);
		[0, 1 / 3, 2 / 3, 1].forEach((v, i) => expect(img.pixels[i]).toBeCloseTo(v, 6));
	});
});
