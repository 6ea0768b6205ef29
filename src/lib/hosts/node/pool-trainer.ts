/**
 * A `Trainer` that trains on N Node worker threads (piscina: a well-kept pool with a queue, so we
 * do not hand-write one) and evaluates on the engine's thread: the browser pool's trainer class
 * with piscina as its task runner. The engine sees `parallel = N` and
 * starts each client's training at its start event, collecting it at its finish event; since a
 * job carries everything its result depends on (weights, indices, the position of its random
 * stream), results are bit-identical for any N, and identical to training on the engine's thread.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Scenario } from '../../sim/core/schema';
import type { Trainer } from '../../sim/core/trainer';
import type { SplitTrainer } from '../../sim/split/trainer';
import { WebPoolSplitTrainer, WebPoolTrainer, type TaskRunner } from '../worker/web-pool-trainer';
import type { PoolInit, TrainReply, TrainTask } from './pool-protocol';

/** The worker count when none is given: one per core. */
export function defaultWorkers(): number {
	return availableParallelism();
}

/**
 * N piscina threads as the task runner of the shared pool trainer (../worker/web-pool-trainer.ts):
 * each thread builds the scenario's trainer once and trains the jobs it is given.
 */
function threadRunner(
	scenario: Scenario,
	workers: number,
	opts: { testLimit?: number }
): TaskRunner {
	if (!Number.isInteger(workers) || workers < 1)
		throw new Error(`workers must be a whole number ≥ 1 (got ${workers})`);
	const init: PoolInit = { scenario, ...opts };
	const pool = new Piscina<TrainTask, TrainReply>({
		// a JavaScript entry that loads pool-worker.ts through tsx (see its header)
		filename: new URL('./pool-worker-entry.mjs', import.meta.url).href,
		minThreads: workers,
		maxThreads: workers,
		idleTimeout: Infinity,
		workerData: init,
		execArgv: []
	});
	return {
		size: workers,
		run: (task) => pool.run(task),
		// jobs still queued are dropped
		dispose: () => void pool.destroy()
	};
}

/**
 * `local` (a trainer on this thread) draws initial weights and evaluates; `workers` threads each
 * build the scenario's trainer and train.
 */
export class PoolTrainer extends WebPoolTrainer {
	constructor(
		local: Trainer,
		scenario: Scenario,
		numClasses: number,
		workers: number,
		opts: { testLimit?: number } = {}
	) {
		super(local, threadRunner(scenario, workers, opts), numClasses);
	}
}

/**
 * The pool for SplitFed: each worker holds the scenario's split trainer, and `trainSplit` runs
 * there (the client's head and the server's tail of one client's turn stay on one worker).
 */
export class PoolSplitTrainer extends WebPoolSplitTrainer {
	constructor(
		local: SplitTrainer,
		scenario: Scenario,
		numClasses: number,
		workers: number,
		opts: { testLimit?: number } = {}
	) {
		super(local, threadRunner(scenario, workers, opts), numClasses);
	}
}
