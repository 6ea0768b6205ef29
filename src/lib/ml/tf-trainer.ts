/**
 * The `Trainer` of the engine, on tfjs: one model, reused for every client (set the weights,
 * train, read the weights back: under a millisecond for an MLP), mini-batch SGD with
 * softmax cross-entropy, and evaluation on the held-out test set.
 */
import * as tf from '@tensorflow/tfjs';
import { EVAL_CHUNK, chunkTotals, evaluateLogits } from './evaluate';
import { describeModel, layersOf, paramCount } from '../sim/core/model-spec';
import type { Rng } from '../sim/core/rng';
import type { ModelSpec } from '../sim/scenario';
import type {
	ChunkTotals,
	Evaluation,
	TrainJob,
	TrainResult,
	Trainer,
	Trigger
} from '../sim/core/trainer';
import { featureCount, type Dataset } from '../sim/core/dataset';
import { stamp } from '../sim/robust/attacks/backdoor';
import { localSamples, localStepCount } from '../sim/core/local-work';
import { curveFromSums, curveMarks } from '../sim/core/loss-curve';
import { createYielder } from '../sim/core/yielder';
import { LeanSgd, denseStack, type DenseVars } from './lean-step';
import { batchOf, copyRows, trainingRows, type RowSource } from './rows';
import { buildModel } from './model';
import { assignWeights, flattenWeights, glorotInit } from './weights';

export interface TfTrainerOptions {
	/** Real milliseconds of training between yields to the event loop. */
	yieldBudgetMs?: number;
	/** Evaluate on at most this many test samples (all by default). */
	testLimit?: number;
	/**
	 * 'lean' (default): MLP steps without FedProx/SCAFFOLD terms run the hand-written step of
	 * lean-step.ts (bit-identical weights, less overhead); 'tape': always `optimizer.minimize`.
	 */
	step?: 'lean' | 'tape';
}

export class TfTrainer implements Trainer {
	readonly params: number;
	readonly model: tf.Sequential;
	readonly #dataset: Dataset;
	readonly #xTest: tf.Tensor;
	readonly #yTest: tf.Tensor1D;
	readonly #vars: tf.Variable[];
	readonly #yield: () => Promise<void> | undefined;
	/** The dense layers for the lean step, or null (CNN, or the tape was asked for). */
	readonly #lean: DenseVars[] | null;
	#triggered: { key: string; x: tf.Tensor; y: tf.Tensor1D } | null = null;

