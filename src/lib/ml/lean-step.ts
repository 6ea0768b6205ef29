/**
 * A leaner SGD step for MLPs (dense layers, ReLU hidden, linear output, softmax cross-entropy).
 *
 * Why: `optimizer.minimize(() => loss(model.apply(x)))` spends most of a small step outside the
 * arithmetic: tfjs-layers' `apply` (symbolic checks, name scopes, a tidy per layer), the tape's
 * recording, pruning and backward walk, the optimizer's per-variable bookkeeping. Here the
 * gradients are written out by hand with exactly the kernels and operand orders the tape would
 * run, so the new weights are bit-identical:
 *
 * - forward: as tfjs-layers' Dense under a tape — matMul, add bias, relu for hidden layers (tfjs
 *   does not fuse an activation while recording gradients), one fused matMul for the output;
 * - head: tfjs's `softmaxCrossEntropy` custom gradient, (1/B)·(exp(z − lse(z)) − y), the 1/B
 *   coming from the mean's `div` as a float32 division;
 * - backward: dz = dy·step(y) (ReLU), dW = aᵀ·dz, db = Σ_batch dz, dy ← dz·Wᵀ, on the same
 *   tensor ranks as the tape's gradient functions (3-D views for the fused output layer);
 * - update: w ← (−η)·g + w, as tfjs's `SGDOptimizer`. (Not in place: updating a variable's
 *   wasm memory directly gives the same numbers, but the wasm backend keeps XNNPACK's packed
 *   copy of a matrix product's weights per tensor, so the next forward pass would read the old
 *   weights; measured: the loss stopped falling after the first step.)
 *
 * The test (lean-step.test.ts) checks bit-identity against the tape on MNIST batches and a
 * max |Δ| ≤ 1e-6 bound as a fallback statement.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerDesc } from '../sim/core/model-spec';

/** One dense layer's variables. */
export interface DenseVars {
	readonly kernel: tf.Variable;
	readonly bias: tf.Variable;
	readonly relu: boolean;
}

/**
 * The dense layers of `layers` with their variables (`vars` in tfjs order: kernel, bias per
 * layer), or null when the model has anything but an optional leading flatten and dense layers.
 */
export function denseStack(
	layers: readonly LayerDesc[],
	vars: readonly tf.Variable[]
): DenseVars[] | null {
	const dense: DenseVars[] = [];
	let v = 0;
	for (const [i, d] of layers.entries()) {
		if (d.kind === 'flatten' && i === 0) continue;
		if (d.kind !== 'dense') return null;
		const kernel = vars[v++];
		const bias = vars[v++];
		if (!kernel || !bias || kernel.rank !== 2 || bias.rank !== 1) return null;
		dense.push({ kernel, bias, relu: d.activation === 'relu' });
	}
	return dense.length && v === vars.length && dense.at(-1)?.relu === false ? dense : null;
}

/**
 * One SGD step on the batch `x` (any shape with the batch first; [B, features] saves a reshape)
 * with one-hot labels `y` (float32 [B, classes]); updates the variables in place and returns the
 * batch's mean loss. Call inside `tf.tidy`. `negLr` is the scalar −η; `invB` the float32 scalar
 * 1/B (tf.div(1, B)); `batch` the scalar B (made here when absent).
 *
 * Every kernel here does arithmetic: the tape's rank-3 views of the fused output layer and its
 * no-op reshapes are left out, which changes no bit (a batch of one 3-D product is the 2-D
 * product; summing [1, B, u] over its first two axes reduces the same B numbers in the same
 * order as summing [B, u] over the first).
 */
