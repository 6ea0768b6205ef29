/**
 * The hand-written MLP step against the tape (`optimizer.minimize` over `model.apply`, as
 * TfTrainer trains): the same weights bit for bit after several steps, including a short last
 * batch; non-MLP models are refused.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './backend';
import { denseStack, leanStep } from './lean-step';
import { buildModel } from './model';
import { assignWeights, flattenWeights, glorotInit } from './weights';
import { layersOf, type LayerDesc } from '../sim/core/model-spec';
import { createRng } from '../sim/core/rng';
import { makeBlobs } from '../sim/core/dataset';
import { TfTrainer } from './tf-trainer';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

const SHAPE = [28, 28, 1] as const;

function setup(layers: readonly LayerDesc[]) {
	const model = buildModel(layers, SHAPE);
	const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const rng = createRng(5);
	const init = glorotInit(
		vars.map((v) => v.shape),
		rng
	);
	return { model, vars, init };
}

function batch(b: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
	const rng = createRng(seed);
	const x = tf.tensor(
		Float32Array.from({ length: b * 784 }, () => rng.next()),
		[b, ...SHAPE]
	);
	const y = tf.oneHot(
		tf.tensor1d(
			Int32Array.from({ length: b }, () => rng.int(10)),
			'int32'
		),
		10
	);
	return { x, y };
}

describe('leanStep', () => {
	it('gives the tape’s weights and losses bit for bit (784-64-32-10, B = 32, 32, 20)', () => {
		const layers = layersOf({ kind: 'mlp', hidden: [64, 32] }, SHAPE, 10);
		const tape = setup(layers);
		const lean = setup(layers);
		assignWeights(tape.model, tape.init);
		assignWeights(lean.model, lean.init);
		const dense = denseStack(layers, lean.vars);
		expect(dense).not.toBeNull();
		const lr = 0.1;
		const opt = tf.train.sgd(lr);
		const negLr = tf.scalar(-lr);
		let maxDiff = 0;
		for (const [i, b] of [32, 32, 20].entries()) {
			const { x, y } = batch(b, 10 + i);
			const tapeLoss = tf.tidy(
				() =>
					opt.minimize(
						() =>
							tf.losses.softmaxCrossEntropy(
								y,
								tape.model.apply(x, { training: true }) as tf.Tensor
							) as tf.Scalar,
						true,
						tape.vars
					) as tf.Scalar
			);
			const invB = tf.div(tf.scalar(1), tf.scalar(b)) as tf.Scalar;
			// the second batch comes flat ([B, 784]) and the third with its scalar B, as LeanSgd passes them
			const leanLoss = tf.tidy(() =>
				leanStep(
					dense ?? [],
					i === 1 ? tf.reshape(x, [b, -1]) : x,
					tf.cast(y, 'float32'),
					negLr,
					invB,
					i === 2 ? tf.scalar(b) : undefined
				)
			);
			expect(leanLoss.dataSync()[0]).toBe(tapeLoss.dataSync()[0]);
			const a = flattenWeights(tape.vars, tape.init.length);
			const c = flattenWeights(lean.vars, lean.init.length);
			for (let k = 0; k < a.length; k++)
				maxDiff = Math.max(maxDiff, Math.abs((a[k] as number) - (c[k] as number)));
			expect(Buffer.from(c.buffer).equals(Buffer.from(a.buffer))).toBe(true);
			tf.dispose([x, y, tapeLoss, leanLoss, invB]);
		}
		expect(maxDiff).toBeLessThanOrEqual(1e-6);
		opt.dispose();
		negLr.dispose();
		tape.model.dispose();
		lean.model.dispose();
	});

	it('leaves the tensor count flat', () => {
		const layers = layersOf({ kind: 'mlp', hidden: [16] }, SHAPE, 10);
		const m = setup(layers);
		const dense = denseStack(layers, m.vars) ?? [];
		const { x, y } = batch(8, 3);
		const negLr = tf.scalar(-0.1);
		const invB = tf.scalar(1 / 8);
		const before = tf.memory().numTensors;
		tf.tidy(() => leanStep(dense, x, tf.cast(y, 'float32'), negLr, invB)).dispose();
		expect(tf.memory().numTensors).toBe(before);
		tf.dispose([x, y, negLr, invB]);
		m.model.dispose();
	});

	it('refuses models that are not a stack of dense layers ending linear', () => {
		const cnn = layersOf({ kind: 'cnn', filters: [4, 8] }, SHAPE, 10);
		expect(denseStack(cnn, [])).toBeNull();
	});

	it('TfTrainer trains bit-identically with the lean and the tape step (label map, last short batch)', async () => {
		const data = makeBlobs(createRng(7));
		const spec = { kind: 'mlp' as const, hidden: [16, 8] };
		const lean = new TfTrainer(data, spec, { step: 'lean' });
		const tape = new TfTrainer(data, spec, { step: 'tape' });
		const w0 = lean.initialWeights(createRng(1));
		const job = (seed: number) => ({
			indices: Int32Array.from({ length: 70 }, (_, i) => i * 3),
			epochs: 2,
			batchSize: 16,
			learningRate: 0.3,
			rng: createRng(seed),
			labelMap: (y: number) => (y + 1) % data.numClasses
		});
		const a = await lean.train(w0, job(4));
		const b = await tape.train(w0, job(4));
		expect(a.loss).toBe(b.loss);
		expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
		expect(Buffer.from(a.weights.buffer).equals(Buffer.from(w0.buffer))).toBe(false);
		lean.dispose();
		tape.dispose();
	});
});
