/**
 * A `Trainer` that trains on N Node worker threads (piscina: a well-kept pool with a queue, so we
 * do not hand-write one) and evaluates on the engine's thread. The engine sees `parallel = N` and
 * starts each client's training at its start event, collecting it at its finish event; since a
 * job carries everything its result depends on (weights, indices, the position of its random
 * stream), results are bit-identical for any N, and identical to training on the engine's thread.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Rng } from '../../sim/core/rng';
import type { Scenario } from '../../sim/core/schema';
import type { Evaluation, TrainJob, TrainResult, Trainer, Trigger } from '../../sim/core/trainer';
import type { SplitLayout, SplitWeights } from '../../sim/split/layout';
import type { SplitTrainResult, SplitTrainer } from '../../sim/split/trainer';
import { toWire, type PoolInit, type TrainReply, type TrainTask } from './pool-protocol';

/** The worker count when none is given: one per core. */
export function defaultWorkers(): number {
	return availableParallelism();
}

export class PoolTrainer implements Trainer {
	readonly params: number;
	readonly parallel: number;
	readonly #local: Trainer;
	readonly #pool: Piscina<TrainTask, TrainReply>;
	readonly #numClasses: number;

	/**
	 * `local` (a trainer on this thread) draws initial weights and evaluates; `workers` threads
	 * each build the scenario's trainer and train.
	 */
	constructor(
		local: Trainer,
		scenario: Scenario,
		numClasses: number,
		workers: number,
		opts: { testLimit?: number } = {}
	) {
		if (!Number.isInteger(workers) || workers < 1)
			throw new Error(`workers must be a whole number ≥ 1 (got ${workers})`);
		this.params = local.params;
		this.parallel = workers;
		this.#local = local;
		this.#numClasses = numClasses;
		const init: PoolInit = { scenario, ...opts };
		this.#pool = new Piscina<TrainTask, TrainReply>({
			// a JavaScript entry that loads pool-worker.ts through tsx (see its header)
			filename: new URL('./pool-worker-entry.mjs', import.meta.url).href,
			minThreads: workers,
			maxThreads: workers,
			idleTimeout: Infinity,
			workerData: init,
			execArgv: []
		});
	}

	initialWeights(rng: Rng): Float32Array {
		return this.#local.initialWeights(rng);
	}

	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		return (await this.run({ kind: 'train', weights, job: toWire(job, this.#numClasses) }, job))
			.result as TrainResult;
	}

	/** Runs `task` on a free worker; `job`'s stream then continues where the worker's ended. */
	protected async run(task: TrainTask, job: TrainJob): Promise<TrainReply> {
		const reply = await this.#pool.run(task);
		job.rng.restore(reply.rng);
		return reply;
	}

	protected get numClasses(): number {
		return this.#numClasses;
	}

	evaluate(weights: Float32Array): Promise<Evaluation> {
		return this.#local.evaluate(weights);
	}

	/** A client's own test split or IFCA's local loss, on this thread like `evaluate`. */
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

	/** A backdoor's attack success, measured on this thread like `evaluate`. */
	attackSuccess(weights: Float32Array, trigger: Trigger): Promise<number> {
		if (!this.#local.attackSuccess)
			throw new Error('the local trainer cannot measure attack success');
		return this.#local.attackSuccess(weights, trigger);
	}

	/** Ends the worker threads (jobs still queued are dropped) and frees the local trainer. */
	dispose(): void {
		this.#local.dispose();
		void this.#pool.destroy();
	}
}

/**
 * The pool for SplitFed: each worker holds the scenario's split trainer, and `trainSplit` runs
 * there (the client's head and the server's tail of one client's turn stay on one worker).
 */
export class PoolSplitTrainer extends PoolTrainer implements SplitTrainer {
	readonly layout: SplitLayout;

	constructor(
		local: SplitTrainer,
		scenario: Scenario,
		numClasses: number,
		workers: number,
		opts: { testLimit?: number } = {}
	) {
		super(local, scenario, numClasses, workers, opts);
		this.layout = local.layout;
	}

	async trainSplit(parts: SplitWeights, job: TrainJob): Promise<SplitTrainResult> {
		const task: TrainTask = { kind: 'trainSplit', parts, job: toWire(job, this.numClasses) };
		return (await this.run(task, job)).result as SplitTrainResult;
	}
}
