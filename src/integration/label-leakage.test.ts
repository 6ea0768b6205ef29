/** Label leakage from cut-layer gradients (Li et al. 2022, arXiv:2102.08504) on real MNIST. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import {
	maxNormNoise,
	measureLabelLeakage,
	oneVsRest,
	type LeakageOptions
} from '../lib/ml/label-leakage';
import { loadDatasetNode } from '../lib/hosts/node/load';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

const options: LeakageOptions = {
	digit: 3,
	model: { kind: 'mlp', hidden: [128, 64] },
	cutLayer: 2,
	topLayers: 1,
	epochs: 1,
	batchSize: 64,
	learningRate: 0.1,
	seed: 1,
	window: 25
};

describe('label leakage in U-shaped split learning', () => {
	it('one digit vs the rest: about 10 % positives, pixels shared', () => {
		const mnist = loadDatasetNode('mnist');
		const d = oneVsRest(mnist, 3);
		expect(d.numClasses).toBe(2);
		expect(d.train.x.buffer === mnist.train.x.buffer).toBe(true); // a view, not a copy
		const rate = d.train.y.reduce((s, y) => s + y, 0) / d.train.n;
		expect(rate).toBeGreaterThan(0.07);
		expect(rate).toBeLessThan(0.13);
		expect(d.train.y.every((y, i) => y === (mnist.train.y[i] === 3 ? 1 : 0))).toBe(true);
	});

	it('without protection the norm and cosine attacks recover the labels; max-norm noise blunts the norm attack', async () => {
		const before = tf.memory().numTensors;
		const open = await measureLabelLeakage(loadDatasetNode('mnist'), options);
		const noisy = await measureLabelLeakage(loadDatasetNode('mnist'), {
			...options,
			protection: 'maxNorm'
		});
		expect(tf.memory().numTensors).toBe(before);
		expect(open.gradientSize).toBe(64); // the server sees ∂L/∂(its 64-unit output)
		expect(open.accuracy).toBeGreaterThan(0.93); // above the 0.9 of always answering "not a 3"
		expect(open.normAuc).toBeGreaterThan(0.75);
		expect(open.cosineAuc).toBeGreaterThan(0.95);
		expect(open.points.length).toBeGreaterThanOrEqual(4);
		expect(open.points.every((p) => p.normAuc > 0.6)).toBe(true);
		expect(noisy.normAuc).toBeLessThan(0.65);
		expect(noisy.normAuc).toBeLessThan(open.normAuc - 0.2);
		expect(noisy.accuracy).toBeGreaterThan(0.9);
	});

	it('max-norm noise lifts every gradient to the batch’s largest expected squared norm', () => {
		const rows = 4000;
		const out = tf.tidy(() => {
			const g = tf.concat([tf.tensor2d([[3, 4]]), tf.zeros([rows - 1, 2])]) as tf.Tensor2D;
			return Array.from(tf.sum(tf.square(maxNormNoise(g, 7)), 1).dataSync());
		});
		expect(out[0]).toBeCloseTo(25, 5); // the largest row gets no noise
		const mean = out.slice(1).reduce((s: number, x: number) => s + x, 0) / (rows - 1);
		expect(mean).toBeGreaterThan(23.5);
		expect(mean).toBeLessThan(26.5);
	});
});
