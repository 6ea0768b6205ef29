/**
 * Label leakage from cut-layer gradients — Li, Sun, Wang, Zhang, Xie, Wang, Lin 2022, "Label
 * Leakage and Protection in Two-party Split Learning", ICLR 2022, arXiv:2102.08504.
 *
 * U-shaped split learning keeps the labels on the client, but the server still receives, for
 * every example, the gradient of the loss at the top cut. In a two-party binary task with rare
 * positives (here one MNIST digit against the other nine) those gradients give the labels away:
 * - norm attack: the model is unsure about the rare class, so positive examples have larger
 *   gradients; score = ‖g_i‖;
 * - cosine attack: positive and negative gradients point in opposite directions; knowing one
 *   positive example of the batch, score = cos(g_i, g_positive).
 * The leak AUC (auc.ts) measures how well each score ranks the positives first (0.5 = chance).
 *
 * This trains a real U-shaped split model (TfSplitTrainer) on the binary task and records, batch by
 * batch, the gradients the server receives. Optional protection: the paper's "max norm"
 * heuristic, which adds Gaussian noise to each example's gradient so that every gradient's
 * expected squared norm equals the batch's largest.
 */
import * as tf from '@tensorflow/tfjs';
import { auc, cosineScores, normScores } from '../sim/split/auc';
import type { Dataset, Split } from '../sim/core/dataset';
import { createRng } from '../sim/core/rng';
import type { ModelSpec } from '../sim/scenario';
import { joinWeights, splitWeights } from '../sim/split/layout';
import type { Protection } from '../sim/split/leakage-experiment';
import { TfSplitTrainer, type GradientTap } from './tf-split-trainer';

export type { Protection };

export interface LeakageOptions {
	/** The positive class: this digit; every other is negative. */
	readonly digit: number;
	readonly model: ModelSpec;
	/** The U-shaped cut: the client holds layers [0, cutLayer) and the last `topLayers`. */
	readonly cutLayer: number;
	readonly topLayers?: number;
	readonly epochs: number;
	readonly batchSize: number;
	readonly learningRate: number;
	readonly seed: number;
	readonly protection?: Protection;
	/** Batches pooled into one point of the curve. */
	readonly window?: number;
	/** Use at most this many training samples. */
	readonly trainLimit?: number;
}

export interface LeakagePoint {
	/** Batches trained so far (the end of the window). */
	readonly batch: number;
	readonly normAuc: number;
	readonly cosineAuc: number;
}

export interface LeakageResult {
	/** Leak AUC over training, one point per window of batches. */
	readonly points: readonly LeakagePoint[];
	/** Over every example of the run. */
	readonly normAuc: number;
	readonly cosineAuc: number;
	/** Share of positive examples in the training data. */
	readonly positiveRate: number;
	/** Test accuracy of the binary model at the end (the task is being learned). */
	readonly accuracy: number;
	/** Dimension of the gradient the server sees per example. */
	readonly gradientSize: number;
}

/** One digit against the rest, as a two-class dataset (pixels shared, not copied). */
export function oneVsRest(dataset: Dataset, digit: number, trainLimit = Infinity): Dataset {
	const per = dataset.inputShape.reduce((a, b) => a * b, 1);
	const binary = (s: Split, limit: number): Split => {
		const n = Math.min(s.n, limit);
		return {
			n,
			x: s.x.subarray(0, n * per),
			y: Uint8Array.from(s.y.subarray(0, n), (y) => (y === digit ? 1 : 0))
		};
	};
	return {
		...dataset,
		numClasses: 2,
		train: binary(dataset.train, trainLimit),
		test: binary(dataset.test, Infinity)
	};
}

/** Trains the two-party task and measures the norm and cosine attacks' leak AUC. */
export async function measureLabelLeakage(
	dataset: Dataset,
	opts: LeakageOptions
): Promise<LeakageResult> {
	const data = oneVsRest(dataset, opts.digit, opts.trainLimit);
	const trainer = new TfSplitTrainer(data, opts.model, {
		cutLayer: opts.cutLayer,
		labels: 'ushaped',
		topLayers: opts.topLayers ?? 1
	});
	const rng = createRng(opts.seed);
	const noise = rng.fork('protection');
	const window = opts.window ?? 10;
	const all = {
		norm: [] as number[],
		cos: [] as number[],
		yNorm: [] as boolean[],
		yCos: [] as boolean[]
	};
	let win = {
		norm: [] as number[],
		cos: [] as number[],
		yNorm: [] as boolean[],
		yCos: [] as boolean[]
	};
	const points: LeakagePoint[] = [];
	let batches = 0;
	let gradientSize = 0;
	const tap: GradientTap = {
		protect: opts.protection === 'maxNorm' ? (g) => maxNormNoise(g, noise.int(2 ** 31)) : undefined,
		observe(grad, rows, cols, labels) {
			gradientSize = cols;
			const norms = normScores(grad, rows, cols);
			const ref = labels.findIndex((y) => y === 1);
			const cos = ref >= 0 ? cosineScores(grad, rows, cols, ref) : null;
			for (let r = 0; r < rows; r++) {
				const positive = labels[r] === 1;
				for (const bag of [all, win]) {
					bag.norm.push(norms[r] as number);
					bag.yNorm.push(positive);
					if (cos && r !== ref) {
						bag.cos.push(cos[r] as number);
						bag.yCos.push(positive);
					}
				}
			}
			if (++batches % window === 0) {
				points.push({
					batch: batches,
					normAuc: auc(win.norm, win.yNorm),
					cosineAuc: auc(win.cos, win.yCos)
				});
				win = { norm: [], cos: [], yNorm: [], yCos: [] };
			}
		}
	};
	try {
		const weights = trainer.initialWeights(rng.fork('init'));
		const indices = Int32Array.from({ length: data.train.n }, (_, i) => i);
		const result = await trainer.trainSplit(
			splitWeights(trainer.layout, weights),
			{
				indices,
				epochs: opts.epochs,
				batchSize: opts.batchSize,
				learningRate: opts.learningRate,
				rng: rng.fork('train')
			},
			tap
		);
		const { accuracy } = await trainer.evaluate(joinWeights(result.weights));
		const positives = data.train.y.reduce((s, y) => s + y, 0);
		return {
			points,
			normAuc: auc(all.norm, all.yNorm),
			cosineAuc: auc(all.cos, all.yCos),
			positiveRate: positives / data.train.n,
			accuracy,
			gradientSize
		};
	} finally {
		trainer.dispose();
	}
}

/**
 * Li et al.'s max-norm heuristic: row i gets N(0, σ_i²·I) noise with
 * σ_i² = (max_j ‖g_j‖² − ‖g_i‖²) / d, so E‖g_i + noise‖² = max_j ‖g_j‖² for every row.
 */
export function maxNormNoise(grad: tf.Tensor2D, seed: number): tf.Tensor2D {
	return tf.tidy(() => {
		const d = grad.shape[1];
		const sq = tf.sum(tf.square(grad), 1, true);
		const sigma = tf.sqrt(tf.div(tf.sub(tf.max(sq), sq), d));
		const z = tf.randomNormal(grad.shape, 0, 1, 'float32', seed);
		return tf.add(grad, tf.mul(z, sigma)) as tf.Tensor2D;
	});
}
