/**
 * The simulation engine: a discrete-event clock, the clients with their data and devices, and one
 * algorithm (FedAvg, …) that schedules actions on the clock. Training is real (through a
 * `Trainer`); time is simulated. The engine is steppable and pausable, emits typed events, and
 * yields to the host between actions and (through the trainer) between batches.
 */
import { algorithms, type Algorithm } from './algorithms';
import { EventClock, type Action } from './clock';
import type { Dataset } from './dataset';
import type { EventOf, MessageKind, NodeId, SimEvent } from './events';
import { bytesOf, describeModel, paramCount } from './model-spec';
import { labelHistogram, partition } from './partition';
import { createRng, type Rng } from './rng';
import type { Scenario } from './scenario';
import type { Trainer } from './trainer';
import { createYielder } from './yielder';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<SimEvent, 't'>;

/** A client as the engine sees it: its data (indices into the training set) and its device. */
export interface ClientState {
	readonly id: number;
	readonly indices: Int32Array;
	/** Training throughput, samples per simulated second. */
	readonly computeSpeed: number;
	readonly downlinkMbps: number;
	readonly uplinkMbps: number;
	readonly latencyMs: number;
}

/** What an algorithm may use: the clock, the clients, the trainer and the global model. */
export interface EngineContext {
	readonly scenario: Scenario;
	readonly clients: readonly ClientState[];
	readonly trainer: Trainer;
	readonly modelBytes: number;
	/** Current simulated time, seconds. */
	readonly now: number;
	/** The server's current model. */
	global: Float32Array;
	/** A random stream for a named purpose (e.g. `select/3`); the same name gives the same stream. */
	rng(purpose: string): Rng;
	emit(event: NewEvent): void;
	schedule(delay: number, action: Action): void;
	/** Sends a message: emits it, counts its bytes and runs `onArrive` when it lands. Returns the transfer time. */
	send(
		kind: MessageKind,
		from: NodeId,
		to: NodeId,
		bytes: number,
		round: number,
		onArrive?: Action
	): number;
	/** Simulated seconds that `client` needs to train on `samples` samples. */
	trainTime(client: number, samples: number): number;
	/** Evaluates the global model and emits `evaluated`; returns false (and emits `diverged`) on NaN. */
	evaluate(round: number): Promise<boolean>;
	/** Ends the run. */
	finish(rounds: number): void;
}

export interface EngineOptions {
	/** Real milliseconds of work between yields to the host event loop. */
	yieldBudgetMs?: number;
}

export type Listener = (e: SimEvent) => void;

export class Engine {
	readonly scenario: Scenario;
	readonly clients: readonly ClientState[];
	readonly modelBytes: number;
	/** Every `evaluated` event so far, in order. */
	readonly metrics: EventOf<'evaluated'>[] = [];
	#clock = new EventClock();
	#listeners = new Set<Listener>();
	#trainer: Trainer;
	#global: Float32Array;
	#bytesUp = 0;
	#bytesDown = 0;
	#done = false;
	#paused = false;
	#running = false;
	#yield: () => Promise<void> | undefined;
	#root: Rng;
	#pendingEvents: SimEvent[] = [];

