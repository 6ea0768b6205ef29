import { describe, expect, it } from 'vitest';
import { reconstructFromFirstLayer } from './analytic';
import { labelFromLastLayer } from './idlg-label';
import { bestMatch, imageQuality } from './quality';

describe('image quality', () => {
	it('PSNR = 10·log10(1/MSE); exact is ∞; clamps to [0, 1]', () => {
		expect(imageQuality([0, 1], [0, 1])).toEqual({ mse: 0, psnr: Infinity });
		const q = imageQuality([0, 0, 0, 0], [0.1, 0.1, 0.1, 0.1]);
		expect(q.mse).toBeCloseTo(0.01, 12);
		expect(q.psnr).toBeCloseTo(20, 10);
		expect(imageQuality([1], [7]).mse).toBe(0);
		expect(bestMatch(new Float32Array([1, 1, 0, 0]), 2, [0, 0.1]).index).toBe(1);
	});
});

describe('analytic reconstruction (Phong et al. 2017), hand-computed', () => {
	it('divides a kernel column by its bias gradient', () => {
		// x = (0.5, 0.25), two units with ∂L/∂z = (0, −2): gW[j][i] = x_j·dz_i
		const gW = new Float32Array([0, -1, 0, -0.5]);
		const gb = new Float32Array([0, -2]);
		expect([...(reconstructFromFirstLayer(gW, gb, 2) as Float32Array)]).toEqual([0.5, 0.25]);
		expect(reconstructFromFirstLayer(gW, new Float32Array(2), 2)).toBeNull();
	});
});

describe('iDLG label (Zhao et al. 2020), hand-computed', () => {
	it('picks the column with negative entries', () => {
		// activations (1, 2), p = (0.2, 0.5, 0.3), true class 2: p − y = (0.2, 0.5, −0.7)
		const gW = new Float32Array([0.2, 0.5, -0.7, 0.4, 1.0, -1.4]);
		expect(labelFromLastLayer(gW, 3)).toBe(2);
	});
});
