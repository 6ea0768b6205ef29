/**
 * The split-learning `Trainer` on tfjs: the model of a scenario cut at `cutLayer` (see
 * `SplitModel`), trained batch by batch through the real protocol. One instance serves every
 * client, like `TfTrainer`: the parts' weights are loaded before a client's turn and read back
 * after it. The client and the server each run their own SGD optimizer over their own layers.
 *
 * With the same weights, batch order and learning rate this computes the same updates as training
 * the whole model (the chain rule, split at the cut); src/lib/node/split.test.ts checks it.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluateLogits } from './evaluate';
import type { Dataset } from '../sim/core/dataset';
import { describeModel } from '../sim/core/model-spec';
import type { Rng } from '../sim/core/rng';
import type { ModelSpec } from '../sim/scenario';
import {
	joinWeights,
	splitLayout,
	splitWeights,
	type LabelMode,
	type SplitLayout,
	type SplitWeights
} from '../sim/split/layout';
import type { SplitTrainResult, SplitTrainer } from '../sim/split/trainer';
import type { Evaluation, TrainJob, TrainResult } from '../sim/core/trainer';
import { createYielder } from '../sim/core/yielder';
import { curveFromSums, curveMarks } from '../sim/core/loss-curve';
import { activationSample } from '../sim/split/activation-sample';
import { SplitModel, type Grads } from './split-model';
import { batchOf, trainingRows, type RowSource } from './rows';
import { flattenWeights, glorotInit } from './weights';

export interface SplitCut {
	cutLayer: number;
	labels?: LabelMode;
	/** U-shaped: how many last layers stay on the client. */
	topLayers?: number;
}

/** One batch's exchange as the party without the labels sees it (for leakage experiments). */
export interface GradientTap {
	/**
	 * The gradient the label-holding side sends across the cut it shares with the other side:
	 * vanilla, the server's ∂L/∂smashed to the client; U-shaped, the client's ∂L/∂output to the
	 * server. `rows` × `cols`, one row per sample, with the batch's true labels.
	 */
	observe?(grad: Float32Array, rows: number, cols: number, labels: Int32Array): void;
	/** Replaces that gradient before it is sent (a defence); must return a new tensor. */
	protect?(grad: tf.Tensor2D): tf.Tensor2D;
}

export interface SplitTrainerOptions {
	yieldBudgetMs?: number;
	/** Evaluate on at most this many test samples (all by default). */
	testLimit?: number;
}

/** The first batch's first sample at the cut and (U-shaped) at the server's output, not yet read. */
interface Kept {
	sample?: tf.Tensor1D;
	shape?: number[];
	top?: tf.Tensor1D;
	topShape?: number[];
}

export class TfSplitTrainer implements SplitTrainer {
	readonly params: number;
	readonly layout: SplitLayout;
	readonly model: SplitModel;
	readonly #numClasses: number;
	readonly #dataset: Dataset;
	readonly #xTest: tf.Tensor;
	readonly #yTest: tf.Tensor1D;
	readonly #yield: () => Promise<void> | undefined;

	constructor(dataset: Dataset, spec: ModelSpec, cut: SplitCut, opts: SplitTrainerOptions = {}) {
		const layers = describeModel(spec, dataset.inputShape, dataset.numClasses);
		this.layout = splitLayout(layers, cut.cutLayer, cut.labels ?? 'vanilla', cut.topLayers ?? 1);
		this.params = this.layout.headParams + this.layout.tailParams + this.layout.topParams;
		this.model = new SplitModel(this.layout, dataset.inputShape);
		this.#numClasses = dataset.numClasses;
		const shape = [...dataset.inputShape];
		const per = shape.reduce((a, b) => a * b, 1);
		const nTest = Math.min(dataset.test.n, opts.testLimit ?? Infinity);
		this.#dataset = dataset;
		this.#xTest = tf.tensor(dataset.test.x.subarray(0, nTest * per), [nTest, ...shape], 'float32');
		this.#yTest = tf.tensor1d(Int32Array.from(dataset.test.y.subarray(0, nTest)), 'int32');
		this.#yield = createYielder(opts.yieldBudgetMs ?? 12);
	}

	/** Glorot-uniform kernels, zero biases, in whole-model order: the same draw as `TfTrainer`. */
	initialWeights(rng: Rng): Float32Array {
		return glorotInit(
			this.model.allVars.map((v) => v.shape),
			rng
		);
	}

	split(full: Float32Array): SplitWeights {
		return splitWeights(this.layout, full);
	}

