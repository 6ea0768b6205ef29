/**
 * The gradient of the playground's CNN's loss with respect to its weights, written out as tfjs ops
 * (forward pass, then back-propagation by hand), so that it is itself differentiable with respect
 * to the input and the labels: gradient inversion against the CNN (Zhu, Liu, Han 2019,
 * arXiv:1906.08935; Geiping et al. 2020, arXiv:2003.14053) optimises through it.
 *
 * The CNN is the scenario's (core/model-spec.ts `layersOf`): conv 5×5 (f₁ filters, 'same', ReLU),
 * max-pool 2×2, conv 3×3 (f₂, 'same', ReLU), max-pool 2×2, flatten, dense 64 ReLU, dense classes;
 * softmax cross-entropy averaged over the batch; weights in tfjs order [K₁ (5×5×c×f₁), b₁,
 * K₂ (3×3×f₁×f₂), b₂, W₃, b₃, W₄, b₄].
 *
 * Why by hand, and why these ops: tfjs's own gradient of a convolution computes the filter
 * gradient with the kernel Conv2DBackpropFilter, and that of max-pooling with MaxPoolGrad; tfjs
 * 4.22 registers no gradient for either (checked in tfjs-core's register_all_gradients), so the
 * weight gradient of `tf.conv2d` cannot be differentiated again, and the wasm backend lacks
 * Conv2DBackpropFilter altogether. `tf.gather` (the usual
 * im2col) is no way out on wasm: its gradient is UnsortedSegmentSum, which tfjs-backend-wasm 4.22
 * does not register either. So a convolution here is im2col by zero-padding and k² slices
 * concatenated along the channels, then one matMul; the filter gradient is the transposed product,
 * and the input gradient is the same im2col convolution of ∂L/∂z with the kernel turned by 180°.
 * Pad, Slice, Concat, Reverse, Transpose, BatchMatMul, Maximum, Step and Softmax all exist on wasm
 * and their gradients are built from each other, so tfjs can differentiate this whole function.
 * Max-pooling sends the gradient to the first maximum of each window in row-major order (the tie
 * rule of tfjs's MaxPoolGrad); masks come from `step`, whose gradient is zero.
 */
import * as tf from '@tensorflow/tfjs';

/** The CNN's geometry: a square single-channel input and the two convolutions' filters. */
export interface CnnSizes {
	/** Side of the square input (28 for MNIST). */
	readonly side: number;
	readonly channels: number;
	readonly filters: readonly [number, number];
	readonly dense: number;
	readonly classes: number;
}

/** The weight shapes, tfjs order. */
export function cnnShapes(s: CnnSizes): number[][] {
	const [f1, f2] = s.filters;
	const flat = (s.side / 4) * (s.side / 4) * f2;
	return [
		[5, 5, s.channels, f1],
		[f1],
		[3, 3, f1, f2],
		[f2],
		[flat, s.dense],
		[s.dense],
		[s.dense, s.classes],
		[s.classes]
	];
}

/** im2col for a stride-1 'same' convolution with an odd k × k kernel: [B,H,W,C] → [B·H·W, k²·C]. */
function im2col(a: tf.Tensor4D, k: number): tf.Tensor2D {
	const [b, h, w, c] = a.shape;
	const p = (k - 1) / 2;
	const padded = tf.pad(a, [
		[0, 0],
		[p, p],
		[p, p],
		[0, 0]
	]);
	const cols: tf.Tensor4D[] = [];
	for (let i = 0; i < k; i++)
		for (let j = 0; j < k; j++) cols.push(tf.slice(padded, [0, i, j, 0], [b, h, w, c]));
	return tf.reshape(tf.concat(cols, 3), [b * h * w, k * k * c]);
}

/** 'same' convolution, stride 1, of a [B,H,W,C] by a kernel [k,k,C,F] (no bias). */
function conv(a: tf.Tensor4D, kernel: tf.Tensor4D, cols?: tf.Tensor2D): tf.Tensor4D {
	const [b, h, w] = a.shape;
	const [k, , c, f] = kernel.shape;
	const x = cols ?? im2col(a, k);
	return tf.reshape(tf.matMul(x, tf.reshape(kernel, [k * k * c, f])), [b, h, w, f]);
}

/** ∂L/∂a of a 'same' convolution: the convolution of ∂L/∂z by the kernel turned 180°, in ↔ out. */
function convInputGrad(dz: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
	const turned = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
	return conv(dz, turned);
}

/** A 2×2, stride-2 max-pool and what its backward pass needs. */
interface Pooled {
	readonly out: tf.Tensor4D;
	/** The four window positions' masks (first maximum wins), each [B·H/2, 1, W/2, 1, C]. */
	readonly masks: readonly tf.Tensor[];
}

