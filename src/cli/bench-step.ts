/**
 * One training step of the bench's MLP (784-200-200-10, B = 32) on the current backend, timed
 * three ways on real MNIST batches: the tape step TfTrainer used to run (gather, oneHot,
 * `optimizer.minimize` over `model.apply`), the lean step (../lib/ml/lean-step.ts), and the
 * step's eight matrix products alone (3 forward, 3 weight gradients, 2 propagated gradients, with
 * the transposes the wasm wrapper adds) — the matmul-bound floor of a step. It also counts the
 * kernels each step runs (`tf.profile`): past the products, a step's time is per-kernel overhead.
 */
import * as tf from '@tensorflow/tfjs';
import { LeanSgd, denseStack } from '../lib/ml/lean-step';
import { trainingRows } from '../lib/ml/rows';
import { buildModel } from '../lib/ml/model';
import { assignWeights, glorotInit } from '../lib/ml/weights';
import type { Dataset } from '../lib/sim/core/dataset';
import { layersOf } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';

export interface StepSplit {
	/** Milliseconds per step. */
	readonly tapeMs: number;
	readonly leanMs: number;
	readonly matmulMs: number;
	/** Kernel calls in one step (tf.profile; the matmul wrapper's transposes not counted). */
	readonly tapeKernels: number;
	readonly leanKernels: number;
}

const B = 32;

function timeIt(steps: number, f: (i: number) => void): number {
	for (let i = 0; i < 5; i++) f(i); // warm-up
	const t0 = performance.now();
	for (let i = 0; i < steps; i++) f(i);
	return (performance.now() - t0) / steps;
}

/** Kernel calls in one run of `f` (op-level records such as `fusedMatMul__op` left out). */
async function kernels(f: () => void): Promise<number> {
	const p = await tf.profile(f);
	return p.kernels.filter((k) => !k.name.endsWith('__op')).length;
}

export async function measureStep(data: Dataset, steps = 200): Promise<StepSplit> {
	const layers = layersOf({ kind: 'mlp', hidden: [200, 200] }, data.inputShape, data.numClasses);
	const model = buildModel(layers, data.inputShape);
	const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
	assignWeights(
		model,
		glorotInit(
			vars.map((v) => v.shape),
			createRng(1)
		)
	);
	const x = tf.tensor(data.train.x, [data.train.n, ...data.inputShape]);
	const y = tf.tensor1d(Int32Array.from(data.train.y), 'int32');
	const rng = createRng(2);
	const batches = Array.from({ length: 16 }, () =>
		Int32Array.from({ length: B }, () => rng.int(data.train.n))
	);
	const opt = tf.train.sgd(0.01);
	const tapeStep = (i: number) =>
		tf.tidy(() => {
			const ids = tf.tensor1d(batches[i % batches.length] as Int32Array, 'int32');
			const xb = tf.gather(x, ids);
			const yb = tf.oneHot(tf.gather(y, ids), data.numClasses);
			opt.minimize(
				() =>
					tf.losses.softmaxCrossEntropy(
						yb,
						model.apply(xb, { training: true }) as tf.Tensor
					) as tf.Scalar,
				true,
				vars
			);
		});
	const tapeMs = timeIt(steps, tapeStep);
	const tapeKernels = await kernels(() => tapeStep(0));
	const dense = denseStack(layers, vars);
	if (!dense) throw new Error('bench-step: the MLP is not a dense stack');
	// as TfTrainer runs it: batches copied from the JavaScript rows, hidden layers transposed
	const sgd = new LeanSgd(dense, trainingRows(data), data.numClasses, 0.01);
	const leanStepAt = (i: number) =>
		sgd.step([...(batches[i % batches.length] as Int32Array)]).dispose();
	const leanMs = timeIt(steps, leanStepAt);
	const leanKernels = await kernels(() => leanStepAt(0));
	// the same eight products on tensors of the step's shapes
	const [w1, w2, w3] = [0, 2, 4].map((k) => vars[k] as tf.Tensor2D) as [
		tf.Tensor2D,
		tf.Tensor2D,
		tf.Tensor2D
	];
	const a0 = tf.tidy(() => tf.reshape(tf.gather(x, batches[0] as Int32Array), [B, -1]));
	const a1 = tf.randomUniform([B, 200]) as tf.Tensor2D;
	const a2 = tf.randomUniform([B, 200]) as tf.Tensor2D;
	const d1 = tf.randomUniform([B, 200]) as tf.Tensor2D;
	const d2 = tf.randomUniform([B, 200]) as tf.Tensor2D;
	const d3 = tf.randomUniform([B, 10]) as tf.Tensor2D;
	const matmulMs = timeIt(steps, () =>
		tf.tidy(() => {
			tf.matMul(a0 as tf.Tensor2D, w1);
			tf.matMul(a1, w2);
			tf.matMul(a2, w3);
			tf.matMul(a2, d3, true, false);
			tf.matMul(a1, d2, true, false);
			tf.matMul(a0 as tf.Tensor2D, d1, true, false);
			tf.matMul(d3, w3, false, true);
			tf.matMul(d2, w2, false, true);
		})
	);
	sgd.dispose();
	tf.dispose([x, y, a0, a1, a2, d1, d2, d3]);
	opt.dispose();
	model.dispose();
	return { tapeMs, leanMs, matmulMs, tapeKernels, leanKernels };
}

/** Two measurements of the same step averaged (times; the kernel counts are the same). */
export function meanStep(a: StepSplit, b: StepSplit): StepSplit {
	const mean = (x: number, y: number) => (x + y) / 2;
	return {
		tapeMs: mean(a.tapeMs, b.tapeMs),
		leanMs: mean(a.leanMs, b.leanMs),
		matmulMs: mean(a.matmulMs, b.matmulMs),
		tapeKernels: a.tapeKernels,
		leanKernels: a.leanKernels
	};
}