	/** Trains through the split protocol and returns the whole model's weights. */
	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		const r = await this.trainSplit(this.split(weights), job);
		return {
			weights: joinWeights(r.weights),
			loss: r.loss,
			...(r.losses && { losses: r.losses }),
			samples: r.samples
		};
	}

	async trainSplit(
		parts: SplitWeights,
		job: TrainJob,
		tap?: GradientTap
	): Promise<SplitTrainResult> {
		if (job.proximalRho) throw new Error('split learning has no proximal term');
		this.#load(parts);
		const n = job.indices.length;
		const batch = job.batchSize === 'full' ? n : Math.min(job.batchSize, n);
		const rows = trainingRows(this.#dataset, job.labelMap);
		const client = tf.train.sgd(job.learningRate);
		const server = tf.train.sgd(job.learningRate);
		const order = Array.from(job.indices);
		const batchSizes: number[] = [];
		let lossSum: tf.Scalar = tf.scalar(0);
		// the loss curve: the running sum kept (not read) at a few batch counts, read once at the end
		const marks = curveMarks(n ? job.epochs * Math.ceil(n / batch) : 0);
		const kept: tf.Scalar[] = [];
		// the first batch's first sample of smashed data (and, U-shaped, of the server's output),
		// kept (not read) for the messages' cards
		const first: Kept = {};
		try {
			for (let epoch = 0; epoch < job.epochs; epoch++) {
				job.rng.shuffle(order);
				for (let from = 0; from < n; from += batch) {
					const idx = order.slice(from, from + batch);
					const keep = batchSizes.length ? undefined : first;
					const cost = tf.tidy(() => this.#step(idx, rows, client, server, tap, keep));
					const next = tf.add(lossSum, cost) as tf.Scalar;
					lossSum.dispose();
					cost.dispose();
					lossSum = next;
					batchSizes.push(idx.length);
					if (batchSizes.length === marks[kept.length]) kept.push(tf.clone(lossSum));
					await this.#yield();
				}
			}
			const batches = batchSizes.length;
			const whole = kept.length === marks.length && marks.at(-1) === batches;
			// one read: the loss sums, and after them the kept sample's activations
			const read = tf.tidy(() => {
				const sums = whole ? tf.stack(kept) : lossSum.reshape([1]);
				const parts = [sums, first.sample, first.top].filter((t) => t !== undefined);
				return tf.concat(parts).dataSync();
			});
			const sums = read.subarray(0, whole ? kept.length : 1);
			const loss = batches ? (sums[sums.length - 1] as number) / batches : NaN;
			return {
				weights: this.#read(),
				loss,
				...(whole && { losses: curveFromSums(marks, sums) }),
				samples: n * job.epochs,
				batchSizes,
				...(first.sample &&
					first.shape && {
						activations: activationSample(
							read.subarray(sums.length, sums.length + first.sample.size),
							first.shape
						)
					}),
				...(first.top &&
					first.topShape && {
						topActivations: activationSample(
							read.subarray(read.length - first.top.size),
							first.topShape
						)
					})
			};
		} finally {
			first.sample?.dispose();
			first.top?.dispose();
			lossSum.dispose();
			kept.forEach((t) => t.dispose());
			client.dispose();
			server.dispose();
		}
	}

	/**
	 * One mini-batch through the protocol; returns its loss. `keep`: gets the batch's first sample
	 * of smashed data, flat, kept out of the caller's `tf.tidy` (not read).
	 */
	#step(
		idx: number[],
		rows: RowSource,
		client: tf.Optimizer,
		server: tf.Optimizer,
		tap: GradientTap | undefined,
		keep?: Kept
	): tf.Scalar {
		const m = this.model;
		// the batch copied from the JavaScript rows (wasm's gather is slow: see rows.ts)
		const { x, labels } = batchOf(rows, this.#dataset.inputShape, idx);
		const y = tf.oneHot(tf.tensor1d(labels, 'int32'), this.#numClasses);
		const smashed = m.clientForward(x); // client → server (with the labels, in vanilla mode)
		if (keep) {
			keep.shape = smashed.shape.slice(1);
			keep.sample = tf.keep(smashed.slice(0, 1).reshape([-1]) as tf.Tensor1D);
		}
		let loss: tf.Scalar;
		let gradAtCut: tf.Tensor;
		if (!m.top) {
			const s = m.serverBackward(smashed, y);
			server.applyGradients(s.grads);
			loss = s.loss;
			gradAtCut = this.#cross(s.gradAtCut, labels, tap); // server → client
		} else {
			const output = m.serverForward(smashed); // server → client
			if (keep) {
				keep.topShape = output.shape.slice(1);
				keep.top = tf.keep(output.slice(0, 1).reshape([-1]) as tf.Tensor1D);
			}
			const c = m.topBackward(output, y);
			client.applyGradients(c.grads);
			loss = c.loss;
			const dy = this.#cross(c.gradAtOutput, labels, tap); // client → server
			const s = m.serverBackwardWith(smashed, dy);
			server.applyGradients(s.grads);
			gradAtCut = s.gradAtCut; // server → client
		}
		const headGrads: Grads = m.headGradients(x, gradAtCut);
		if (Object.keys(headGrads).length) client.applyGradients(headGrads);
		return loss;
	}

	/** The gradient sent by the label holder, seen (and perhaps replaced) on its way. */
	#cross(grad: tf.Tensor, labels: Int32Array, tap: GradientTap | undefined): tf.Tensor {
		if (!tap) return grad;
		const rows = grad.shape[0] as number;
		const flat = grad.reshape([rows, -1]) as tf.Tensor2D;
		const sent = tap.protect ? tap.protect(flat).reshape(grad.shape) : grad;
		if (tap.observe) {
			const seen = tap.protect ? sent.reshape([rows, -1]) : flat;
			tap.observe(seen.dataSync() as Float32Array, rows, seen.shape[1] as number, labels);
		}
		return sent;
	}

	async evaluate(weights: Float32Array): Promise<Evaluation> {
		this.#load(this.split(weights));
		return evaluateLogits(
			this.#xTest,
			this.#yTest,
			this.#numClasses,
			(xb) => this.model.logits(xb),
			this.#yield
		);
	}

	#load(parts: SplitWeights): void {
		const flat = joinWeights(parts);
		if (flat.length !== this.params)
			throw new Error(`weights have ${flat.length} values, the split model needs ${this.params}`);
		const vars = this.model.allVars;
		let at = 0;
		tf.tidy(() => {
			for (const v of vars) {
				const size = v.size;
				v.assign(tf.tensor(flat.subarray(at, at + size), v.shape, 'float32'));
				at += size;
			}
		});
	}

	#read(): SplitWeights {
		return splitWeights(this.layout, flattenWeights(this.model.allVars, this.params));
	}

	dispose(): void {
		this.model.dispose();
		this.#xTest.dispose();
		this.#yTest.dispose();
	}
}
