/**
 * The classroom's `Trainer`: local training happens on the students' devices. `train` sends the
 * job to the student whose data it names and resolves when that student's update comes back
 * (`deliver`); the initial weights and the test-set evaluation are the server's own (a local
 * tfjs trainer), so the class model's accuracy is measured where no student can fake it.
 *
 * The engine's `TrainJob` names a client by its data (`indices`, the same array each time, see
 * client-work.ts), so the trainer is told which array is whose. Each client has at most one job
 * out at a time (FedAvg and the asynchronous driver never ask a busy client again).
 */
import type { Rng } from '../../sim/core/rng';
import type { Evaluation, TrainJob, TrainResult, Trainer } from '../../sim/core/trainer';
import type { WallClock } from '../../sim/core/wall-clock';

/** A job out on a student's device. */
export interface RemoteJob {
	readonly client: number;
	readonly round: number;
	readonly weights: Float32Array;
	readonly epochs: number;
	readonly batchSize: number | 'full';
	readonly learningRate: number;
	readonly seed: number;
	/** Samples the update will stand for (n_k × epochs). */
	readonly samples: number;
}

export class RemoteTrainer implements Trainer {
	readonly params: number;
	readonly #local: Trainer;
	readonly #clock: WallClock;
	readonly #clientOf: Map<Int32Array, number>;
	readonly #roundOf: (client: number) => number;
	readonly #dispatch: (job: RemoteJob) => void;
	readonly #pending = new Map<number, { job: RemoteJob; resolve: (r: TrainResult) => void }>();

	/**
	 * `clientOf`: each client's data array → its index; `roundOf`: the round the engine announced
	 * for the client's current job (its `trainingStarted` event); `dispatch`: sends a job out.
	 */
	constructor(opts: {
		local: Trainer;
		clock: WallClock;
		clientOf: Map<Int32Array, number>;
		roundOf: (client: number) => number;
		dispatch: (job: RemoteJob) => void;
	}) {
		this.#local = opts.local;
		this.params = opts.local.params;
		this.#clock = opts.clock;
		this.#clientOf = opts.clientOf;
		this.#roundOf = opts.roundOf;
		this.#dispatch = opts.dispatch;
	}

	initialWeights(rng: Rng): Float32Array {
		return this.#local.initialWeights(rng);
	}

	evaluate(weights: Float32Array): Promise<Evaluation> {
		return this.#local.evaluate(weights);
	}

	train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		const client = this.#clientOf.get(job.indices);
		if (client === undefined) throw new Error('a training job for data no student holds');
		if (this.#pending.has(client)) throw new Error(`client ${client} already has a job out`);
		const remote: RemoteJob = {
			client,
			round: this.#roundOf(client),
			weights,
			epochs: job.epochs,
			batchSize: job.batchSize,
			learningRate: job.learningRate,
			seed: job.rng.int(2 ** 31),
			samples: job.indices.length * job.epochs
		};
		this.#clock.release(); // the engine may go on while the student trains
		return new Promise((resolve) => {
			this.#pending.set(client, { job: remote, resolve });
			this.#dispatch(remote);
		});
	}

	/** The job out on `client`'s device, if any. */
	jobOf(client: number): RemoteJob | undefined {
		return this.#pending.get(client)?.job;
	}

	/** The student's update arrived: its job is done. */
	deliver(client: number, weights: Float32Array, loss: number): void {
		const p = this.#pending.get(client);
		if (!p) throw new Error(`client ${client} has no job out`);
		this.#pending.delete(client);
		p.resolve({ weights, loss, samples: p.job.samples });
	}

	/**
	 * The student was removed: its job ends with nothing (the weights it was sent, loss NaN). Its
	 * availability is already off, so the engine loses this "update" on the way and never uses it.
	 */
	abandon(client: number): void {
		const p = this.#pending.get(client);
		if (!p) return;
		this.#pending.delete(client);
		p.resolve({ weights: p.job.weights, loss: NaN, samples: 0 });
	}

	dispose(): void {
		this.#local.dispose();
	}
}
