import { describe, expect, it } from 'vitest';
import { RdpAccountant } from './accountant';
import { DEFAULT_ORDERS, epsilonFromRdp } from './epsilon';
import { sampledGaussianRdp } from './sampled-gaussian-rdp';

/** |got − want| ≤ 1e-3·|want| (the tolerance). */
function near(got: number, want: number): void {
	expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-3 * Math.abs(want));
}

// Reference values: TF Privacy, tensorflow_privacy/privacy/analysis/rdp_accountant_test.py
// (the same accountant as Opacus's opacus/accountants/analysis/rdp.py).
describe('sampled Gaussian RDP (Mironov, Talwar, Zhang 2019)', () => {
	it('q = 0 costs nothing; q = 1 is the Gaussian mechanism, α/(2σ²) per step', () => {
		expect(sampledGaussianRdp(0, 10, 1, [20])).toEqual([0]);
		expect(sampledGaussianRdp(1, 10, 1, [20])).toEqual([0.1]);
		for (const [sigma, steps, alpha] of [
			[1, 1, 2],
			[0.7, 50, 3.5],
			[4, 7, 63]
		] as const)
			expect(sampledGaussianRdp(1, sigma, steps, [alpha])[0]).toBeCloseTo(
				(steps * alpha) / (2 * sigma * sigma),
				12
			);
	});

	it('matches compute_rdp(0.1, 2, 10, 5) = 0.07737', () => {
		near(sampledGaussianRdp(0.1, 2, 10, [5])[0] as number, 0.07737);
	});

	it('matches compute_rdp(0.01, 2.5, 50, orders) at integer and fractional orders', () => {
		const got = sampledGaussianRdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100, Infinity]);
		const want = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307, Infinity];
		want.slice(0, 5).forEach((w, i) => near(got[i] as number, w));
		expect(got[5]).toBe(Infinity);
	});

	it('σ = 0 (no noise) is infinitely costly', () => {
		expect(sampledGaussianRdp(0.1, 0, 1, [2, 10.5])).toEqual([Infinity, Infinity]);
	});
});

describe('RDP → (ε, δ)', () => {
	it('constant RDP 1.1 over orders 2..32 at δ = 1e-5: ε = 1.32783806176 at order 32', () => {
		const orders = Array.from({ length: 31 }, (_, i) => i + 2);
		const r = epsilonFromRdp(
			orders,
			orders.map(() => 1.1),
			1e-5
		);
		near(r.epsilon, 1.32783806176);
		expect(r.order).toBe(32);
	});

	it('the Gaussian mechanism with σ = 4.530877117 is (1, 1e-6)-DP (closed form, q = 1)', () => {
		const orders = Array.from({ length: 99_000 }, (_, i) => 0.001 * (i + 1000)).filter(
			(a) => a > 1
		);
		const rdp = sampledGaussianRdp(1, 4.530877117, 1, orders);
		near(epsilonFromRdp(orders, rdp, 1e-6).epsilon, 1);
	});

	it('the accountant composes rounds by adding RDP', () => {
		const a = new RdpAccountant();
		expect(a.epsilon(1e-5)).toBe(0);
		for (let t = 0; t < 10; t++) a.step(0.1, 2);
		const direct = epsilonFromRdp(
			DEFAULT_ORDERS,
			sampledGaussianRdp(0.1, 2, 10, DEFAULT_ORDERS),
			1e-5
		);
		near(a.epsilon(1e-5), direct.epsilon);
		expect(a.steps).toBe(10);
		const b = new RdpAccountant();
		b.step(0.1, 0);
		expect(b.epsilon(1e-5)).toBe(Infinity);
	});
});
