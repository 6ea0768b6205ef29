/**
 * The gradient of an MLP's loss with respect to its weights, written out as tfjs ops (forward
 * pass, then back-propagation by hand) so that it is itself differentiable with respect to the
 * input and the labels: gradient inversion (dlg.ts) optimises through it. The MLP is the
 * scenario's (model-spec.ts): dense + ReLU layers, a linear last layer, softmax cross-entropy
 * averaged over the batch, weights flat in tfjs order [W₁ (in × h₁), b₁, W₂, b₂, …].
 */
import * as tf from '@tensorflow/tfjs';

/** Layer widths from input to classes, e.g. [784, 200, 200, 10]. */
export type MlpSizes = readonly number[];

/** Number of weights of an MLP with these widths. */
export function mlpParamCount(sizes: MlpSizes): number {
	let n = 0;
	for (let l = 0; l + 1 < sizes.length; l++)
		n += (sizes[l] as number) * (sizes[l + 1] as number) + (sizes[l + 1] as number);
	return n;
}

/** The shapes of the MLP's weights, tfjs order. */
export function mlpShapes(sizes: MlpSizes): number[][] {
	const out: number[][] = [];
	for (let l = 0; l + 1 < sizes.length; l++)
		out.push([sizes[l] as number, sizes[l + 1] as number], [sizes[l + 1] as number]);
	return out;
}

/** The flat weights as tensors [W₁, b₁, W₂, b₂, …] (the caller disposes them). */
export function mlpTensors(flat: Float32Array, sizes: MlpSizes): tf.Tensor[] {
	if (flat.length !== mlpParamCount(sizes))
		throw new RangeError(
			`weights have ${flat.length} values, the MLP needs ${mlpParamCount(sizes)}`
		);
	const out: tf.Tensor[] = [];
	let at = 0;
	for (let l = 0; l + 1 < sizes.length; l++) {
		const i = sizes[l] as number;
		const o = sizes[l + 1] as number;
		out.push(tf.tensor2d(flat.subarray(at, at + i * o), [i, o]));
		at += i * o;
		out.push(tf.tensor1d(flat.subarray(at, at + o)));
		at += o;
	}
	return out;
}

/**
 * ∂L/∂θ for inputs x (B × in) and label distributions y (B × classes, rows summing to 1), with
 * L = mean over the batch of −Σ y·log softmax(z). Returns tensors in the order of `params`.
 */
export function mlpGradient(
	params: readonly tf.Tensor[],
	x: tf.Tensor2D,
	y: tf.Tensor2D
): tf.Tensor[] {
	const layers = params.length / 2;
	const acts: tf.Tensor2D[] = [x];
	const pre: tf.Tensor2D[] = [];
	let a: tf.Tensor2D = x;
	for (let l = 0; l < layers; l++) {
		const z = tf.add(
			tf.matMul(a, params[2 * l] as tf.Tensor2D),
			params[2 * l + 1] as tf.Tensor1D
		) as tf.Tensor2D;
		pre.push(z);
		a = l + 1 < layers ? tf.relu(z) : z;
		if (l + 1 < layers) acts.push(a);
	}
	const batch = x.shape[0];
	let dz = tf.div(tf.sub(tf.softmax(a), y), batch) as tf.Tensor2D;
	const grads: tf.Tensor[] = new Array(params.length);
	for (let l = layers - 1; l >= 0; l--) {
		grads[2 * l] = tf.matMul(acts[l] as tf.Tensor2D, dz, true, false);
		grads[2 * l + 1] = tf.sum(dz, 0);
		if (l > 0) {
			const da = tf.matMul(dz, params[2 * l] as tf.Tensor2D, false, true);
			dz = tf.mul(da, tf.step(pre[l - 1] as tf.Tensor2D)) as tf.Tensor2D;
		}
	}
	return grads;
}

/** The flat gradient for one batch (plain arrays in and out; tidy). */
export function mlpGradientFlat(
	weights: Float32Array,
	sizes: MlpSizes,
	x: Float32Array,
	labels: readonly number[]
): Float32Array {
	return tf.tidy(() => {
		const params = mlpTensors(weights, sizes);
		const xs = tf.tensor2d(x, [labels.length, sizes[0] as number]);
		const ys = tf
			.oneHot(tf.tensor1d([...labels], 'int32'), sizes.at(-1) as number)
			.toFloat() as tf.Tensor2D;
		const g = mlpGradient(params, xs, ys);
		return tf.concat(g.map((t) => t.flatten())).dataSync() as Float32Array;
	});
}
