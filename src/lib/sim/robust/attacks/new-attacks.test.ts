import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { backdoorTrigger, stamp } from './backdoor';
import { craftUpdates } from './index';
import { ipm } from './ipm';
import { mimicTarget } from './mimic';
import { minMaxUpdate, perturbation } from './min-max';

const f = (...x: number[]) => Float32Array.from(x);

describe('IPM', () => {
	it('sends −ε × the mean of every honestly trained update', () => {
		expect(Array.from(ipm([f(1, 2), f(3, 4), f(5, 6)], 0.5))).toEqual([-1.5, -2]);
		const out = craftUpdates(
			{ kind: 'ipm', epsilon: 0.5 },
			{ own: [f(5, 6), f(0, 0)], honest: [f(1, 2), f(3, 4)], rng: createRng(1) }
		);
		// mean of the four trained updates: (9/4, 3)
		expect(out.map((u) => Array.from(u))).toEqual([
			[-1.125, -1.5],
			[-1.125, -1.5]
		]);
	});
});

describe('min-max and min-sum', () => {
	// honest (0,0), (2,0), (0,2): μ = (2/3, 2/3), unit direction p = −(1,1)/√2; write s = γ/√2.
	const honest = [f(0, 0), f(2, 0), f(0, 2)];
	it('perturbation directions', () => {
		expect(Array.from(perturbation(honest, 'sign'))).toEqual([-1, -1]);
		const u = Array.from(perturbation(honest, 'unit'));
		expect(u[0]).toBeCloseTo(-Math.SQRT1_2, 12);
		// std of (0,2,0) = √(8/9)
		expect(Array.from(perturbation(honest, 'std'))[0]).toBeCloseTo(-Math.sqrt(8 / 9), 12);
	});
	it('min-max: farthest honest ≤ the largest honest pair distance (9s² + 6s − 26 = 0)', () => {
		// ‖m − (2,0)‖² = (4/3 + s)² + (2/3 − s)² = 8  ⇔  9s² + 6s − 26 = 0
		const s = (-6 + Math.sqrt(36 + 36 * 26)) / 18;
		const r = minMaxUpdate(honest, 'unit', 'max');
		expect(r.gamma).toBeCloseTo(s * Math.SQRT2, 9);
		expect(r.update[0]).toBeCloseTo(2 / 3 - s, 5);
	});
	it('min-sum: Σ‖m − h‖² = 48/9 + 6s² ≤ max_i Σ_j ‖h_i − h_j‖² = 12', () => {
		const s = Math.sqrt(10 / 9);
		expect(minMaxUpdate(honest, 'unit', 'sum').gamma).toBeCloseTo(s * Math.SQRT2, 9);
	});
});

describe('mimic', () => {
	it('copies the honest update farthest from the honest mean', () => {
		expect(mimicTarget([f(0, 0), f(1, 0), f(10, 0)])).toBe(2);
		const out = craftUpdates(
			{ kind: 'mimic' },
			{ own: [f(9, 9)], honest: [f(0, 0), f(1, 0), f(10, 0)], rng: createRng(1) }
		);
		expect(Array.from(out[0] as Float32Array)).toEqual([10, 0]);
	});
});

describe('backdoor', () => {
	it('a white 4 × 4 square one pixel from the bottom-right corner of a 28 × 28 digit', () => {
		const t = backdoorTrigger([28, 28, 1], 7);
		expect(t?.target).toBe(7);
		expect(t?.features).toHaveLength(16);
		expect(t?.features[0]).toBe(23 * 28 + 23);
		expect(t?.features.at(-1)).toBe(26 * 28 + 26);
		expect(backdoorTrigger([2], 0)).toBeNull();
		const x = new Float32Array(2 * 784);
		stamp(x, 784, t!);
		expect(x.slice(0, 784).some((v) => v !== 0)).toBe(false);
		expect(x[784 + 23 * 28 + 23]).toBe(1);
	});
	it('sends its poisoned update, boosted × boost', () => {
		const out = craftUpdates(
			{ kind: 'backdoor', target: 0, poisonFraction: 0.5, boost: 10 },
			{ own: [f(0.5, -1)], honest: [], rng: createRng(1) }
		);
		expect(Array.from(out[0] as Float32Array)).toEqual([5, -10]);
	});
});
