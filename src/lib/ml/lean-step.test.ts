/**
 * The hand-written MLP step against the tape (`optimizer.minimize` over `model.apply`, as
 * TfTrainer trains): the same weights bit for bit after several steps, including a short last
 * batch; non-MLP models are refused.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './backend';
import { LeanSgd, denseStack } from './lean-step';
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

describe('LeanSgd', () => {
	/** MNIST-shaped random rows and labels, as the trainer hands them over. */
	function data(n: number, seed: number): { x: Float32Array; y: Int32Array; features: number } {
		const rng = createRng(seed);
		return {
			x: Float32Array.from({ length: n * 784 }, () => rng.next()),
			y: Int32Array.from({ length: n }, () => rng.int(10)),
			features: 784
		};
	}

	for (const hidden of [[64, 32], [200], []]) {
		it(`gives the tape’s weights and losses bit for bit (784-${[...hidden, 10].join('-')}, B = 32, 32, 20)`, () => {
			const layers = layersOf({ kind: 'mlp', hidden }, SHAPE, 10);
			const tape = setup(layers);
			const lean = setup(layers);
			assignWeights(tape.model, tape.init);
			assignWeights(lean.model, lean.init);
			const dense = denseStack(layers, lean.vars);
			expect(dense).not.toBeNull();
			const lr = 0.1;
			const opt = tf.train.sgd(lr);
			const rows = data(100, 10);
			const sgd = new LeanSgd(dense ?? [], rows, 10, lr);
			let maxDiff = 0;
			const batches = [32, 32, 20].map((b, i) =>
				Array.from({ length: b }, (_, k) => (k * 7 + i * 13) % 100)
			);
			for (const idx of batches) {
				const x = tf.tensor(
					idx.flatMap((i) => [...rows.x.subarray(i * 784, (i + 1) * 784)]),
					[idx.length, ...SHAPE]
				);
				const y = tf.oneHot(
					tf.tensor1d(
						idx.map((i) => rows.y[i] as number),
						'int32'
					),
					10
				);
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
				const leanLoss = sgd.step(idx);
				expect(leanLoss.dataSync()[0]).toBe(tapeLoss.dataSync()[0]);
				sgd.finish();
				const a = flattenWeights(tape.vars, tape.init.length);
				const c = flattenWeights(lean.vars, lean.init.length);
				for (let k = 0; k < a.length; k++)
					maxDiff = Math.max(maxDiff, Math.abs((a[k] as number) - (c[k] as number)));
				expect(Buffer.from(c.buffer).equals(Buffer.from(a.buffer))).toBe(true);
				tf.dispose([x, y, tapeLoss, leanLoss]);
			}
			expect(maxDiff).toBeLessThanOrEqual(1e-6);
			sgd.dispose();
			opt.dispose();
			tape.model.dispose();
			lean.model.dispose();
		});
	}

	it('leaves the tensor count flat', () => {
		const layers = layersOf({ kind: 'mlp', hidden: [16] }, SHAPE, 10);
		const m = setup(layers);
		const dense = denseStack(layers, m.vars) ?? [];
		const before = tf.memory().numTensors;
		const sgd = new LeanSgd(dense, data(8, 3), 10, 0.1);
		for (let i = 0; i < 3; i++) sgd.step([0, 1, 2, 3, 4, 5, 6, 7]).dispose();
		sgd.finish();
		sgd.dispose();
		expect(tf.memory().numTensors).toBe(before);
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