function maxPool2(a: tf.Tensor4D): Pooled {
	const [b, h, w, c] = a.shape;
	const n = (b * h) / 2;
	const w2 = w / 2;
	const a5 = tf.reshape(a, [n, 2, w2, 2, c]);
	const part = (di: number, dj: number) => tf.slice(a5, [0, di, 0, dj, 0], [n, 1, w2, 1, c]);
	const s = [part(0, 0), part(0, 1), part(1, 0), part(1, 1)];
	const m = tf.maximum(
		tf.maximum(s[0] as tf.Tensor, s[1] as tf.Tensor),
		tf.maximum(s[2] as tf.Tensor, s[3] as tf.Tensor)
	);
	// 1 where a position holds the window's maximum (m − s ≥ 0, and step(0) = 0)
	const isMax = s.map((si) => tf.sub(1, tf.step(tf.sub(m, si))));
	const masks: tf.Tensor[] = [];
	let free: tf.Tensor = tf.onesLike(m);
	for (const e of isMax) {
		masks.push(tf.mul(e, free));
		free = tf.mul(free, tf.sub(1, e));
	}
	return { out: tf.reshape(m, [b, h / 2, w2, c]), masks };
}

/** ∂L/∂a of the max-pool from ∂L/∂out: each window's gradient goes to its first maximum. */
function maxPool2Grad(dOut: tf.Tensor4D, pooled: Pooled, shape: readonly number[]): tf.Tensor4D {
	const [b, h, w, c] = shape as [number, number, number, number];
	const n = (b * h) / 2;
	const d = tf.reshape(dOut, [n, 1, w / 2, 1, c]);
	const [m00, m01, m10, m11] = pooled.masks.map((mk) => tf.mul(mk, d)) as [
		tf.Tensor,
		tf.Tensor,
		tf.Tensor,
		tf.Tensor
	];
	const top = tf.concat([m00, m01], 3);
	const bottom = tf.concat([m10, m11], 3);
	return tf.reshape(tf.concat([top, bottom], 1), [b, h, w, c]);
}

/**
 * ∂L/∂θ for inputs x (B × side²·channels, row-major HWC) and label distributions y (B × classes,
 * rows summing to 1), L = mean over the batch of −Σ y·log softmax(z). Returns tensors in the order
 * of `params` (see `cnnShapes`).
 */
export function cnnGradient(
	params: readonly tf.Tensor[],
	x: tf.Tensor2D,
	y: tf.Tensor2D,
	sizes: CnnSizes
): tf.Tensor[] {
	const [k1, b1, k2, b2, w3, b3, w4, b4] = params as [
		tf.Tensor4D,
		tf.Tensor1D,
		tf.Tensor4D,
		tf.Tensor1D,
		tf.Tensor2D,
		tf.Tensor1D,
		tf.Tensor2D,
		tf.Tensor1D
	];
	const batch = x.shape[0];
	const { side, channels } = sizes;
	const input = tf.reshape(x, [batch, side, side, channels]) as tf.Tensor4D;

	// forward
	const cols1 = im2col(input, 5);
	const z1 = tf.add(conv(input, k1, cols1), b1) as tf.Tensor4D;
	const a1 = tf.relu(z1);
	const p1 = maxPool2(a1);
	const cols2 = im2col(p1.out, 3);
	const z2 = tf.add(conv(p1.out, k2, cols2), b2) as tf.Tensor4D;
	const a2 = tf.relu(z2);
	const p2 = maxPool2(a2);
	const flat = tf.reshape(p2.out, [batch, -1]) as tf.Tensor2D;
	const z3 = tf.add(tf.matMul(flat, w3), b3) as tf.Tensor2D;
	const a3 = tf.relu(z3);
	const logits = tf.add(tf.matMul(a3, w4), b4) as tf.Tensor2D;

	// backward
	const dz4 = tf.div(tf.sub(tf.softmax(logits), y), batch) as tf.Tensor2D;
	const gW4 = tf.matMul(a3, dz4, true, false);
	const gb4 = tf.sum(dz4, 0);
	const dz3 = tf.mul(tf.matMul(dz4, w4, false, true), tf.step(z3)) as tf.Tensor2D;
	const gW3 = tf.matMul(flat, dz3, true, false);
	const gb3 = tf.sum(dz3, 0);
	const dp2 = tf.reshape(tf.matMul(dz3, w3, false, true), p2.out.shape) as tf.Tensor4D;
	const dz2 = tf.mul(maxPool2Grad(dp2, p2, a2.shape), tf.step(z2)) as tf.Tensor4D;
	const f2 = k2.shape[3];
	const dz2Flat = tf.reshape(dz2, [-1, f2]);
	const gK2 = tf.reshape(tf.matMul(cols2, dz2Flat, true, false), k2.shape);
	const gb2 = tf.sum(dz2Flat, 0);
	const dp1 = convInputGrad(dz2, k2);
	const dz1 = tf.mul(maxPool2Grad(dp1, p1, a1.shape), tf.step(z1)) as tf.Tensor4D;
	const f1 = k1.shape[3];
	const dz1Flat = tf.reshape(dz1, [-1, f1]);
	const gK1 = tf.reshape(tf.matMul(cols1, dz1Flat, true, false), k1.shape);
	const gb1 = tf.sum(dz1Flat, 0);
	return [gK1, gb1, gK2, gb2, gW3, gb3, gW4, gb4];
}
