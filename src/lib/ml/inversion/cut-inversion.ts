/**
 * What a split-learning server can rebuild from the smashed data alone: model inversion by
 * optimisation — He, Zhang, Lee 2019, "Model inversion attacks against collaborative inference"
 * (ACSAC 2019), the white-box "regularized maximum likelihood estimation" attack. The server
 * starts from random pictures and changes them by gradient descent (Adam) until the client's layers
 * map them onto the smashed data it received: min ‖f_cut(x̂) − s‖² / ‖s‖² + λ·TV(x̂), pixels
 * kept in [0, 1].
 *
 * What it assumes, said plainly: the server knows the client's layers and their weights (white
 * box). That holds at the start of training when the server hands out the initial model, and in
 * SplitFed, where a server averages the client-side weights; otherwise the server must first
 * estimate them (He et al.'s black-box attack, or UnSplit: Erdoğan, Küpçü, Çiçek 2022,
 * arXiv:2108.09033), which is not done here. Only first derivatives of the client's layers are
 * needed (Conv2DBackpropInput and MaxPoolGrad exist on wasm), so the real tfjs layers are used.
 */
import * as tf from '@tensorflow/tfjs';
import { describeModel } from '../../sim/core/model-spec';
import type { Rng } from '../../sim/core/rng';
import type { ModelSpec } from '../../sim/core/schema';
import { imageQuality, type Quality } from '../../sim/privacy/inversion/quality';
import { buildModel } from '../model';
import { assignWeights } from '../weights';

export interface CutInversionInput {
	readonly spec: ModelSpec;
	/** The whole model's weights (the client's layers are the first ones). */
	readonly weights: Float32Array;
	/** Sample shape, e.g. [28, 28, 1]. */
	readonly inputShape: readonly number[];
	readonly numClasses: number;
	/** The client holds layers [0, cut): 1 ≤ cut < number of layers. */
	readonly cut: number;
	/** The client's images, n × ∏inputShape, row-major, pixels in [0, 1]. */
	readonly images: Float32Array;
	readonly iterations?: number;
	readonly learningRate?: number;
	/** Weight of the total-variation prior (default 0.01). */
	readonly tv?: number;
	/** The initial guesses. */
	readonly rng: Rng;
	/** Called every `every` iterations; returning false stops there. Awaited. */
	readonly onProgress?: (p: {
		iteration: number;
		loss: number;
		images: Float32Array;
	}) => boolean | void | Promise<boolean | void>;
	readonly every?: number;
}

export interface CutInversionResult {
	readonly cut: number;
	/** Name of the client's last layer, e.g. `maxpool_1`. */
	readonly layer: string;
	/** Values per sample that cross the cut. */
	readonly floats: number;
	readonly reconstructions: Float32Array;
	/** Per image, against the client's image of the same index. */
	readonly quality: readonly Quality[];
	readonly iterations: number;
	/** ‖f_cut(x̂) − s‖² / ‖s‖² at the end. */
	readonly loss: number;
}

/** Inverts the client's layers at `cut` for the smashed data of `images`. */
export async function invertSmashed(o: CutInversionInput): Promise<CutInversionResult> {
	const infos = describeModel(o.spec, o.inputShape, o.numClasses);
	if (!Number.isInteger(o.cut) || o.cut < 1 || o.cut >= infos.length)
		throw new RangeError(
			`cut must be a layer boundary from 1 to ${infos.length - 1} (got ${o.cut})`
		);
	const per = o.inputShape.reduce((a, b) => a * b, 1);
	const n = o.images.length / per;
	if (!Number.isInteger(n) || n < 1) throw new RangeError('images: not a whole number of samples');
	const head = buildModel(
		infos.slice(0, o.cut).map((l) => l.layer),
		o.inputShape
	);
	const headParams = infos.slice(0, o.cut).reduce((s, l) => s + l.params, 0);
	const x0 = Float32Array.from({ length: n * per }, () => o.rng.next());
	const x = tf.tidy(() => tf.variable(tf.tensor(x0, [n, ...o.inputShape]), true));
	const opt = tf.train.adam(o.learningRate ?? 0.05);
	const tv = o.tv ?? 0.01;
	const side = o.inputShape[0] as number;
	let target: tf.Tensor | null = null;
	let norm: tf.Scalar | null = null;
	try {
		assignWeights(head, o.weights.subarray(0, headParams));
		target = tf.tidy(() => head.apply(tf.tensor(o.images, [n, ...o.inputShape])) as tf.Tensor);
		norm = tf.tidy(() => tf.sum(tf.square(target as tf.Tensor)).add(1e-12) as tf.Scalar);
		const total = o.iterations ?? 300;
		const every = o.every ?? total;
		let iteration = 0;
		let loss = NaN;
		const objective = () =>
			tf.tidy(() => {
				const fit = tf.div(
					tf.sum(tf.square(tf.sub(head.apply(x) as tf.Tensor, target as tf.Tensor))),
					norm as tf.Scalar
				);
				if (tv <= 0) return fit as tf.Scalar;
				const img = tf.reshape(x, [n, side, -1]);
				const w = img.shape[2] as number;
				const dy = tf.sub(
					tf.slice(img, [0, 1, 0], [n, side - 1, w]),
					tf.slice(img, [0, 0, 0], [n, side - 1, w])
				);
				const dx = tf.sub(
					tf.slice(img, [0, 0, 1], [n, side, w - 1]),
					tf.slice(img, [0, 0, 0], [n, side, w - 1])
				);
				return tf.add(
					fit,
					tf.mul(tv, tf.add(tf.mean(tf.abs(dy)), tf.mean(tf.abs(dx))))
				) as tf.Scalar;
			});
		while (iteration < total) {
			const chunk = Math.min(every, total - iteration);
			for (let k = 0; k < chunk; k++) {
				const cost = opt.minimize(objective, true, [x]);
				loss = cost ? (cost.dataSync()[0] as number) : NaN;
				cost?.dispose();
				tf.tidy(() => {
					x.assign(tf.clipByValue(x, 0, 1));
				});
				iteration++;
			}
			const go = await o.onProgress?.({
				iteration,
				loss,
				images: x.dataSync().slice() as Float32Array
			});
			if (go === false) break;
		}
		const fitLoss = tf.tidy(
			() =>
				tf
					.div(
						tf.sum(tf.square(tf.sub(head.apply(x) as tf.Tensor, target as tf.Tensor))),
						norm as tf.Scalar
					)
					.dataSync()[0] as number
		);
		const reconstructions = x.dataSync().slice() as Float32Array;
		const info = infos[o.cut - 1] as (typeof infos)[number];
		return {
			cut: o.cut,
			layer: info.name,
			floats: info.outputShape.reduce((a, b) => a * b, 1),
			reconstructions,
			quality: Array.from({ length: n }, (_, i) =>
				imageQuality(
					o.images.subarray(i * per, (i + 1) * per),
					reconstructions.subarray(i * per, (i + 1) * per)
				)
			),
			iterations: iteration,
			loss: fitLoss
		};
	} finally {
		target?.dispose();
		norm?.dispose();
		x.dispose();
		opt.dispose();
		head.dispose();
	}
}
