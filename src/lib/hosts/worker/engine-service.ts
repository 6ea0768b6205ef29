/**
 * The engine worker's service: builds a trainer and an `Engine` per run and posts the run's events
 * to the page in batches. Work on the engine goes through the host's queue (a trainer is not
 * re-entrant); `pause` acts at once.
 */
import { createTrainer as createTfTrainer } from '../../ml/create-trainer';
import type { Dataset } from '../../sim/core/dataset';
import type { SimEvent } from '../../sim/core/events';
import type { Trainer } from '../../sim/core/trainer';
import { Engine } from '../../sim/engine';
import type { Scenario } from '../../sim/scenario';
import type { EngineJob, EngineReply, RunState } from './engine-protocol';
import type { WorkerHost, WorkerService } from './host';
import type { BackendName } from './protocol';
import { TrainerPool, type TrainerPort } from './trainer-pool';
import { poolTrainer } from './web-pool-trainer';

/** Real milliseconds between two event batches. */
const FLUSH_MS = 33;

interface Run {
	readonly id: number;
	readonly engine: Engine;
	/** Real time the current round started, or null when a pause split it. */
	roundStart: number | null;
}

export interface EngineServiceOptions {
	/** Builds the trainer of a run (default: tfjs). */
	createTrainer?: (data: Dataset, scenario: Scenario) => Trainer;
	/**
	 * Starts one trainer worker (a nested worker); without it every run trains in this worker.
	 * A run started with `workers` > 1 trains its clients on that many.
	 */
	spawnTrainer?: () => TrainerPort;
}

/**
 * Backends whose training a pool of workers runs in parallel: wasm and the plain CPU backend use
 * one core each; a GPU backend would only make N workers queue on one device.
 */
const POOL_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