	constructor(dataset: Dataset, spec: ModelSpec, opts: TfTrainerOptions = {}) {
		this.#dataset = dataset;
		const layers = layersOf(spec, dataset.inputShape, dataset.numClasses);
		this.params = paramCount(describeModel(spec, dataset.inputShape, dataset.numClasses));
		this.model = buildModel(layers, dataset.inputShape);
		this.#vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
		this.#lean = opts.step === 'tape' ? null : denseStack(layers, this.#vars);
		const shape = [...dataset.inputShape];
		const nTest = Math.min(dataset.test.n, opts.testLimit ?? Infinity);
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
		// a backdoor attacker trains on its own copy of its digits, a share stamped and relabelled
		const local = job.backdoor ? this.#poisoned(job.indices, job.backdoor, job.rng) : null;
		// the rows batches are copied from (JavaScript, not tf.gather: see rows.ts)
		const source = local ?? trainingRows(this.#dataset, job.labelMap);
		const anchor =
			job.proximalRho && job.proximalRho > 0 ? this.#vars.map((v) => tf.clone(v)) : null;
		const rho = job.proximalRho ?? 0;
		const correction = job.correction ? this.#split(job.correction) : null;
		const lean =
			this.#lean && !anchor && !correction
				? new LeanSgd(this.#lean, source, numClasses, job.learningRate)
				: null;
		// `steps`: stop after that many batches of the epoch sequence (see core/local-work.ts)
		const stepLimit = job.steps && job.steps > 0 ? job.steps : Infinity;
		const passes = stepLimit < Infinity ? Math.ceil(stepLimit / Math.ceil(n / batch)) : job.epochs;
		let lossSum: tf.Scalar = tf.scalar(0);
		let batches = 0;
		// the loss curve: the running sum kept (not read) at a few batch counts, read once at the end
		const marks = curveMarks(localStepCount(n, job));
		const kept: tf.Scalar[] = [];
		const keep = () => {
			if (batches === marks[kept.length]) kept.push(tf.clone(lossSum));
		};
		const order = local ? Array.from(job.indices, (_, i) => i) : Array.from(job.indices);
		try {
			for (let epoch = 0; epoch < passes && batches < stepLimit; epoch++) {
				job.rng.shuffle(order);
				for (let from = 0; from < n && batches < stepLimit; from += batch) {
					const idx = order.slice(from, from + batch);
					if (lean) {
						const leanCost = lean.step(idx);
						const sum = tf.add(lossSum, leanCost) as tf.Scalar;
						lossSum.dispose();
						leanCost.dispose();
						lossSum = sum;
						batches++;
						keep();
						await this.#yield();
						continue;
					}
					const cost = tf.tidy(() => {
						const { x: xb, labels } = batchOf(source, this.#dataset.inputShape, idx);
						const yb = tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses);
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
					keep();
					await this.#yield();
				}
			}
			lean?.finish();
			// one read: the sums at the marks, the last of which is the whole training's
			const whole = kept.length === marks.length && marks.at(-1) === batches;
			const sums = whole ? tf.tidy(() => tf.stack(kept).dataSync()) : lossSum.dataSync();
			const loss = batches ? (sums[sums.length - 1] as number) / batches : NaN;
			return {
				weights: this.readWeights(),
				loss,
				...(whole && { losses: curveFromSums(marks, sums) }),
				samples: localSamples(n, job)
			};
		} finally {
			lossSum.dispose();
			kept.forEach((t) => t.dispose());
			optimizer.dispose();
			anchor?.forEach((t) => t.dispose());
			correction?.forEach((t) => t.dispose());
			lean?.dispose();
		}
	}

	/** The client's own copy of its samples, a seeded share stamped with the trigger and relabelled. */
	#poisoned(indices: Int32Array, backdoor: NonNullable<TrainJob['backdoor']>, rng: Rng): RowSource {
		const { train } = this.#dataset;
		const f = featureCount(this.#dataset);
		const x = copyRows(train.x, f, indices);
		const y = Int32Array.from(indices, (i) => train.y[i] as number);
		const count = Math.round(backdoor.fraction * indices.length);
		for (const k of rng.sample(indices.length, count)) {
			stamp(x, k * f, backdoor.trigger);
			y[k] = backdoor.trigger.target;
		}
		return { x, y, features: f };
	}

	/** Share of the triggered test samples of other classes classified as the trigger's target. */
	async attackSuccess(weights: Float32Array, trigger: Trigger): Promise<number> {
		const { x, y } = this.#triggeredTest(trigger);
		assignWeights(this.model, weights);
		const r = await evaluateLogits(
			x,
			y,
			this.#dataset.numClasses,
			(xb) => this.model.apply(xb, { training: false }) as tf.Tensor,
			this.#yield
		);
		return r.accuracy;
	}

	/** The test samples whose label is not the target, stamped, all labelled the target (cached). */
	#triggeredTest(trigger: Trigger): { x: tf.Tensor; y: tf.Tensor1D } {
		const key = `${trigger.target}/${trigger.value}/${trigger.features.join(',')}`;
		if (this.#triggered?.key === key) return this.#triggered;
		this.#triggered?.x.dispose();
		this.#triggered?.y.dispose();
		const f = featureCount(this.#dataset);
		const n = this.#yTest.shape[0];
		const test = this.#dataset.test;
		const keep: number[] = [];
		for (let i = 0; i < n; i++) if (test.y[i] !== trigger.target) keep.push(i);
		const x = new Float32Array(keep.length * f);
		keep.forEach((i, k) => {
			x.set(test.x.subarray(i * f, (i + 1) * f), k * f);
			stamp(x, k * f, trigger);
		});
		this.#triggered = {
			key,
			x: tf.tensor(x, [keep.length, ...this.#dataset.inputShape], 'float32'),
			y: tf.tensor1d(new Int32Array(keep.length).fill(trigger.target), 'int32')
		};
		return this.#triggered;
	}

	get testChunks(): { samples: number; count: number } {
		const samples = this.#yTest.shape[0];
		return { samples, count: Math.ceil(samples / EVAL_CHUNK) };
	}

	async evaluateChunks(weights: Float32Array, chunks: readonly number[]): Promise<ChunkTotals[]> {
		assignWeights(this.model, weights);
		return chunkTotals(
			this.#xTest,
			this.#yTest,
			this.#dataset.numClasses,
			(xb) => this.model.apply(xb, { training: false }) as tf.Tensor,
			this.#yield,
			chunks
		);
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

	/** Accuracy and loss on chosen samples of a split, labels mapped (a client's own test split). */
	async evaluateOn(
		weights: Float32Array,
		split: 'train' | 'test',
		indices: Int32Array,
		labelMap?: (label: number) => number
	): Promise<Evaluation> {
		const s = split === 'train' ? this.#dataset.train : this.#dataset.test;
		const f = featureCount(this.#dataset);
		const n = indices.length;
		if (!n) return { accuracy: NaN, loss: NaN };
		const x = new Float32Array(n * f);
		const y = new Int32Array(n);
		indices.forEach((idx, i) => {
			x.set(s.x.subarray(idx * f, idx * f + f), i * f);
			const label = s.y[idx] as number;
			y[i] = labelMap ? labelMap(label) : label;
		});
		assignWeights(this.model, weights);
		const xt = tf.tensor(x, [n, ...this.#dataset.inputShape], 'float32');
		const yt = tf.tensor1d(y, 'int32');
		try {
			return await evaluateLogits(
				xt,
				yt,
				this.#dataset.numClasses,
				(xb) => this.model.apply(xb, { training: false }) as tf.Tensor,
				this.#yield
			);
		} finally {
			xt.dispose();
			yt.dispose();
		}
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

	dispose(): void {
		this.model.dispose();
		this.#xTest.dispose();
		this.#yTest.dispose();
		this.#triggered?.x.dispose();
		this.#triggered?.y.dispose();
	}
}