export function leanStep(
	dense: readonly DenseVars[],
	x: tf.Tensor,
	y: tf.Tensor,
	negLr: tf.Scalar,
	invB: tf.Scalar,
	batch?: tf.Scalar
): tf.Scalar {
	const b = x.shape[0] as number;
	// forward, keeping every activation; under a tape tfjs does not fuse a ReLU layer
	// (`shouldFuse`), so the hidden layers are matMul, add, relu, and the output one fused
	const acts: tf.Tensor2D[] = [(x.rank === 2 ? x : tf.reshape(x, [b, -1])) as tf.Tensor2D];
	for (const layer of dense) {
		const a = acts.at(-1) as tf.Tensor2D;
		const kernel = layer.kernel as tf.Tensor2D;
		acts.push(
			layer.relu
				? (tf.relu(tf.add(tf.matMul(a, kernel), layer.bias)) as tf.Tensor2D)
				: (tf.fused.matMul({ a, b: kernel, bias: layer.bias, activation: 'linear' }) as tf.Tensor2D)
		);
	}
	const logits = acts.at(-1) as tf.Tensor2D;
	// softmax cross-entropy, as tfjs computes its value and its custom gradient
	const logResult = tf.sub(logits, tf.logSumExp(logits, [1], true));
	const loss = tf.div(tf.sum(tf.sum(tf.neg(tf.mul(logResult, y)), [1])), batch ?? tf.scalar(b));
	// (1/B)·(exp(logResult) − y): the mean's gradient 1/B times the custom gradient, as the tape
	let dy: tf.Tensor = tf.mul(invB, tf.sub(tf.exp(logResult), y));
	// backward: gradients of every layer from the old weights, then the updates
	const grads: [tf.Tensor, tf.Tensor][] = [];
	for (let i = dense.length - 1; i >= 0; i--) {
		const layer = dense[i] as DenseVars;
		const input = acts[i] as tf.Tensor2D;
		const kernel = layer.kernel as tf.Tensor2D;
		// relu′ from its output (step(relu(z)) = step(z)); a linear layer passes dy through
		const dz = (layer.relu ? tf.mul(dy, tf.step(acts[i + 1] as tf.Tensor2D)) : dy) as tf.Tensor2D;
		grads[i] = [tf.matMul(input, dz, true, false), tf.sum(dz, [0])];
		if (i > 0) dy = tf.matMul(dz, kernel, false, true);
	}
	dense.forEach((layer, i) => {
		const [dW, db] = grads[i] as [tf.Tensor, tf.Tensor];
		layer.kernel.assign(tf.add(tf.mul(negLr, dW), layer.kernel));
		layer.bias.assign(tf.add(tf.mul(negLr, db), layer.bias));
	});
	return loss as tf.Scalar;
}

/** A job's lean SGD: its one-hot labels, −η, and B and 1/B of each batch size, made once. */
export class LeanSgd {
	readonly #dense: readonly DenseVars[];
	readonly #yHot: tf.Tensor;
	readonly #negLr: tf.Scalar;
	readonly #sizes = new Map<number, { batch: tf.Scalar; invB: tf.Scalar }>();
	/** The data the batches index, as [rows, features] (a view: it shares the data). */
	#flat: { x: tf.Tensor; view: tf.Tensor2D } | null = null;

	/** `labels`: int32 labels of the rows of the data the batches index. */
	constructor(dense: readonly DenseVars[], labels: tf.Tensor1D, numClasses: number, lr: number) {
		this.#dense = dense;
		this.#yHot = tf.tidy(() => tf.cast(tf.oneHot(labels, numClasses), 'float32'));
		this.#negLr = tf.scalar(-lr); // as tfjs's SGDOptimizer
	}

	#size(b: number): { batch: tf.Scalar; invB: tf.Scalar } {
		let s = this.#sizes.get(b);
		if (!s) {
			const batch = tf.scalar(b);
			s = { batch, invB: tf.tidy(() => tf.div(tf.scalar(1), batch) as tf.Scalar) };
			this.#sizes.set(b, s);
		}
		return s;
	}

	#rows(x: tf.Tensor): tf.Tensor2D {
		if (this.#flat?.x !== x) {
			this.#flat?.view.dispose();
			const n = x.shape[0] as number;
			this.#flat = {
				x,
				view: (x.rank === 2 ? tf.clone(x) : tf.reshape(x, [n, -1])) as tf.Tensor2D
			};
		}
		return this.#flat.view;
	}

	/** One step on rows `idx` of `x`; returns the batch's mean loss (the caller disposes it). */
	step(x: tf.Tensor, idx: readonly number[]): tf.Scalar {
		const { batch, invB } = this.#size(idx.length);
		const rows = this.#rows(x);
		return tf.tidy(() => {
			const ids = tf.tensor1d(idx as number[], 'int32');
			const xb = tf.gather(rows, ids);
			const yb = tf.gather(this.#yHot, ids);
			return leanStep(this.#dense, xb, yb, this.#negLr, invB, batch);
		});
	}

	dispose(): void {
		this.#yHot.dispose();
		this.#negLr.dispose();
		this.#flat?.view.dispose();
		for (const s of this.#sizes.values()) tf.dispose([s.batch, s.invB]);
	}
}
