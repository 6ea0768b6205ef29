/**
 * A leaner SGD step for MLPs (dense layers, ReLU hidden, linear output, softmax cross-entropy).
 *
 * Why: `optimizer.minimize(() => loss(model.apply(x)))` spends most of a small step outside the
 * arithmetic: tfjs-layers' `apply` (symbolic checks, name scopes, a tidy per layer), the tape's
 * recording, pruning and backward walk, the optimizer's per-variable bookkeeping. Here the
 * gradients are written out by hand with the same products, summed in the same order, so the
 * new weights are bit-identical to the tape's (lean-step.test.ts checks it on MNIST-shaped
 * batches, with a max |Δ| ≤ 1e-6 bound as the fallback statement).
 *
 * Two costs of the wasm backend shape the layout (measured, `npm run bench`):
 * - a matrix product `a·b` packs `b` for XNNPACK (transposing it) the first time it sees that
 *   tensor: ~1 ms for the [784, 200] kernel, three times the product itself. SGD makes new
 *   weights every step, so a step packed every kernel anew. Hidden layers are therefore kept
 *   transposed for the whole job — activations as [units, B], kernels as [out, in] — and every
 *   product has the batch-sized operand as its packed `b` (zᵀ = Wᵀ·aᵀ, dWᵀ = dzᵀ·a,
 *   dyᵀ = W·dzᵀ). Each output is still the same sum over the same index in the same order
 *   (XNNPACK's microkernels accumulate over k one step at a time), so no bit changes. The output
 *   layer stays in the tape's orientation: tfjs fuses its bias into the product (the sum starts
 *   from the bias), which a transposed product cannot reproduce; its kernel is small.
 * - `gather` on the wasm backend copies a batch element by element (~0.8 ms for 32 MNIST rows);
 *   the batch is copied row by row in JavaScript instead, in both layouts (~0.1 ms).
 *
 * Forward, as tfjs-layers' Dense under a tape: matMul, add bias, relu for hidden layers (tfjs
 * does not fuse an activation while recording gradients), one fused matMul for the output. Head:
 * tfjs's `softmaxCrossEntropy` custom gradient, (1/B)·(exp(z − lse(z)) − y), the 1/B a float32
 * division. Update: w ← (−η)·g + w, as tfjs's `SGDOptimizer`. (Not in place: updating a
 * tensor's wasm memory directly leaves XNNPACK's packed copy stale.)
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerDesc } from '../sim/core/model-spec';
import { copyColumns, copyRows, type RowSource } from './rows';

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
	const hiddenRelu = dense.slice(0, -1).every((d) => d.relu);
	return dense.length && v === vars.length && dense.at(-1)?.relu === false && hiddenRelu
		? dense
		: null;
}

/** A hidden layer's kernel [out, in] and bias [out, 1], transposed for the job. */
interface HiddenT {
	readonly kernelT: tf.Variable;
	readonly biasCol: tf.Variable;
}

/**
 * A job's lean SGD: −η, B and 1/B of each batch size made once; the hidden layers transposed
 * into variables of its own at the start. Call `step` per batch, then `finish` to write the
 * weights back into the model's variables, then `dispose`.
 */
export class LeanSgd {
	readonly #dense: readonly DenseVars[];
	readonly #hidden: HiddenT[];
	readonly #data: RowSource;
	readonly #numClasses: number;
	readonly #negLr: tf.Scalar;
	readonly #sizes = new Map<number, { batch: tf.Scalar; invB: tf.Scalar }>();

	constructor(dense: readonly DenseVars[], data: RowSource, numClasses: number, lr: number) {
		this.#dense = dense;
		this.#data = data;
		this.#numClasses = numClasses;
		this.#negLr = tf.scalar(-lr); // as tfjs's SGDOptimizer
		this.#hidden = tf.tidy(() =>
			dense.slice(0, -1).map((d) => ({
				kernelT: tf.variable(tf.transpose(d.kernel), false),
				biasCol: tf.variable(tf.reshape(d.bias, [-1, 1]), false)
			}))
		);
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

