/**
 * The pool's evaluation: the test set's chunks spread over the workers and added up in chunk order
 * give exactly the local evaluation's numbers; it stays local while a training task is out (an
 * async run's speculative jobs) and when the trainer cannot split its evaluation.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/core/rng';
import {
	combineChunks,
	type ChunkTotals,
	type Evaluation,
	type TrainJob,
	type TrainResult,
	type Trainer
} from '../../sim/core/trainer';
import { runTrainTask, type TrainTask } from '../node/pool-protocol';
import { WebPoolTrainer, type TaskRunner } from './web-pool-trainer';

/** Chunk k's totals depend on the weights and k; sums with rounding that depends on their order. */
class ChunkTrainer implements Trainer {
	readonly params = 3;
	readonly testChunks = { samples: 25, count: 5 };
	evaluations = 0;
	initialWeights(): Float32Array {
		return new Float32Array(3);
	}
	async train(weights: Float32Array): Promise<TrainResult> {
		return { weights: weights.map((w) => w + 1), loss: 0.5, samples: 10 };
	}
	async evaluateChunks(weights: Float32Array, chunks: readonly number[]): Promise<ChunkTotals[]> {
		return chunks.map((k) => ({
			correct: k + 1,
			lossSum: 0.1 * (k + 1) + (weights[0] as number) / 3 + 1e-17 * k
		}));
	}
	async evaluate(weights: Float32Array): Promise<Evaluation> {
		this.evaluations++;
		return combineChunks(await this.evaluateChunks(weights, [0, 1, 2, 3, 4]), 25);
	}
	dispose(): void {}
}

/** Runs tasks on `worker` in this thread, recording them; `hold` keeps training tasks waiting. */
function runner(worker: Trainer, size: number) {
	const tasks: TrainTask[] = [];
	let release: () => void = () => {};
	const held = new Promise<void>((r) => (release = r));
	const r: TaskRunner & { tasks: TrainTask[]; release: () => void; hold: boolean } = {
		size,
		tasks,
		hold: false,
		release,
		async run(task) {
			tasks.push(task);
			if (task.kind === 'train' && r.hold) await held;
			return runTrainTask(worker, task);
		},
		dispose() {}
	};
	return r;
}

const job = (): TrainJob => ({
	indices: Int32Array.of(0, 1),
	epochs: 1,
	batchSize: 2,
	learningRate: 0.1,
	rng: createRng(1)
});

describe('WebPoolTrainer.evaluate', () => {
	it('spreads the chunks over the workers in contiguous groups and gives the local numbers', async () => {
		const local = new ChunkTrainer();
		const pool = runner(new ChunkTrainer(), 2);
		const t = new WebPoolTrainer(local, pool, 10);
		const w = Float32Array.of(0.7, 0, 0);
		const got = await t.evaluate(w);
		expect(got).toEqual(await new ChunkTrainer().evaluate(w));
		expect(local.evaluations).toBe(0);
		expect(pool.tasks.map((x) => (x.kind === 'evaluate' ? x.chunks : null))).toEqual([
			[0, 1, 2],
			[3, 4]
		]);
		// hand-computed: 15 correct of 25; the loss sums in chunk order
		expect(got.accuracy).toBe(15 / 25);
	});

	it('evaluates here while a training task is out, with one worker, or without chunks', async () => {
		const local = new ChunkTrainer();
		const pool = runner(new ChunkTrainer(), 2);
		pool.hold = true;
		const t = new WebPoolTrainer(local, pool, 10);
		const training = t.train(Float32Array.of(0, 0, 0), job());
		await t.evaluate(Float32Array.of(1, 0, 0));
		expect(local.evaluations).toBe(1);
		pool.release();
		await training;
		await t.evaluate(Float32Array.of(1, 0, 0));
		expect(local.evaluations).toBe(1);

		const single = new ChunkTrainer();
		await new WebPoolTrainer(single, runner(new ChunkTrainer(), 1), 10).evaluate(
			Float32Array.of(1, 0, 0)
		);
		expect(single.evaluations).toBe(1);
	});

	it('combineChunks adds in chunk order (hand-computed)', () => {
		expect(
			combineChunks(
				[
					{ correct: 3, lossSum: 1.5 },
					{ correct: 1, lossSum: 0.5 }
				],
				8
			)
		).toEqual({ accuracy: 0.5, loss: 0.25 });
		expect(Number.isNaN(combineChunks([], 0).accuracy)).toBe(true);
	});
});
