/**
 * The simulation engine: a discrete-event clock, the clients with their data and devices, and one
 * algorithm (FedAvg, …) that schedules actions on the clock. Training is real (through a
 * `Trainer`); time is simulated. The engine is steppable and pausable, emits typed events, and
 * yields to the host between actions and (through the trainer) between batches.
 */
import { algorithms, type Algorithm } from './algorithms';
import { AvailabilityTimeline, type ClientAvailability } from './availability';
import { EventClock, type Action } from './core/clock';
import { WallClock } from './core/wall-clock';
import { featureCount, type Dataset } from './core/dataset';
import { clientExamples, EXAMPLE_CLIENTS } from './core/examples';
import { buildDevices, type DeviceProfile } from './devices';
import type { EventOf, SimEvent } from './core/events';
import { bytesOf, describeModel, paramCount } from './core/model-spec';
import { labelHistogram, partition } from './partition';
import { createRng, type Rng } from './core/rng';
import { byzantineCount } from './robust/checks';
import { scenarioTrigger } from './robust/round';
import type { Scenario } from './core/schema';
import type { Trainer } from './core/trainer';
import { createYielder } from './core/yielder';
import { clientTestSplits } from './personal/test-split';

import type { ClientState, EngineContext, NewEvent } from './core/context';

export type { ClientState, EngineContext, NewEvent };

export interface EngineOptions {
	/** Real milliseconds of work between yields to the host event loop. */
	yieldBudgetMs?: number;
	/** Hand-built devices, one per client, instead of drawing them from the scenario. */
	devices?: readonly DeviceProfile[];
	/** Hand-built on/off timelines, one per client, instead of drawing them from the scenario. */
	availability?: readonly ClientAvailability[];
	/** Real time (a host of real devices, see `runLive`); simulated time when absent. */
	clock?: WallClock;
}

export type Listener = (e: SimEvent) => void;

export class Engine {
	readonly scenario: Scenario;
	readonly clients: readonly ClientState[];
	readonly modelBytes: number;
	readonly numClasses: number;
	/** Every `evaluated` event so far, in order. */
	readonly metrics: EventOf<'evaluated'>[] = [];
	#dataset: Dataset;
	#clientTests: Int32Array[] | null = null;
	#clock: EventClock | WallClock;
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
	#availability: readonly ClientAvailability[];
	#version = 0;
	/** Scheduled actions of the algorithm; availability flips do not count, so a run still ends. */
	#work = 0;
	/** `runLive`: actions started and not yet ended (some wait on remote clients). */
	#inflight = 0;
	#liveError: unknown = null;

