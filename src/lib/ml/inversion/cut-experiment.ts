/**
 * The cut-layer experiment of the privacy chapter: the model of chapter 6's "what the server
 * sees" (same seed, same one epoch of training, same four digits), and at each cut the server's
 * reconstruction of the client's digits from their smashed data (cut-inversion.ts; He, Zhang, Lee
 * 2019). Used by `npm run inversion -- --cut …` and by the chapter's worker.
 */
import type { Dataset } from '../../sim/core/dataset';
import { describeModel } from '../../sim/core/model-spec';
import { createRng } from '../../sim/core/rng';
import type { ModelSpec } from '../../sim/core/schema';
import { TfTrainer } from '../tf-trainer';
import { invertSmashed, type CutInversionResult } from './cut-inversion';

export interface CutExperiment {
	readonly spec: ModelSpec;
	/** Seed of the initial weights and of the training order (chapter 6 uses 42). */
	readonly seed: number;
	/** Training digits of one epoch before the attack (0: the untrained model; chapter 6: 4,000). */
	readonly trainSamples: number;
	/** The client's digits (indices into the training set). */
	readonly indices: readonly number[];
	/** Cuts to attack (default: every layer boundary). */
	readonly cuts?: readonly number[];
	readonly iterations?: number;
	/** Adam's step size (default 0.05). */
	readonly learningRate?: number;
	readonly tv?: number;
	/** Called once the model is ready (trained if asked), before the first cut. */
	readonly onTrained?: (
		accuracy: number,
		images: Float32Array,
		labels: readonly number[]
	) => void | Promise<void>;
	/** Called after each cut; returning false stops the experiment there. */
	readonly onCut?: (r: CutInversionResult) => boolean | void | Promise<boolean | void>;
	/** Passed to each cut's optimisation (animation, stop). */
	readonly onProgress?: (
		cut: number,
		p: { iteration: number; loss: number; images: Float32Array }
	) => boolean | void | Promise<boolean | void>;
	readonly every?: number;
}

export interface CutExperimentResult {
	/** Test accuracy of the attacked model (1,000 test digits). */
	readonly accuracy: number;
	readonly images: Float32Array;
	readonly labels: readonly number[];
	readonly cuts: readonly CutInversionResult[];
}

/** Trains (if asked) and attacks every cut in turn. */
export async function runCutExperiment(
	data: Dataset,
	o: CutExperiment
): Promise<CutExperimentResult> {
	const per = data.inputShape.reduce((a, b) => a * b, 1);
	const images = new Float32Array(o.indices.length * per);
	o.indices.forEach((k, i) => images.set(data.train.x.subarray(k * per, (k + 1) * per), i * per));
	const labels = o.indices.map((k) => data.train.y[k] as number);
	const layers = describeModel(o.spec, data.inputShape, data.numClasses).length;
	const cuts = o.cuts ?? Array.from({ length: layers - 1 }, (_, i) => i + 1);
	const trainer = new TfTrainer(data, o.spec, { testLimit: 1000 });
	let weights: Float32Array;
	let accuracy: number;
	try {
		// the same seeds and schedule as chapter 6's split worker (split-service.ts)
		const rng = createRng(o.seed);
		weights = trainer.initialWeights(rng.fork('init'));
		if (o.trainSamples > 0) {
			const n = Math.min(o.trainSamples, data.train.n);
			const r = await trainer.train(weights, {
				indices: Int32Array.from({ length: n }, (_, i) => i),
				epochs: 1,
				batchSize: 32,
				learningRate: o.spec.kind === 'cnn' ? 0.05 : 0.1,
				rng: rng.fork('train')
			});
			weights = r.weights;
		}
		accuracy = (await trainer.evaluate(weights)).accuracy;
	} finally {
		trainer.dispose();
	}
	await o.onTrained?.(accuracy, images, labels);
	const results: CutInversionResult[] = [];
	for (const cut of cuts) {
		const r = await invertSmashed({
			spec: o.spec,
			weights,
			inputShape: data.inputShape,
			numClasses: data.numClasses,
			cut,
			images,
			iterations: o.iterations,
			learningRate: o.learningRate,
			tv: o.tv,
			rng: createRng(o.seed).fork(`cut/${cut}`),
			every: o.every,
			onProgress: o.onProgress ? (p) => o.onProgress?.(cut, p) : undefined
		});
		results.push(r);
		if ((await o.onCut?.(r)) === false) break;
	}
	return { accuracy, images, labels, cuts: results };
}
