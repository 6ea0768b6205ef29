/**
 * A trainer worker's service: builds the scenario's trainer once (`setup`) and trains the jobs the
 * engine worker's pool sends it, one at a time through the host's queue. Its results are exactly
 * those of the same trainer in the engine worker: same code, same backend, same inputs.
 */
import { createTrainer as createTfTrainer } from '../../ml/create-trainer';
import type { Dataset } from '../../sim/core/dataset';
import type { Trainer } from '../../sim/core/trainer';
import type { Scenario } from '../../sim/scenario';
import { runTrainTask } from '../node/pool-protocol';
import { errorMessage, type WorkerHost, type WorkerService } from './host';
import type { TrainerJob, TrainerReply } from './trainer-protocol';

export interface TrainerServiceOptions {
	/** Builds the worker's trainer (default: tfjs, never yielding: no page to keep responsive). */
	createTrainer?: (data: Dataset, scenario: Scenario, testLimit?: number) => Trainer;
}

export class TrainerService implements WorkerService<TrainerJob> {
	readonly #host: WorkerHost<TrainerJob, TrainerReply>;
	readonly #create: (data: Dataset, scenario: Scenario, testLimit?: number) => Trainer;
	#trainer: Trainer | null = null;
	/** Why `setup` failed, told with every job that then cannot train. */
	#setupError: string | null = null;

	constructor(host: WorkerHost<TrainerJob, TrainerReply>, opts: TrainerServiceOptions = {}) {
		this.#host = host;
		this.#create =
			opts.createTrainer ??
			((data, scenario, testLimit) =>
				createTfTrainer(data, scenario, {
					yieldBudgetMs: Infinity,
					...(testLimit !== undefined ? { testLimit } : {})
				}));
	}

	handle(job: TrainerJob): void {
		const host = this.#host;
		if (job.type === 'setup')
			host.enqueue(job.id, async () => {
				this.#trainer?.dispose();
				this.#trainer = null;
				try {
					await host.ready;
					const data = await host.dataset(job.init.scenario.dataset);
					this.#trainer = this.#create(data, job.init.scenario, job.init.testLimit);
					this.#setupError = null;
				} catch (e) {
					this.#setupError = errorMessage(e);
					throw e;
				}
				host.post({ type: 'ready', id: job.id });
			});
		else
			host.enqueue(job.id, async () => {
				const trainer = this.#trainer;
				if (!trainer)
					throw new Error(`the trainer worker could not start: ${this.#setupError ?? 'no setup'}`);
				host.post({ type: 'trained', id: job.id, reply: await runTrainTask(trainer, job.task) });
			});
	}
}