export class EngineService implements WorkerService<EngineJob> {
	readonly #host: WorkerHost<EngineJob, EngineReply>;
	readonly #createTrainer: (data: Dataset, scenario: Scenario) => Trainer;
	readonly #spawnTrainer: (() => TrainerPort) | null;
	#current: Run | null = null;
	/**
	 * The newest run the page asked for and whether it should be running: set when a message
	 * arrives, read when queued work runs, so a `pause` overtakes a queued `play` and a run still
	 * being built.
	 */
	readonly #intent = { id: -1, running: false };
	#trainer: { key: string; trainer: Trainer } | null = null;
	#buffer: SimEvent[] = [];
	#bufferRun = -1;
	#flushTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(host: WorkerHost<EngineJob, EngineReply>, opts: EngineServiceOptions = {}) {
		this.#host = host;
		this.#createTrainer = opts.createTrainer ?? createTfTrainer;
		this.#spawnTrainer = opts.spawnTrainer ?? null;
	}

	handle(msg: EngineJob): void {
		switch (msg.type) {
			case 'start':
				return this.#start(msg.id, msg.scenario, msg.autoplay, msg.workers ?? 1);
			case 'play':
				if (msg.id !== this.#intent.id) return;
				this.#intent.running = true;
				return this.#forRun(msg.id, (run) => this.#runEngine(run));
			case 'pause':
				if (msg.id !== this.#intent.id) return;
				this.#intent.running = false;
				if (this.#current?.id === msg.id) this.#current.engine.pause();
				return;
			case 'step':
				return this.#forRun(msg.id, async (run) => {
					if (run.engine.running) return; // it reports when it stops
					if (run.engine.done) return this.#postState(run.id, 'finished');
					this.#postState(run.id, 'stepping');
					await run.engine.stepRound();
					run.roundStart = null;
					if (this.#current === run) this.#postState(run.id, this.#stopped(run));
				});
		}
	}

	flush(): void {
		if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
		this.#flushTimer = null;
		if (!this.#buffer.length) return;
		this.#host.post({ type: 'events', id: this.#bufferRun, events: this.#buffer });
		this.#buffer = [];
	}

	#postState(id: number, state: RunState): void {
		this.flush();
		this.#host.post({ type: 'state', id, state });
	}

	#stopped(run: Run): RunState {
		return run.engine.done ? 'finished' : 'paused';
	}

	/** Queues work for run `id`; after a failure the run (if still current) reports it stopped. */
	#enqueue(id: number, work: () => Promise<void>): void {
		this.#host.enqueue(id, work, () => {
			const run = this.#current;
			if (run?.id === id) this.#postState(id, this.#stopped(run));
		});
	}

	/** Queues `work` for run `id`; it is skipped if that run is not the current one by then. */
	#forRun(id: number, work: (run: Run) => Promise<void>): void {
		this.#enqueue(id, async () => {
			const run = this.#current;
			if (run && run.id === id) await work(run);
		});
	}

	/**
	 * One trainer per dataset, model and worker count: runs that only change other fields reuse it.
	 * More than one worker (on a CPU backend): the clients train on a pool of trainer workers, on
	 * this worker's backend; vanilla split learning stays sequential (its lesson).
	 */
	#trainerFor(data: Dataset, scenario: Scenario, workers: number, backend: BackendName): Trainer {
		const a = scenario.algorithm;
		// a split trainer is built for one cut: another cut (or a whole-model kind) needs another
		const cut =
			a.kind === 'split' || a.kind === 'splitfed'
				? `/cut:${a.cutLayer}:${a.labels}:${a.labels === 'ushaped' ? a.topLayers : 0}`
				: '';
		const init = this.#host.initMessage;
		const spawn = this.#spawnTrainer;
		const n =
			spawn && init && a.kind !== 'split' && POOL_BACKENDS.includes(backend)
				? Math.max(1, Math.floor(workers))
				: 1;
		const key = `${data.name}/${JSON.stringify(scenario.model)}${cut}/workers:${n}`;
		if (this.#trainer?.key === key) return this.#trainer.trainer;
		this.#trainer?.trainer.dispose();
		this.#trainer = null;
		const local = this.#createTrainer(data, scenario);
		const trainer =
			n > 1 && spawn && init
				? poolTrainer(
						local,
						new TrainerPool(spawn, n, { ...init, backend, preload: false }, { scenario }),
						data.numClasses
					)
				: local;
		this.#trainer = { key, trainer };
		return trainer;
	}

	#listen(run: Run): void {
		run.engine.on((e) => {
			if (this.#current !== run) return;
			if (e.type === 'roundStarted') run.roundStart = performance.now();
			else if (e.type === 'evaluated' && run.roundStart !== null) {
				this.#host.post({
					type: 'roundTime',
					id: run.id,
					round: e.round,
					ms: performance.now() - run.roundStart
				});
				run.roundStart = null;
			}
			if (this.#bufferRun !== run.id) this.flush();
			this.#bufferRun = run.id;
			this.#buffer.push(e);
			this.#flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
		});
	}

	async #runEngine(run: Run): Promise<void> {
		const intent = this.#intent;
		if (this.#current !== run || intent.id !== run.id || !intent.running || run.engine.done) return;
		this.#postState(run.id, 'running');
		await run.engine.run();
		run.roundStart = null;
		if (this.#current === run) this.#postState(run.id, this.#stopped(run));
	}

	#start(id: number, scenario: Scenario, autoplay: boolean, workers: number): void {
		this.#intent.id = id;
		this.#intent.running = autoplay;
		this.#current?.engine.pause();
		this.#host.post({ type: 'state', id, state: 'building' });
		this.#enqueue(id, async () => {
			if (id !== this.#intent.id) return; // a newer start replaced this one
			const backend = await this.#host.ready;
			const data = await this.#host.dataset(scenario.dataset);
			if (id !== this.#intent.id) return;
			const trainer = this.#trainerFor(data, scenario, workers, backend);
			const engine = new Engine(scenario, data, trainer, { yieldBudgetMs: 12 });
			const run: Run = { id, engine, roundStart: null };
			this.#current = run;
			this.#listen(run);
			this.#postState(id, 'ready');
			await this.#runEngine(run);
		});
	}
}