	constructor(scenario: Scenario, dataset: Dataset, trainer: Trainer, opts: EngineOptions = {}) {
		this.#clock = opts.clock ?? new EventClock();
		this.scenario = scenario;
		this.#trainer = trainer;
		this.#root = createRng(scenario.seed);
		this.#yield = createYielder(opts.yieldBudgetMs ?? 12);
		const layers = describeModel(scenario.model, dataset.inputShape, dataset.numClasses);
		const params = paramCount(layers);
		if (params !== trainer.params)
			throw new Error(`trainer has ${trainer.params} parameters, the scenario's model ${params}`);
		this.modelBytes = bytesOf(params);
		this.numClasses = dataset.numClasses;
		this.#dataset = dataset;
		const parts = partition(
			{ labels: dataset.train.y, numClasses: dataset.numClasses, clients: scenario.clients },
			scenario.partition,
			this.#root.fork('partition')
		);
		const d = scenario.devices;
		const devices = opts.devices ?? buildDevices(d, parts.length, this.#root.fork('devices'));
		if (devices.length !== parts.length)
			throw new Error(`${devices.length} devices for ${parts.length} clients`);
		const byzantine = new Set(
			this.#root.fork('byzantine').sample(parts.length, byzantineCount(scenario))
		);
		this.clients = parts.map((indices, id) => ({
			id,
			indices,
			...(devices[id] as DeviceProfile),
			byzantine: byzantine.has(id)
		}));
		this.#availability =
			opts.availability ??
			parts.map((_, k) =>
				AvailabilityTimeline.random(
					d.meanOnlineSec,
					d.meanOfflineSec,
					this.#root.fork(`availability/${k}`)
				)
			);
		if (this.#availability.length !== parts.length)
			throw new Error(
				`${this.#availability.length} availability timelines for ${parts.length} clients`
			);
		this.#global = trainer.initialWeights(this.#root.fork('init'));
		// a few of each client's images for its card, in small runs only (the event stays small)
		const small = this.clients.length <= EXAMPLE_CLIENTS;
		this.#emit({
			type: 'setup',
			t: 0,
			clients: this.clients.map((c) => {
				const examples = small ? clientExamples(dataset, c.indices) : undefined;
				return {
					id: c.id,
					samples: c.indices.length,
					labelHistogram: labelHistogram(dataset.train.y, dataset.numClasses, c.indices),
					computeSpeed: c.computeSpeed,
					straggler: c.straggler,
					...(c.byzantine ? { byzantine: true } : {}),
					...(examples && { examples })
				};
			}),
			params,
			modelBytes: this.modelBytes,
			numClasses: dataset.numClasses
		});
		if (scenario.centralized) this.#uploadData(dataset);
		this.#availability.forEach((timeline, client) => {
			if (!timeline.initiallyOnline)
				this.#emit({ type: 'availability', t: 0, client, online: false });
			this.#scheduleFlip(client, 0);
		});
		const algorithm: Algorithm = algorithms[scenario.algorithm.kind].create(scenario);
		this.#scheduleWork(0, () => algorithm.start(this.#context()));
	}

	/** Emits the next on/off flip of `client` when the clock reaches it. */
	#scheduleFlip(client: number, after: number): void {
		const timeline = this.#availability[client] as ClientAvailability;
		const t = timeline.nextChange(after);
		if (t === Infinity) return;
		this.#clock.schedule(Math.max(0, t - this.#clock.now), () => {
			this.#emit({
				type: 'availability',
				t: this.#clock.now,
				client,
				online: timeline.onlineAt(t)
			});
			this.#scheduleFlip(client, t);
		});
	}

	/** Schedules an action of the algorithm (the run ends when none is left). */
	#scheduleWork(delay: number, action: Action): void {
		this.#work++;
		this.#clock.schedule(delay, () => {
			this.#work--;
			return action();
		});
	}

	/** The server's current model (a copy). */
	get globalWeights(): Float32Array {
		return this.#global.slice();
	}

	get now(): number {
		return this.#clock.now;
	}

	/** Bytes sent by clients so far (counted when a message is sent, lost or not). */
	get bytesUp(): number {
		return this.#bytesUp;
	}

	/** Bytes sent by the server so far. */
	get bytesDown(): number {
		return this.#bytesDown;
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
		const action = this.#work > 0 ? this.#clock.pop() : null;
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

	/**
	 * Centralized training's real network cost: every client's raw training data (1 byte a pixel
	 * for images, a float32 a feature otherwise, plus a byte for the label) uploaded once at t = 0.
	 * Its transfer time is not added to the clock: the Time axis compares training time only.
	 */
	#uploadData(dataset: Dataset): void {
		const perFeature = dataset.name === 'mnist' ? 1 : 4;
		const perSample = featureCount(dataset) * perFeature + 1;
		for (const c of this.clients) {
			const bytes = c.indices.length * perSample;
			this.#bytesUp += bytes;
			this.#emit({
				type: 'message',
				t: 0,
				round: 0,
				kind: 'data',
				from: c.id,
				to: 'server',
				bytes,
				arrives: c.latencyMs / 1000 + (bytes * 8) / (c.uplinkMbps * 1e6)
			});
		}
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

	/**
	 * Real time (needs `opts.clock`): runs each action when the wall clock reaches it, until the
	 * run ends or `pause()`. Actions run one at a time, as in `run()`, except that one waiting on
	 * the outside world (a remote client's training: it calls `clock.release()`) lets the others
	 * go on meanwhile. The run ends when no action is scheduled or in progress; an action that
	 * throws stops it and rejects.
	 */
	async runLive(): Promise<void> {
		const clock = this.#clock;
		if (!(clock instanceof WallClock)) throw new Error('runLive needs a WallClock (opts.clock)');
		if (this.#running) return;
		this.#running = true;
		this.#paused = false;
		try {
			while (!this.#paused && !this.#done) {
				if (this.#liveError) throw this.#liveError;
				const action = clock.pop();
				if (action) {
					this.#inflight++;
					const released = clock.released();
					const p = Promise.resolve()
						.then(action)
						.catch((e: unknown) => {
							this.#liveError ??= e;
						})
						.finally(() => {
							this.#inflight--;
							clock.wake();
						});
					await Promise.race([p, released]);
				} else if (this.#work === 0 && this.#inflight === 0) {
					this.#finish(this.metrics.length);
				} else await clock.next();
			}
			if (this.#liveError) throw this.#liveError;
		} finally {
			this.#running = false;
		}
	}

	/** Stops `run()` (or `runLive()`) after the action in progress. */
	pause(): void {
		this.#paused = true;
		if (this.#clock instanceof WallClock) this.#clock.wake();
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

	/** Client k's own test split, drawn once for all clients (see personal/test-split.ts). */
	#clientTest(k: number): Int32Array {
		const d = this.#dataset;
		this.#clientTests ??= clientTestSplits(
			d.test.y,
			d.numClasses,
			this.clients.map((c) => labelHistogram(d.train.y, d.numClasses, c.indices)),
			this.scenario.personalization.testSamples || 200,
			this.#root.fork('clientTest')
		);
		return this.#clientTests[k] ?? new Int32Array(0);
	}

	#context(): EngineContext {
		const streams = new Map<string, Rng>();
		const clock = this.#clock;
		const root = this.#root;
		const getGlobal = () => this.#global;
		const setGlobal = (w: Float32Array) => {
			this.#global = w;
			this.#version++;
		};
		const getVersion = () => this.#version;
		const timeline = (client: number) => {
			const tl = this.#availability[client];
			if (!tl) throw new Error(`no such client: ${client}`);
			return tl;
		};
		const loss = this.scenario.devices.messageLoss;
		const lossRng = root.fork('messageLoss');
		return {
			scenario: this.scenario,
			clients: this.clients,
			trainer: this.#trainer,
			modelBytes: this.modelBytes,
			numClasses: this.numClasses,
			clientTestSplit: (k) => this.#clientTest(k),
			get now() {
				return clock.now;
			},
			get global() {
				return getGlobal();
			},
			set global(w: Float32Array) {
				setGlobal(w);
			},
			get version() {
				return getVersion();
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
			schedule: (delay, action) => this.#scheduleWork(delay, action),
			send: (kind, from, to, sent, round, onArrive, onLost, count = 1, activations) => {
				const client = this.clients[(from === 'server' ? to : from) as number];
				if (!client) throw new Error(`no such client: ${String(from === 'server' ? to : from)}`);
				const mbps = from === 'server' ? client.downlinkMbps : client.uplinkMbps;
				// centralized: the model stays where the data was uploaded (nothing crosses a network)
				const local = this.scenario.centralized;
				const bytes = local ? 0 : sent;
				const duration = local ? 0 : (count * client.latencyMs) / 1000 + (bytes * 8) / (mbps * 1e6);
				if (from === 'server') this.#bytesDown += bytes;
				else this.#bytesUp += bytes;
				const t = this.#clock.now;
				const arrives = t + duration;
				const dropped = loss > 0 && lossRng.next() < loss;
				const lost = dropped || timeline(client.id).offlineFrom(t) < arrives;
				this.#emit({
					type: 'message',
					t,
					round,
					kind,
					from,
					to,
					bytes,
					arrives,
					...(lost ? { lost } : {}),
					...(count > 1 ? { count } : {}),
					...(activations && { activations })
				});
				const then = lost ? onLost : onArrive;
				if (then) this.#scheduleWork(duration, then);
				return duration;
			},
			trainTime: (client, samples) => samples / (this.clients[client]?.computeSpeed ?? 1),
			isOnline: (client) => timeline(client).onlineAt(this.#clock.now),
			onlineUntil: (client) => timeline(client).offlineFrom(this.#clock.now),
			nextOnline: (client) => timeline(client).onlineFrom(this.#clock.now),
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
				// a backdoor run also measures the attack's success on triggered test digits
				const trigger = scenarioTrigger(this.scenario);
				const attackSuccess =
					trigger && this.#trainer.attackSuccess
						? await this.#trainer.attackSuccess(this.#global, trigger)
						: undefined;
				const e: EventOf<'evaluated'> = {
					type: 'evaluated',
					t: this.#clock.now,
					round,
					accuracy,
					loss,
					...(attackSuccess !== undefined && { attackSuccess }),
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
