/**
 * The TrainJob knobs of client drift on the real tfjs trainer: `steps` (local steps instead of
 * epochs), FedProx's proximal term and SCAFFOLD's correction, checked against hand-derived
 * one- and two-step identities of SGD.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './backend';
import { TfTrainer } from './tf-trainer';
import { makeBlobs } from '../sim/core/dataset';
import { createRng } from '../sim/core/rng';
import type { TrainJob } from '../sim/core/trainer';

let trainer: TfTrainer;
let w0: Float32Array;
const indices = Int32Array.from({ length: 50 }, (_, i) => i * 3);

beforeAll(async () => {
	await initNodeBackend('wasm');
	trainer = new TfTrainer(makeBlobs(createRng(7), 400, 100), { kind: 'mlp', hidden: [4] });
	w0 = trainer.initialWeights(createRng(1));
});
afterAll(() => trainer.dispose());

const job = (over: Partial<TrainJob>): TrainJob => ({
	indices,
	epochs: 1,
	batchSize: 16,
	learningRate: 0.1,
	rng: createRng(99),
	...over
});
const train = async (over: Partial<TrainJob>) => trainer.train(w0, job(over));
const maxAbsDiff = (a: Float32Array, b: ArrayLike<number>) =>
	a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);

describe('TfTrainer local steps', () => {
	it('E·⌈n/B⌉ steps are E epochs, bit for bit (50 samples, B = 16: 4 batches a pass)', async () => {
		const epochs = await train({ epochs: 2 });
		const steps = await train({ steps: 8 });
		expect(steps.weights).toEqual(epochs.weights);
		expect(steps.samples).toBe(100);
		expect(steps.loss).toBe(epochs.loss);
	});

	it('k steps stop after k batches and charge their samples', async () => {
		const three = await train({ steps: 3 });
		expect(three.samples).toBe(48);
		const six = await train({ steps: 6 }); // a pass (4 batches: 16+16+16+2) then 2 more
		expect(six.samples).toBe(50 + 32);
		expect(maxAbsDiff(three.weights, six.weights)).toBeGreaterThan(0);
	});
});

describe('TfTrainer SCAFFOLD correction', () => {
	it('one step descends along g + (c − c_i): w − η·(c − c_i) off the plain step', async () => {
		const c = Float32Array.from({ length: trainer.params }, (_, i) => ((i % 5) - 2) * 0.1);
		const plain = await train({ steps: 1, batchSize: 'full' });
		const corrected = await train({ steps: 1, batchSize: 'full', correction: c });
		const want = plain.weights.map((w, i) => w - 0.1 * (c[i] as number));
		expect(maxAbsDiff(corrected.weights, want)).toBeLessThan(1e-6);
	});

	it('rejects a correction of the wrong length', async () => {
		await expect(train({ correction: new Float32Array(3) })).rejects.toThrow(/correction/);
	});
});

describe('TfTrainer proximal term (FedProx)', () => {
	it('adds ρ·(w − w₀) to the gradient: two steps differ by −η·ρ·(w₁ − w₀)', async () => {
		const rho = 0.5;
		const w1 = (await train({ steps: 1, batchSize: 'full' })).weights;
		const plain = (await train({ steps: 2, batchSize: 'full' })).weights;
		const prox = (await train({ steps: 2, batchSize: 'full', proximalRho: rho })).weights;
		// step 1 is the same (w = w₀: the proximal gradient is 0); step 2 adds ρ·(w₁ − w₀)
		const want = plain.map((w, i) => w - 0.1 * rho * ((w1[i] as number) - (w0[i] as number)));
		expect(maxAbsDiff(prox, want)).toBeLessThan(1e-6);
		expect(maxAbsDiff(prox, plain)).toBeGreaterThan(1e-5);
	});
});

describe('TfTrainer tensor hygiene', () => {
	it('keeps the tensor count flat across steps, proximal and corrected jobs', async () => {
		await train({ steps: 2, proximalRho: 0.1, correction: new Float32Array(trainer.params) });
		const before = tf.memory().numTensors;
		for (let r = 0; r < 3; r++)
			await train({ steps: 2, proximalRho: 0.1, correction: new Float32Array(trainer.params) });
		expect(tf.memory().numTensors).toBe(before);
	});
});
