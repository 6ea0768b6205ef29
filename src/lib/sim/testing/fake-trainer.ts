/**
 * A `Trainer` without a model, for tests of the engine and the algorithms' control flow: instant,
 * deterministic, and transparent. "Training" pulls every weight a fraction `learningRate·epochs`
 * of the way towards the client's target c = (first index mod 97) / 97, so one can tell whose
 * update went into the global model; "accuracy" is the mean weight clipped to [0, 1].
 */
import type { Rng } from '../core/rng';
import type { Evaluation, TrainJob, TrainResult, Trainer } from '../core/trainer';

export class FakeTrainer implements Trainer {
	readonly params: number;
	/** Every job trained, in order. */
	readonly jobs: TrainJob[] = [];

	constructor(params: number) {
		this.params = params;
	}

	initialWeights(rng: Rng): Float32Array {
		return Float32Array.from({ length: this.params }, () => rng.next() * 0.1);
	}

	/** The weight every coordinate moves towards when training on `indices`. */
	static target(indices: Int32Array): number {
		return ((indices[0] ?? 0) % 97) / 97;
	}

	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		this.jobs.push(job);
		const step = Math.min(1, job.learningRate * job.epochs);
		const c = FakeTrainer.target(job.indices);
		job.rng.next(); // consumes its stream like a real batch shuffle would
		const out = weights.map((w) => w + step * (c - w));
		return { weights: out, loss: 1 - step, samples: job.indices.length * job.epochs };
	}

	async evaluate(weights: Float32Array): Promise<Evaluation> {
		const mean = weights.reduce((a, b) => a + b, 0) / Math.max(1, weights.length);
		const accuracy = Math.min(1, Math.max(0, mean));
		return { accuracy, loss: 1 - accuracy };
	}

	dispose(): void {}
}
