/**
 * A tfjs model cut at layer boundaries, with one method per step of the split-learning protocol
 * (Gupta & Raskar 2018, arXiv:1810.06060; Vepakomma et al. 2018, arXiv:1812.00564):
 *
 *   client  `clientForward`   x → smashed                         (head)
 *   server  `serverBackward`  smashed, labels → loss, ∂L/∂smashed  (tail + loss; vanilla)
 *   client  `headGradients`   x, ∂L/∂smashed → head gradients      (head backward)
 *
 * and for the U-shaped configuration, where the loss stays on the client:
 *
 *   server  `serverForward`      smashed → tail output
 *   client  `topBackward`        tail output, labels → loss, ∂L/∂output, top gradients
 *   server  `serverBackwardWith` smashed, ∂L/∂output → ∂L/∂smashed, tail gradients
 *
 * Each side only touches its own layers and the tensors it was sent. The gradient of a part
 * with respect to its input comes from `tf.variableGrads` over the part's variables plus a
 * temporary variable holding the input; backpropagating a received gradient dy through a part
 * uses the objective Σ(part(x) ⊙ dy), whose gradient is exactly the vector-Jacobian product
 * (∂ of Σ(y ⊙ dy) with respect to y is dy, bit for bit). All methods are synchronous and return
 * fresh tensors: call them inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import type { SplitLayout } from '../sim/split/layout';
import { buildModel } from './model';

/** Gradients of a part's variables, by variable name (what `optimizer.applyGradients` takes). */
export type Grads = tf.NamedTensorMap;

const varsOf = (m: tf.Sequential | null): tf.Variable[] =>
	m ? m.trainableWeights.map((w) => w.read() as tf.Variable) : [];

export class SplitModel {
	readonly layout: SplitLayout;
	/** The client's bottom layers. */
	readonly head: tf.Sequential;
	/** The server's layers (the middle ones in U-shaped mode). */
	readonly tail: tf.Sequential;
	/** The client's top layers with the logits (U-shaped only). */
	readonly top: tf.Sequential | null;
	readonly headVars: readonly tf.Variable[];
	readonly tailVars: readonly tf.Variable[];
	readonly topVars: readonly tf.Variable[];

	constructor(layout: SplitLayout, inputShape: readonly number[]) {
		this.layout = layout;
		const descs = layout.layers.map((l) => l.layer);
		const inputOf = (i: number) =>
			(layout.layers[i] as { inputShape: readonly number[] }).inputShape;
		this.head = buildModel(descs.slice(0, layout.cutLayer), inputShape);
		this.tail = buildModel(descs.slice(layout.cutLayer, layout.topCut), inputOf(layout.cutLayer));
		this.top =
			layout.topCut < descs.length
				? buildModel(descs.slice(layout.topCut), inputOf(layout.topCut))
				: null;
		this.headVars = varsOf(this.head);
		this.tailVars = varsOf(this.tail);
		this.topVars = varsOf(this.top);
	}

	/** Every variable in layer order (head, tail, top): the whole model's weight order. */
	get allVars(): tf.Variable[] {
		return [...this.headVars, ...this.tailVars, ...this.topVars];
	}

	/** Client: the smashed data of a batch. */
	clientForward(x: tf.Tensor, training = true): tf.Tensor {
		return this.head.apply(x, { training }) as tf.Tensor;
	}

	/** Server (U-shaped): the tail's output, sent down to the client's top. */
	serverForward(smashed: tf.Tensor, training = true): tf.Tensor {
		return this.tail.apply(smashed, { training }) as tf.Tensor;
	}

	/** Logits of a batch through every part (evaluation). */
	logits(x: tf.Tensor): tf.Tensor {
		const mid = this.serverForward(this.clientForward(x, false), false);
		return this.top ? (this.top.apply(mid, { training: false }) as tf.Tensor) : mid;
	}

	/**
	 * Server (vanilla): finishes the forward pass from the smashed data, takes the mean softmax
	 * cross-entropy against one-hot `labels`, and backpropagates to the cut. Nothing is updated.
	 */
	serverBackward(
		smashed: tf.Tensor,
		labels: tf.Tensor
	): { loss: tf.Scalar; gradAtCut: tf.Tensor; grads: Grads } {
		if (this.top) throw new Error('U-shaped: the loss is on the client (use topBackward)');
		const { value, inputGrad, grads } = backprop(this.tail, this.tailVars, smashed, (out) =>
			crossEntropy(labels, out)
		);
		return { loss: value, gradAtCut: inputGrad, grads };
	}

	/** Client (U-shaped): the loss on its top layers and the gradient to send back to the server. */
	topBackward(
		output: tf.Tensor,
		labels: tf.Tensor
	): { loss: tf.Scalar; gradAtOutput: tf.Tensor; grads: Grads } {
		if (!this.top) throw new Error('vanilla: the loss is on the server (use serverBackward)');
		const { value, inputGrad, grads } = backprop(this.top, this.topVars, output, (out) =>
			crossEntropy(labels, out)
		);
		return { loss: value, gradAtOutput: inputGrad, grads };
	}

	/** Server (U-shaped): backpropagates the client's gradient `dy` through the tail to the cut. */
	serverBackwardWith(smashed: tf.Tensor, dy: tf.Tensor): { gradAtCut: tf.Tensor; grads: Grads } {
		const { inputGrad, grads } = backprop(this.tail, this.tailVars, smashed, (out) =>
			tf.sum(tf.mul(out, dy))
		);
		return { gradAtCut: inputGrad, grads };
	}

	/** Client: the head's gradients from the cut-layer gradient (empty when the head has no weights). */
	headGradients(x: tf.Tensor, gradAtCut: tf.Tensor): Grads {
		if (!this.headVars.length) return {};
		return tf.variableGrads(
			() => tf.sum(tf.mul(this.clientForward(x), gradAtCut)),
			[...this.headVars]
		).grads;
	}

	dispose(): void {
		this.head.dispose();
		this.tail.dispose();
		this.top?.dispose();
	}
}

/** Mean softmax cross-entropy, as the whole-model trainer computes it. */
function crossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
	return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

/**
 * Gradients of `objective(part(input))` with respect to the part's variables and its input.
 * The input is wrapped in a temporary variable (sharing its data, no copy) so that one pass of
 * `tf.variableGrads` yields both.
 */
function backprop(
	part: tf.Sequential,
	vars: readonly tf.Variable[],
	input: tf.Tensor,
	objective: (out: tf.Tensor) => tf.Scalar
): { value: tf.Scalar; inputGrad: tf.Tensor; grads: Grads } {
	const x = tf.variable(input, true);
	try {
		const { value, grads } = tf.variableGrads(
			() => objective(part.apply(x, { training: true }) as tf.Tensor),
			[x, ...vars]
		);
		const inputGrad = grads[x.name];
		if (!inputGrad) throw new Error('no gradient reached the cut');
		delete grads[x.name];
		return { value, inputGrad, grads };
	} finally {
		x.dispose();
	}
}
