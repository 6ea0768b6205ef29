/**
 * Whole runs on N Node worker threads (piscina, like the trainer pool): each task is one scenario
 * played to the end in a worker (run-worker.ts), which sends back its evaluations and whether it
 * diverged. Used by `npm run sweep -- --workers N` to run a grid's cells at once; a run in a worker
 * computes exactly what it computes on the main thread (same code, same wasm backend).
 */
import { Piscina } from 'piscina';
import type { Scenario } from '../../sim/core/schema';
import type { RunSummary } from './run-worker';

export type { RunSummary };

export class RunPool {
	readonly workers: number;
	readonly #pool: Piscina<Scenario, RunSummary>;

	constructor(workers: number) {
		if (!Number.isInteger(workers) || workers < 1)
			throw new Error(`workers must be a whole number ≥ 1 (got ${workers})`);
		this.workers = workers;
		this.#pool = new Piscina<Scenario, RunSummary>({
			// a JavaScript entry that loads run-worker.ts through tsx (see pool-worker-entry.mjs)
			filename: new URL('./run-worker-entry.mjs', import.meta.url).href,
			minThreads: workers,
			maxThreads: workers,
			idleTimeout: Infinity,
			execArgv: []
		});
	}

	/** Plays `scenario` to the end on a free worker. */
	run(scenario: Scenario): Promise<RunSummary> {
		return this.#pool.run(scenario);
	}

	destroy(): Promise<void> {
		return this.#pool.destroy();
	}
}
