import { describe, expect, it } from 'vitest';
import { createServerOptimizer, serverStep } from './index';

const x0 = Float32Array.from([1, 2]);
const d = (...xs: number[]) => Float64Array.from(xs);
const close = (got: Float32Array, want: number[]) =>
	want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));

// one step from x = [1, 2] with Δ = [0.5, −0.2], η = 0.1, β1 = 0.9, β2 = 0.99, τ = 0.01:
// m = (1 − β1)·Δ = [0.05, −0.02], v starts at τ² = 1e-4.
const adaptive = { learningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 0.01 };
const stepOf = (m: number, v: number) => (0.1 * m) / (Math.sqrt(v) + 0.01);

describe('server optimizers, one hand-computed step', () => {
	it.each([
		// Adam: v = 0.99·1e-4 + 0.01·Δ² → [0.002599, 0.000499]
		['adam', [1 + stepOf(0.05, 0.002599), 2 + stepOf(-0.02, 0.000499)]],
		// Yogi: Δ² > v so sign(v − Δ²) = −1: v = 1e-4 + 0.01·Δ² → [0.0026, 0.0005]
		['yogi', [1 + stepOf(0.05, 0.0026), 2 + stepOf(-0.02, 0.0005)]],
		// Adagrad: v = 1e-4 + Δ² → [0.2501, 0.0401]
		['adagrad', [1 + stepOf(0.05, 0.2501), 2 + stepOf(-0.02, 0.0401)]]
	] as const)('%s', (kind, want) => {
		const opt = createServerOptimizer({ kind, ...adaptive });
		close(opt!.step(x0, d(0.5, -0.2)), [...want]);
	});

	it('sgd with η_g = 0.5 moves half of Δ', () => {
		const opt = createServerOptimizer({ kind: 'sgd', learningRate: 0.5 });
		close(opt!.step(x0, d(0.5, -0.2)), [1.25, 1.9]);
	});

	it('Yogi shrinks v additively once Δ² < v (second step)', () => {
		const opt = createServerOptimizer({ kind: 'yogi', ...adaptive })!;
		const x1 = opt.step(x0, d(0.5, 0));
		// v = 0.0026 after step 1; Δ = 0.01: v = 0.0026 − 0.01·1e-4 = 0.002599;
		// m = 0.9·0.05 + 0.1·0.01 = 0.046
		close(opt.step(x1, d(0.01, 0)), [(x1[0] as number) + stepOf(0.046, 0.002599)]);
	});
});

describe('FedAvgM (server momentum)', () => {
	it('follows v ← β·v + Δ, x ← x + η·v over three rounds', () => {
		const opt = createServerOptimizer({ kind: 'momentum', learningRate: 1, beta: 0.5 })!;
		let x: Float32Array = Float32Array.from([0, 0]);
		const xs: number[][] = [];
		for (const delta of [d(1, 0), d(0, 1), d(1, 1)]) {
			x = opt.step(x, delta);
			xs.push([...x]);
		}
		// v = [1,0] → [0.5,1] → [1.25,1.5]; x = [1,0] → [1.5,1] → [2.75,2.5]
		expect(xs).toEqual([
			[1, 0],
			[1.5, 1],
			[2.75, 2.5]
		]);
	});
});

describe('serverStep', () => {
	it('sgd with η_g = 1 is the identity: the proposal itself, bit for bit', () => {
		expect(createServerOptimizer({ kind: 'sgd', learningRate: 1 })).toBeNull();
		const proposed = Float32Array.from([0.1, 0.7]);
		expect(serverStep(null, x0, proposed)).toBe(proposed);
	});

	it('passes Δ = proposed − before to the optimizer', () => {
		const opt = createServerOptimizer({ kind: 'sgd', learningRate: 2 });
		close(serverStep(opt, x0, Float32Array.from([1.5, 1])), [2, 0]);
	});
});