	constructor(scenario: Scenario, dataset: Dataset, trainer: Trainer, opts: EngineOptions = {}) {
		this.scenario = scenario;
		this.#trainer = trainer;
		this.#root = createRng(scenario.seed);
		this.#yield = createYielder(opts.yieldBudgetMs ?? 12);
		const layers = describeModel(scenario.model, dataset.inputShape, dataset.numClasses);
		const params = paramCount(layers);
		if (params !== trainer.params)
			throw new Error(`trainer has ${trainer.params} parameters, the scenario's model ${params}`);
		this.modelBytes = bytesOf(params);
		const parts = partition(
			{ labels: dataset.train.y, numClasses: dataset.numClasses, clients: scenario.clients },
			scenario.partition,
			this.#root.fork('partition')
		);
		const d = scenario.devices;
		this.clients = parts.map((indices, id) => ({
			id,
			indices,
			computeSpeed: d.computeSpeed,
			downlinkMbps: d.downlinkMbps,
			uplinkMbps: d.uplinkMbps,
			latencyMs: d.latencyMs
		}));
		this.#global = trainer.initialWeights(this.#root.fork('init'));
		this.#emit({
			type: 'setup',
			t: 0,
			clients: this.clients.map((c) => ({
				id: c.id,
				samples: c.indices.length,
				labelHistogram: labelHistogram(dataset.train.y, dataset.numClasses, c.indices),
				computeSpeed: c.computeSpeed
			})),
			params,
			modelBytes: this.modelBytes,
			numClasses: dataset.numClasses
		});
		const algorithm: Algorithm = algorithms[scenario.algorithm.kind].create(scenario);
		this.#clock.schedule(0, () => algorithm.start(this.#context()));
	}

	/** The server's current model (a copy). */
	get globalWeights(): Float32Array {
		return this.#global.slice();
	}

	get now(): number {
		return this.#clock.now;
	}

	get done(): boolean {
		return this.#done;
	}

	get running(): boolean {
		return this.#running;
	}

	/** Subscribes to events; events emitted before subscribing (e.g. `setup`) are replayed. */
	on(listener: Listener): () => void {
		this.#listeners.add(listener);
		for (const e of this.#pendingEvents) listener(e);
		return () => this.#listeners.delete(listener);
	}

	/** Runs the next scheduled action. Returns false when the run is over. */
	async step(): Promise<boolean> {
		if (this.#done) return false;
		const action = this.#clock.pop();
		if (!action) {
			this.#finish(this.metrics.length);
			return false;
		}
		await action();
		return !this.#done;
	}

	/** Runs until the next evaluation (one round of a synchronous algorithm) or the end. */
	async stepRound(): Promise<EventOf<'evaluated'> | null> {
		const before = this.metrics.length;
		while (this.metrics.length === before && (await this.step())) {
			await this.#yield();
		}
		return this.metrics.length > before ? (this.metrics.at(-1) ?? null) : null;
	}

	/** Runs to the end or until `pause()`; resolves when it stops. */
	async run(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		this.#paused = false;
		try {
			while (!this.#paused && (await this.step())) await this.#yield();
		} finally {
			this.#running = false;
		}
	}

	/** Stops `run()` after the action in progress. */
	pause(): void {
		this.#paused = true;
	}

	#emit(e: SimEvent): void {
		if (!this.#listeners.size) this.#pendingEvents.push(e);
		for (const l of this.#listeners) l(e);
	}

	#finish(rounds: number): void {
		if (this.#done) return;
		this.#done = true;
		this.#clock.clear();
		this.#emit({ type: 'finished', t: this.#clock.now, rounds });
	}

	#context(): EngineContext {
		const streams = new Map<string, Rng>();
		const clock = this.#clock;
		const root = this.#root;
		const getGlobal = () => this.#global;
		const setGlobal = (w: Float32Array) => {
			this.#global = w;
		};
		return {
			scenario: this.scenario,
			clients: this.clients,
			trainer: this.#trainer,
			modelBytes: this.modelBytes,
			get now() {
				return clock.now;
			},
			get global() {
				return getGlobal();
			},
			set global(w: Float32Array) {
				setGlobal(w);
			},
			rng(purpose) {
				let r = streams.get(purpose);
				if (!r) {
					r = root.fork(purpose);
					streams.set(purpose, r);
				}
				return r;
			},
			emit: (e) => this.#emit({ ...e, t: this.#clock.now } as SimEvent),
			schedule: (delay, action) => this.#clock.schedule(delay, action),
			send: (kind, from, to, bytes, round, onArrive) => {
				const client = this.clients[(from === 'server' ? to : from) as number];
				if (!client) throw new Error(`no such client: ${String(from === 'server' ? to : from)}`);
				const mbps = from === 'server' ? client.downlinkMbps : client.uplinkMbps;
				const duration = client.latencyMs / 1000 + (bytes * 8) / (mbps * 1e6);
				if (from === 'server') this.#bytesDown += bytes;
				else this.#bytesUp += bytes;
				const t = this.#clock.now;
				this.#emit({ type: 'message', t, round, kind, from, to, bytes, arrives: t + duration });
				if (onArrive) this.#clock.schedule(duration, onArrive);
				return duration;
			},
			trainTime: (client, samples) => samples / (this.clients[client]?.computeSpeed ?? 1),
			evaluate: async (round) => {
				const bad = this.#global.findIndex((x) => !Number.isFinite(x));
				if (bad >= 0) {
					this.#emit({
						type: 'diverged',
						t: this.#clock.now,
						round,
						reason: `the global model has a non-finite weight (index ${bad}); lower the learning rate or use a robust aggregator`
					});
					this.#finish(round);
					return false;
				}
				const { accuracy, loss } = await this.#trainer.evaluate(this.#global);
				const e: EventOf<'evaluated'> = {
					type: 'evaluated',
					t: this.#clock.now,
					round,
					accuracy,
					loss,
					bytesUp: this.#bytesUp,
					bytesDown: this.#bytesDown
				};
				this.metrics.push(e);
				this.#emit(e);
				if (!Number.isFinite(loss)) {
					this.#emit({
						type: 'diverged',
						t: this.#clock.now,
						round,
						reason: 'the test loss is not finite; lower the learning rate'
					});
					this.#finish(round);
					return false;
				}
				return true;
			},
			finish: (rounds) => this.#finish(rounds)
		};
	}
}
