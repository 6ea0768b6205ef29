/**
 * A `Trainer` without a model, for tests of the engine and the algorithms' control flow: instant,
 * deterministic, and transparent. "Training" pulls every weight a fraction `learningRate·epochs`
 * (or `learningRate·steps`) of the way towards the client's target c = (first index mod 97) / 97,
 * minus learningRate·work·correction (SCAFFOLD), so one can tell whose
 * update went into the global model; "accuracy" is the mean weight clipped to [0, 1].
 */
import { localSamples } from '../core/local-work';
import type { Rng } from '../core/rng';
import type { Evaluation, TrainJob, TrainResult, Trainer } from '../core/trainer';

export class FakeTrainer implements Trainer {
	readonly params: number;
	/** Every job trained, in order. */
	readonly jobs: TrainJob[] = [];

	constructor(params: number) {
		this.params = params;
	}

	/** The last initial weights handed out (the engine's starting global model). */
	initial: Float32Array | null = null;

	initialWeights(rng: Rng): Float32Array {
		this.initial = Float32Array.from({ length: this.params }, () => rng.next() * 0.1);
		return this.initial.slice();
	}

	/** The weight every coordinate moves towards when training on `indices`. */
	static target(indices: Int32Array): number {
		return ((indices[0] ?? 0) % 97) / 97;
	}

	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		this.jobs.push(job);
		const work = job.steps && job.steps > 0 ? job.steps : job.epochs;
		const step = Math.min(1, job.learningRate * work);
		const c = FakeTrainer.target(job.indices);
		job.rng.next(); // consumes its stream like a real batch shuffle would
		const corr = job.correction;
		const out = weights.map(
			(w, i) => w + step * (c - w) - (corr ? job.learningRate * work * (corr[i] as number) : 0)
		);
		return { weights: out, loss: 1 - step, samples: localSamples(job.indices.length, job) };
	}

	async evaluate(weights: Float32Array): Promise<Evaluation> {
		const mean = weights.reduce((a, b) => a + b, 0) / Math.max(1, weights.length);
		const accuracy = Math.min(1, Math.max(0, mean));
		return { accuracy, loss: 1 - accuracy };
	}

	dispose(): void {}
}
