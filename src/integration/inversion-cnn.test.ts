/**
 * Gradient inversion against the CNN (its gradient written out by hand, ml/inversion/
 * cnn-gradient.ts) and the cut-layer attack of split learning (ml/inversion/cut-inversion.ts),
 * with real tfjs on the wasm backend in Node. Small budgets: the thresholds were measured with
 * these exact settings and sit well below the figures (see the comments).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { invertSmashed } from '../lib/ml/inversion/cut-inversion';
import { runInversion } from '../lib/ml/inversion/experiment';
import { gradientModel } from '../lib/ml/inversion/gradient-model';
import { buildModel } from '../lib/ml/model';
import { glorotInit } from '../lib/ml/weights';
import { loadMnistNode } from '../lib/hosts/node/load';
import type { Dataset } from '../lib/sim/core/dataset';
import { layersOf } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';
import { firstDistinctDigits } from '../lib/sim/privacy/inversion/client-images';

const D = 784;
/** Measured: 20.3 dB after 100 iterations (8.4 after 20, 14.3 after 60; 23.4 after 300). */
const CNN_ITERATIONS = 100;
const CNN_PSNR = 16;
/**
 * Measured on the 4-8 CNN below (untrained, 2 digits, 150 iterations): 62.3 dB after the first
 * convolution, 6.5 dB after the dense layer of 64 units.
 */
const CUT1_PSNR = 40;
const CUT6_PSNR = 12;
let data: Dataset;

beforeAll(async () => {
	await initNodeBackend('wasm');
	data = loadMnistNode();
});

function digits(count: number): { x: Float32Array; labels: number[] } {
	const idx = firstDistinctDigits(data.train.y, data.train.n, count);
	const x = new Float32Array(count * D);
	idx.forEach((k, i) => x.set(data.train.x.subarray(k * D, (k + 1) * D), i * D));
	return { x, labels: idx.map((k) => data.train.y[k] as number) };
}

describe('DLG against the CNN (cosine loss, Geiping et al. 2020)', () => {
	it('rebuilds one digit from its FedSGD gradient; the label comes from the last layer', async () => {
		const { x, labels } = digits(1);
		const r = await runInversion({
			model: gradientModel({ kind: 'cnn', filters: [8, 16] }),
			seed: 1,
			images: x,
			labels,
			attack: 'cosine',
			shared: { kind: 'gradient' },
			iterations: CNN_ITERATIONS,
			learningRate: 0.1
		});
		expect(r.iterations).toBe(CNN_ITERATIONS);
		expect(r.results[0]?.labelRecovered).toBe(true);
		expect(r.results[0]?.psnr).toBeGreaterThanOrEqual(CNN_PSNR);
	});

	it('refuses the analytic attack (the first layer is a convolution)', async () => {
		const { x, labels } = digits(1);
		await expect(
			runInversion({
				model: gradientModel({ kind: 'cnn', filters: [8, 16] }),
				seed: 1,
				images: x,
				labels,
				attack: 'analytic',
				shared: { kind: 'gradient' }
			})
		).rejects.toThrow(/dense first layer/);
	});
});

describe('the cut layer: inverting the client’s layers from the smashed data', () => {
	const spec = { kind: 'cnn', filters: [4, 8] } as const;
	/** Glorot weights of the tiny CNN, in the tfjs model's own variable order. */
	const weights = () => {
		const model = buildModel(layersOf(spec, [28, 28, 1], 10), [28, 28, 1]);
		const shapes = model.getWeights().map((v) => v.shape);
		model.dispose();
		return glorotInit(shapes, createRng(1));
	};

	it('rebuilds the digits after the first convolution, not after the last hidden layer', async () => {
		const { x } = digits(2);
		const w = weights();
		const before = tf.memory().numTensors;
		const at = async (cut: number) =>
			invertSmashed({
				spec,
				weights: w,
				inputShape: [28, 28, 1],
				numClasses: 10,
				cut,
				images: x,
				iterations: 150,
				rng: createRng(2)
			});
		const first = await at(1);
		const last = await at(6);
		expect(tf.memory().numTensors).toBe(before);
		expect(first.layer).toBe('conv2d_0');
		expect(last.layer).toBe('dense_5');
		const mean = (q: readonly { psnr: number }[]) =>
			q.reduce((s, e) => s + Math.min(e.psnr, 100), 0) / q.length;
		expect(mean(first.quality)).toBeGreaterThanOrEqual(CUT1_PSNR);
		expect(mean(last.quality)).toBeLessThan(CUT6_PSNR);
	});
});