	/** The rows `idx` as [B, F] and [F, B], and their one-hot labels [B, classes]. */
	#batch(idx: readonly number[]): { x: tf.Tensor2D; xT: tf.Tensor2D; y: tf.Tensor2D } {
		const { x, y, features: f } = this.#data;
		const b = idx.length;
		const c = this.#numClasses;
		const hot = new Float32Array(b * c);
		idx.forEach((i, r) => (hot[r * c + (y[i] as number)] = 1));
		return {
			x: tf.tensor2d(copyRows(x, f, idx), [b, f]),
			xT: tf.tensor2d(copyColumns(x, f, idx), [f, b]),
			y: tf.tensor2d(hot, [b, c])
		};
	}

	/** One step on rows `idx` of the data; returns the batch's mean loss (the caller disposes it). */
	step(idx: readonly number[]): tf.Scalar {
		const { batch, invB } = this.#size(idx.length);
		return tf.tidy(() => {
			const { x, xT, y } = this.#batch(idx);
			return this.#step(x, xT, y, invB, batch);
		});
	}

	#step(x: tf.Tensor2D, xT: tf.Tensor2D, y: tf.Tensor2D, invB: tf.Scalar, batch: tf.Scalar) {
		const hidden = this.#hidden;
		const out = this.#dense.at(-1) as DenseVars;
		// forward through the hidden layers, transposed: aᵀ ← relu(Wᵀ·aᵀ + b)
		const actsT: tf.Tensor2D[] = [xT];
		for (const h of hidden) {
			const aT = actsT.at(-1) as tf.Tensor2D;
			actsT.push(
				tf.relu(tf.add(tf.matMul(h.kernelT as tf.Tensor2D, aT), h.biasCol)) as tf.Tensor2D
			);
		}
		const lastT = actsT.at(-1) as tf.Tensor2D;
		const last = hidden.length ? (tf.transpose(lastT) as tf.Tensor2D) : x;
		const kernel = out.kernel as tf.Tensor2D;
		const logits = tf.fused.matMul({ a: last, b: kernel, bias: out.bias, activation: 'linear' });
		// softmax cross-entropy, as tfjs computes its value and its custom gradient
		const logResult = tf.sub(logits, tf.logSumExp(logits, [1], true));
		const loss = tf.div(tf.sum(tf.sum(tf.neg(tf.mul(logResult, y)), [1])), batch);
		const dz = tf.mul(invB, tf.sub(tf.exp(logResult), y)) as tf.Tensor2D;
		// the output layer: dW = aᵀ·dz (aᵀ is at hand), db = Σ_batch dz, dyᵀ = W·dzᵀ
		const outGrads = [tf.matMul(lastT, dz), tf.sum(dz, [0])] as const;
		let dyT = hidden.length ? tf.matMul(kernel, tf.transpose(dz) as tf.Tensor2D) : null;
		const grads: [tf.Tensor, tf.Tensor][] = [];
		for (let i = hidden.length - 1; i >= 0; i--) {
			const h = hidden[i] as HiddenT;
			// relu′ from its output (step(relu(z)) = step(z))
			const dzT = tf.mul(dyT as tf.Tensor2D, tf.step(actsT[i + 1] as tf.Tensor2D)) as tf.Tensor2D;
			const input = i ? (tf.transpose(actsT[i] as tf.Tensor2D) as tf.Tensor2D) : x;
			grads[i] = [tf.matMul(dzT, input), tf.sum(dzT, [1], true)];
			if (i > 0) dyT = tf.matMul(tf.transpose(h.kernelT) as tf.Tensor2D, dzT);
		}
		const negLr = this.#negLr;
		out.kernel.assign(tf.add(tf.mul(negLr, outGrads[0]), out.kernel));
		out.bias.assign(tf.add(tf.mul(negLr, outGrads[1]), out.bias));
		hidden.forEach((h, i) => {
			const [dWT, db] = grads[i] as [tf.Tensor, tf.Tensor];
			h.kernelT.assign(tf.add(tf.mul(negLr, dWT), h.kernelT));
			h.biasCol.assign(tf.add(tf.mul(negLr, db), h.biasCol));
		});
		return loss as tf.Scalar;
	}

	/** Writes the job's weights back into the model's variables (call before reading them). */
	finish(): void {
		tf.tidy(() =>
			this.#hidden.forEach((h, i) => {
				const d = this.#dense[i] as DenseVars;
				d.kernel.assign(tf.transpose(h.kernelT));
				d.bias.assign(tf.reshape(h.biasCol, [-1]));
			})
		);
	}

	dispose(): void {
		this.#negLr.dispose();
		for (const h of this.#hidden) tf.dispose([h.kernelT, h.biasCol]);
		for (const s of this.#sizes.values()) tf.dispose([s.batch, s.invB]);
	}
}
