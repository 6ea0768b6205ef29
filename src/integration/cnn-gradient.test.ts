/**
 * The hand-written CNN gradient against tfjs's own gradient of the real CNN (the scenario's
 * layers, built by ml/model.ts), on the wasm backend; and tfjs can differentiate it once more
 * (what gradient inversion needs) without a missing kernel, with a derivative that predicts a
 * small step. (A central difference is useless here: ReLU and max-pool kinks make the gradient
 * jump under steps of 1e-2, and float32 drowns steps far below that.)
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../lib/hosts/node/load';
import { layersOf } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';
import type { Dataset } from '../lib/sim/core/dataset';
import { initNodeBackend } from '../lib/ml/backend';
import { buildModel } from '../lib/ml/model';
import { assignWeights, glorotInit } from '../lib/ml/weights';
import { cnnShapes, type CnnSizes } from '../lib/ml/inversion/cnn-gradient';
import { gradientFlat, gradientModel, tensorsOf } from '../lib/ml/inversion/gradient-model';

const SIZES: CnnSizes = { side: 28, channels: 1, filters: [8, 16], dense: 64, classes: 10 };
let data: Dataset;

beforeAll(async () => {
	await initNodeBackend('wasm');
	data = loadMnistNode();
});

/** Glorot kernels and, unless `zeroBias`, biases drawn around +0.05 (ties inside pooling windows). */
function weights(seed: number, zeroBias: boolean): Float32Array {
	const shapes = cnnShapes(SIZES);
	const w = glorotInit(shapes, createRng(seed));
	if (zeroBias) return w;
	const rng = createRng(seed + 100);
	let at = 0;
	for (const sh of shapes) {
		const n = sh.reduce((a, b) => a * b, 1);
		if (sh.length === 1) for (let i = 0; i < n; i++) w[at + i] = 0.05 + 0.05 * rng.normal();
		at += n;
	}
	return w;
}

/** tfjs's gradient of the real CNN's mean softmax cross-entropy, flat in weight order. */
function tfjsGradient(w: Float32Array, x: Float32Array, labels: readonly number[]): Float32Array {
	const model = buildModel(
		layersOf({ kind: 'cnn', filters: [8, 16] }, [28, 28, 1], 10),
		[28, 28, 1]
	);
	try {
		assignWeights(model, w);
		const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
		return tf.tidy(() => {
			const xs = tf.tensor4d(x, [labels.length, 28, 28, 1]);
			const ys = tf.oneHot(tf.tensor1d([...labels], 'int32'), 10).toFloat();
			const { grads } = tf.variableGrads(
				() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar,
				vars
			);
			return tf
				.concat(vars.map((v) => (grads[v.name] as tf.Tensor).flatten()))
				.dataSync() as Float32Array;
		});
	} finally {
		model.dispose();
	}
}

function digits(idx: readonly number[]): { x: Float32Array; labels: number[] } {
	const x = new Float32Array(idx.length * 784);
	idx.forEach((k, i) => x.set(data.train.x.subarray(k * 784, (k + 1) * 784), i * 784));
	return { x, labels: idx.map((k) => data.train.y[k] as number) };
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
	a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe('the CNN gradient written out as tfjs ops', () => {
	const model = gradientModel({ kind: 'cnn', filters: [8, 16] });

	it.each([
		['zero biases, one digit', true, [0]],
		['biases ≈ 0.05 (ties in pooling windows), three digits', false, [1, 2, 3]]
	] as const)('equals tfjs’s own gradient of the real CNN within 1e-5 (%s)', (_, zero, idx) => {
		const w = weights(7, zero);
		const { x, labels } = digits(idx);
		const ours = gradientFlat(model, w, x, labels);
		const theirs = tfjsGradient(w, x, labels);
		expect(ours.length).toBe(theirs.length);
		expect(ours.length).toBe(model.paramCount);
		let norm = 0;
		for (const v of theirs) norm = Math.max(norm, Math.abs(v));
		expect(norm).toBeGreaterThan(1e-3); // not a vacuous comparison
		expect(maxAbsDiff(ours, theirs)).toBeLessThanOrEqual(1e-5);
	});

	it('is differentiable again on wasm: a small step against ∂/∂x of the gradient-matching loss lowers it as predicted', () => {
		// DLG's objective ½‖∇θL(x) − ∇θL(x*)‖² at a noise picture x, for the digit x*
		const w = weights(3, false);
		const rng = createRng(5);
		const x = Float32Array.from({ length: 784 }, () => 0.2 + 0.6 * rng.next());
		const { x: xStar, labels } = digits([4]);
		const before = tf.memory().numTensors;
		const { predicted, actual, finite } = tf.tidy(() => {
			const params = tensorsOf(w, model.shapes);
			const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D;
			const target = model.gradient(params, tf.tensor2d(xStar, [1, 784]), ys);
			const f = (xs: tf.Tensor) =>
				tf.mul(
					0.5,
					tf.addN(
						model
							.gradient(params, xs as tf.Tensor2D, ys)
							.map((g, i) => tf.sum(tf.square(tf.sub(g, target[i] as tf.Tensor))))
					)
				) as tf.Scalar;
			const xs = tf.tensor2d(x, [1, 784]);
			const dfdx = tf.grad(f)(xs);
			const norm2 = tf.sum(tf.square(dfdx)).dataSync()[0] as number;
			const step = 1e-3 / Math.sqrt(norm2); // a step of length 1e-3;
			const f0 = f(xs).dataSync()[0] as number;
			const f1 = f(tf.sub(xs, tf.mul(step, dfdx))).dataSync()[0] as number;
			return {
				predicted: step * norm2,
				actual: f0 - f1,
				finite: dfdx.dataSync().every(Number.isFinite)
			};
		});
		expect(tf.memory().numTensors).toBe(before);
		expect(finite).toBe(true);
		expect(predicted).toBeGreaterThan(0);
		// first order: f(x − s∇f) ≈ f(x) − s‖∇f‖² (measured: 0.3 % off; a wrong ∂/∂x is far off)
		expect(Math.abs(actual - predicted)).toBeLessThan(0.05 * predicted);
	});
});
