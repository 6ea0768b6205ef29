import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { alie, alieZ, normalQuantile } from './alie';
import { craftUpdates } from './index';

const f = (...x: number[]) => Float32Array.from(x);

describe('ALIE (Baruch et al. 2019)', () => {
	it('Φ⁻¹ matches the normal table', () => {
		expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
		expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
		expect(normalQuantile(0.7)).toBeCloseTo(0.524401, 5);
		expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
		expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 5);
	});

	it.each([
		// s = ⌊n/2 + 1⌋ − f, z = Φ⁻¹((n − s)/n)
		{ n: 10, f: 3, z: 0.524401 }, // s = 3, Φ⁻¹(0.7)
		{ n: 50, f: 12, z: 0.582842 }, // s = 14, Φ⁻¹(0.72)
		{ n: 10, f: 1, z: 0 } // s = 5, Φ⁻¹(0.5)
	])('z for n = $n, f = $f is $z', ({ n, f: byz, z }) => {
		expect(alieZ(n, byz)).toBeCloseTo(z, 5);
	});

	it('sends mean − z·std per coordinate (by hand)', () => {
		// coordinate 0: {1, 3} → μ 2, σ 1; coordinate 1: {0, 0} → μ 0, σ 0
		expect(Array.from(alie([f(1, 0), f(3, 0)], 1.5))).toEqual([0.5, 0]);
	});

	it('all colluders send the same vector, built from every honestly trained update', () => {
		const honest = [f(1, 10), f(3, 10)];
		const own = [f(2, 10)];
		const out = craftUpdates({ kind: 'alie', z: 1 }, { own, honest, rng: createRng(1) });
		// {1, 3, 2}: μ 2, σ √(2/3)
		expect(out).toHaveLength(1);
		expect(out[0]?.[0]).toBeCloseTo(2 - Math.sqrt(2 / 3), 6);
		expect(out[0]?.[1]).toBe(10);
		const two = craftUpdates(
			{ kind: 'alie', z: 'auto' },
			{ own: [...own, own[0]!], honest, rng: createRng(1) }
		);
		expect(Array.from(two[0]!)).toEqual(Array.from(two[1]!));
	});
});
