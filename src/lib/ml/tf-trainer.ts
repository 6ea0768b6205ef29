/**
 * The `Trainer` of the engine, on tfjs: one model, reused for every client (set the weights,
 * train, read the weights back: under a millisecond for an MLP), mini-batch SGD with
 * softmax cross-entropy, and evaluation on the held-out test set.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluateLogits } from './evaluate';
import type { Dataset } from '../sim/core/dataset';
import { describeModel, layersOf, paramCount } from '../sim/core/model-spec';
import type { Rng } from '../sim/core/rng';
import type { ModelSpec } from '../sim/scenario';
import type { Evaluation, TrainJob, TrainResult, Trainer } from '../sim/core/trainer';
import { localSamples } from '../sim/core/local-work';
import { createYielder } from '../sim/core/yielder';
import { buildModel } from './model';
import { assignWeights, flattenWeights, glorotInit } from './weights';

export interface TfTrainerOptions {
	/** Real milliseconds of training between yields to the event loop. */
	yieldBudgetMs?: number;
	/** Evaluate on at most this many test samples (all by default). */
	testLimit?: number;
}

export class TfTrainer implements Trainer {
	readonly params: number;
	readonly model: tf.Sequential;
	readonly #dataset: Dataset;
	readonly #xTrain: tf.Tensor;
	readonly #yTrain: tf.Tensor1D;
	readonly #xTest: tf.Tensor;
	readonly #yTest: tf.Tensor1D;
	readonly #vars: tf.Variable[];
	readonly #yield: () => Promise<void> | undefined;

	constructor(dataset: Dataset, spec: ModelSpec, opts: TfTrainerOptions = {}) {
		this.#dataset = dataset;
		const layers = layersOf(spec, dataset.inputShape, dataset.numClasses);
		this.params = paramCount(describeModel(spec, dataset.inputShape, dataset.numClasses));
		this.model = buildModel(layers, dataset.inputShape);
		this.#vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
		const shape = [...dataset.inputShape];
		const nTest = Math.min(dataset.test.n, opts.testLimit ?? Infinity);
		this.#xTrain = tf.tensor(dataset.train.x, [dataset.train.n, ...shape], 'float32');
		this.#yTrain = tf.tensor1d(Int32Array.from(dataset.train.y), 'int32');
		this.#xTest = tf.tensor(
			dataset.test.x.subarray(0, nTest * shape.reduce((a, b) => a * b, 1)),
			[nTest, ...shape],
			'float32'
		);
		this.#yTest = tf.tensor1d(Int32Array.from(dataset.test.y.subarray(0, nTest)), 'int32');
		this.#yield = createYielder(opts.yieldBudgetMs ?? 12);
	}

	initialWeights(rng: Rng): Float32Array {
		return glorotInit(
			this.model.getWeights().map((w) => w.shape),
			rng
		);
	}

	/** The model's current weights, flat. */
	readWeights(): Float32Array {
		return flattenWeights(this.model.getWeights(), this.params);
	}

	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		assignWeights(this.model, weights);
		const n = job.indices.length;
		const batch = job.batchSize === 'full' ? n : Math.min(job.batchSize, n);
		const optimizer = tf.train.sgd(job.learningRate);
		const numClasses = this.#dataset.numClasses;
		const labels = job.labelMap ? this.#mappedLabels(job.labelMap) : this.#yTrain;
		const anchor =
			job.proximalRho && job.proximalRho > 0 ? this.#vars.map((v) => tf.clone(v)) : null;
		const rho = job.proximalRho ?? 0;
		const correction = job.correction ? this.#split(job.correction) : null;
		// `steps`: stop after that many batches of the epoch sequence (see core/local-work.ts)
		const stepLimit = job.steps && job.steps > 0 ? job.steps : Infinity;
		const passes = stepLimit < Infinity ? Math.ceil(stepLimit / Math.ceil(n / batch)) : job.epochs;
		let lossSum: tf.Scalar = tf.scalar(0);
		let batches = 0;
		const order = Array.from(job.indices);
		try {
			for (let epoch = 0; epoch < passes && batches < stepLimit; epoch++) {
				job.rng.shuffle(order);
				for (let from = 0; from < n && batches < stepLimit; from += batch) {
					const idx = order.slice(from, from + batch);
					const cost = tf.tidy(() => {
						const ids = tf.tensor1d(idx, 'int32');
						const xb = tf.gather(this.#xTrain, ids);
						const yb = tf.oneHot(tf.gather(labels, ids), numClasses);
						return optimizer.minimize(
							() => {
								const logits = this.model.apply(xb, { training: true }) as tf.Tensor;
								let loss = tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
								if (anchor) {
									const prox = tf.addN(
										this.#vars.map((v, i) => tf.sum(tf.square(tf.sub(v, anchor[i] as tf.Tensor))))
									);
									loss = tf.add(loss, tf.mul(rho / 2, prox));
								}
								if (correction) {
									// ⟨w, c − c_i⟩ adds exactly c − c_i to every gradient (SCAFFOLD)
									const lin = tf.addN(
										this.#vars.map((v, i) => tf.sum(tf.mul(v, correction[i] as tf.Tensor)))
									);
									loss = tf.add(loss, lin);
								}
								return loss;
							},
							true,
							this.#vars
						) as tf.Scalar;
					});
					const next = tf.add(lossSum, cost) as tf.Scalar;
					lossSum.dispose();
					cost.dispose();
					lossSum = next;
					batches++;
					await this.#yield();
				}
			}
			const loss = batches ? (lossSum.dataSync()[0] as number) / batches : NaN;
			return { weights: this.readWeights(), loss, samples: localSamples(n, job) };
		} finally {
			lossSum.dispose();
			optimizer.dispose();
			anchor?.forEach((t) => t.dispose());
			correction?.forEach((t) => t.dispose());
			if (labels !== this.#yTrain) labels.dispose();
		}
	}

	async evaluate(weights: Float32Array): Promise<Evaluation> {
		assignWeights(this.model, weights);
		return evaluateLogits(
			this.#xTest,
			this.#yTest,
			this.#dataset.numClasses,
			(xb) => this.model.apply(xb, { training: false }) as tf.Tensor,
			this.#yield
		);
	}

	/** A flat vector as one tensor per trainable variable. */
	#split(flat: Float32Array): tf.Tensor[] {
		if (flat.length !== this.params)
			throw new Error(`correction has ${flat.length} values, the model ${this.params}`);
		let at = 0;
		return this.#vars.map((v) => {
			const size = v.size;
			const t = tf.tensor(flat.subarray(at, at + size), v.shape, 'float32');
			at += size;
			return t;
		});
	}

	#mappedLabels(map: (y: number) => number): tf.Tensor1D {
		return tf.tensor1d(
			Int32Array.from(this.#dataset.train.y, (y) => map(y)),
			'int32'
		);
	}

	dispose(): void {
		this.model.dispose();
		this.#xTrain.dispose();
		this.#yTrain.dispose();
		this.#xTest.dispose();
		this.#yTest.dispose();
	}
}
