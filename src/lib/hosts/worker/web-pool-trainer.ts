/**
 * A `Trainer` that trains on the browser's trainer workers (`TrainerPool`) and draws initial
 * weights and evaluates in the engine worker (the CLI's `PoolTrainer` in hosts/node is this class
 * with piscina threads as its task runner). The engine sees `parallel = N` and starts each
 * client's training at its start event, collecting it at its finish event; a job carries everything its result depends on (weights, indices, the position of
 * its random stream), so results are bit-identical for any N and to training in the engine worker.
 */
import type { Rng } from '../../sim/core/rng';
import {
	combineChunks,
	type ChunkTotals,
	type Evaluation,
	type TrainJob,
	type TrainResult,
	type Trainer,
	type Trigger
} from '../../sim/core/trainer';
import type { SplitLayout, SplitWeights } from '../../sim/split/layout';
import { isSplitTrainer, type SplitTrainResult, type SplitTrainer } from '../../sim/split/trainer';
import { toWire, type TrainReply, type TrainTask } from '../node/pool-protocol';

/** What trains the jobs: a `TrainerPool`, or a fake in tests. */
export interface TaskRunner {
	readonly size: number;
	run(task: TrainTask): Promise<TrainReply>;
	dispose(): void;
}

export class WebPoolTrainer implements Trainer {
	readonly params: number;
	readonly parallel: number;
	protected readonly numClasses: number;
	readonly #local: Trainer;
	readonly #pool: TaskRunner;
	/** Training tasks sent and not yet back. */
	#training = 0;

	constructor(local: Trainer, pool: TaskRunner, numClasses: number) {
		this.params = local.params;
		this.parallel = pool.size;
		this.numClasses = numClasses;
		this.#local = local;
		this.#pool = pool;
	}

	initialWeights(rng: Rng): Float32Array {
		return this.#local.initialWeights(rng);
	}

	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		const task: TrainTask = { kind: 'train', weights, job: toWire(job, this.numClasses) };
		return (await this.run(task, job)).result as TrainResult;
	}

	/** Runs `task` on a free worker; `job`'s stream then continues where the worker's ended. */
	protected async run(task: TrainTask, job: TrainJob): Promise<TrainReply> {
		this.#training++;
		const reply = await this.#pool.run(task).finally(() => this.#training--);
		if (!reply.rng) throw new Error('a training reply came back without its random stream');
		job.rng.restore(reply.rng);
		return reply;
	}

	/**
	 * The test set's chunks spread over the workers, in contiguous groups, and added up in chunk
	 * order (`combineChunks`): the same bits as evaluating here, in a fraction of the time, while
	 * the round's other cores would idle. Evaluated here instead when a worker is still training
	 * (an async run's speculative jobs: the chunks would wait behind them), with one chunk or one
	 * worker, or when the trainer cannot split its evaluation.
	 */
	async evaluate(weights: Float32Array): Promise<Evaluation> {
		const local = this.#local;
		const split = local.testChunks;
		const idle = this.#training === 0;
		if (!idle || this.parallel < 2 || !split || split.count < 2 || !local.evaluateChunks)
			return local.evaluate(weights);
		const groups = Math.min(this.parallel, split.count);
		const parts = await Promise.all(
			Array.from({ length: groups }, (_, g) => {
				const chunks = Array.from({ length: split.count }, (_, k) => k).filter(
					(k) => Math.floor((k * groups) / split.count) === g
				);
				return this.#pool.run({ kind: 'evaluate', weights, chunks });
			})
		);
		return combineChunks(
			parts.flatMap((p) => p.result as ChunkTotals[]),
			split.samples
		);
	}

	evaluateOn(
		weights: Float32Array,
		split: 'train' | 'test',
		indices: Int32Array,
		labelMap?: (label: number) => number
	): Promise<Evaluation> {
		if (!this.#local.evaluateOn)
			throw new Error('the local trainer cannot evaluate chosen samples');
		return this.#local.evaluateOn(weights, split, indices, labelMap);
	}

	attackSuccess(weights: Float32Array, trigger: Trigger): Promise<number> {
		if (!this.#local.attackSuccess)
			throw new Error('the local trainer cannot measure attack success');
		return this.#local.attackSuccess(weights, trigger);
	}

	/** Ends the workers and frees the local trainer. */
	dispose(): void {
		this.#pool.dispose();
		this.#local.dispose();
	}
}

/** The pool for SplitFed: a client's whole turn (head and server tail) runs on one worker. */
export class WebPoolSplitTrainer extends WebPoolTrainer implements SplitTrainer {
	readonly layout: SplitLayout;

	constructor(local: SplitTrainer, pool: TaskRunner, numClasses: number) {
		super(local, pool, numClasses);
		this.layout = local.layout;
	}

	async trainSplit(parts: SplitWeights, job: TrainJob): Promise<SplitTrainResult> {
		const task: TrainTask = { kind: 'trainSplit', parts, job: toWire(job, this.numClasses) };
		return (await this.run(task, job)).result as SplitTrainResult;
	}
}

/** `local` with its training moved to `pool` (a split trainer stays a split trainer). */
export function poolTrainer(local: Trainer, pool: TaskRunner, numClasses: number): Trainer {
	return isSplitTrainer(local)
		? new WebPoolSplitTrainer(local, pool, numClasses)
		: new WebPoolTrainer(local, pool, numClasses);
}
