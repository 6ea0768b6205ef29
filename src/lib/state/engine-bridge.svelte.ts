/**
 * The page's side of the engine worker: sends commands, keeps the current run's event stream as a
 * `$state.raw` array that is replaced (never mutated) at most once per animation frame, and turns
 * worker errors and diverged runs into notices. Messages of a replaced run are dropped.
 */
import type { EventOf, SimEvent } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import type {
	BackendChoice,
	BackendName,
	FromWorker,
	RunState,
	ToWorker
} from '../hosts/worker/engine-protocol';
import { absoluteUrl, wasmUrls } from '../hosts/worker/wasm-urls';
import { notice, type Notice } from './notices';

export type BridgeState = RunState | 'idle';

export interface BridgeOptions {
	/** Absolute or page-relative URL of mnist.bin. */
	mnistUrl: string;
	onNotice: (n: Notice) => void;
	/** Called with the backend the worker picked by measurement. */
	onBackendPicked?: (name: BackendName) => void;
}

export class EngineBridge {
	/** The current run's events, setup first. Replaced, never mutated. */
	events = $state.raw<readonly SimEvent[]>([]);
	/** The current run's `evaluated` events (replaced only when one arrives). */
	metrics = $state.raw<readonly EventOf<'evaluated'>[]>([]);
	state = $state<BridgeState>('idle');
	backend = $state<BackendName | null>(null);
	backendTimings = $state.raw<Partial<Record<BackendName, number | null>>>({});
	/** Real milliseconds the worker spent on the last round. */
	msPerRound = $state<number | null>(null);
	/** Real milliseconds of every timed round of the current run. */
	roundTimes = $state.raw<readonly number[]>([]);
	/** Simulated time of the latest event. */
	latest = $state(0);
	/** Whether the run was replaced and its first events have not arrived yet. */
	awaitingRun = $state(false);

	#opts: BridgeOptions;
	#worker: Worker | null = null;
	#runId = 0;
	#fresh = false;
	#pending: SimEvent[] = [];
	#raf = 0;
	#roundStarts: number[] = [];
	#lastRound = 0;

	constructor(opts: BridgeOptions) {
		this.#opts = opts;
	}

	/** Simulated start time of every round so far (plain array: read it inside a reactive read of `events`). */
	get roundStarts(): readonly number[] {
		return this.#roundStarts;
	}

	get busy(): boolean {
		return this.state === 'running' || this.state === 'stepping' || this.state === 'building';
	}

	/** Starts the worker on `backend`; returns the cleanup that stops it. Call from an `$effect`. */
	connect(backend: BackendChoice): () => void {
		// Vite bundles the worker only when it sees exactly this `new URL(…, import.meta.url)` form
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const worker = new Worker(new URL('../hosts/worker/engine.worker.ts', import.meta.url), {
			type: 'module'
		});
		this.#worker = worker;
		worker.onmessage = (e: MessageEvent<FromWorker>) => this.#receive(e.data);
		worker.onerror = (e) => {
			e.preventDefault();
			this.#opts.onNotice(
				notice('error', 'The training engine stopped.', [e.message || 'The worker failed to load.'])
			);
			this.state = 'idle';
		};
		this.#send({
			type: 'init',
			mnistUrl: absoluteUrl(this.#opts.mnistUrl, location.href),
			wasmUrls: wasmUrls(location.href),
			backend
		});
		return () => {
			worker.terminate();
			if (this.#raf) cancelAnimationFrame(this.#raf);
			this.#raf = 0;
			this.#worker = null;
		};
	}

	/** Replaces the run: a new engine for `scenario` (its setup event replaces the events). */
	start(scenario: Scenario, autoplay: boolean): void {
		this.#runId++;
		this.#fresh = true;
		this.#pending = [];
		this.awaitingRun = true;
		this.msPerRound = null;
		this.roundTimes = [];
		this.state = 'building';
		this.#send({
			type: 'start',
			runId: this.#runId,
			scenario: $state.snapshot(scenario) as Scenario,
			autoplay
		});
	}

	play(): void {
		this.#send({ type: 'play', runId: this.#runId });
	}

	pause(): void {
		this.#send({ type: 'pause', runId: this.#runId });
	}

	step(): void {
		// busy at once, so the animation does not think the step is over before it began
		if (this.state === 'ready' || this.state === 'paused') this.state = 'stepping';
		this.#send({ type: 'step', runId: this.#runId });
	}

	#send(msg: ToWorker): void {
		this.#worker?.postMessage(msg);
	}

	#receive(msg: FromWorker): void {
		if ('runId' in msg && msg.runId !== undefined && msg.runId !== this.#runId) return;
		switch (msg.type) {
			case 'backend':
				this.backend = msg.backend;
				this.backendTimings = msg.timings;
				if (msg.note) this.#opts.onNotice(notice('info', msg.note));
				if (Object.keys(msg.timings).length) this.#opts.onBackendPicked?.(msg.backend);
				return;
			case 'state':
				// the events a state follows are shown first (the playhead reads both)
				this.#flush();
				this.state = msg.state;
				return;
			case 'events':
				this.#pending.push(...msg.events);
				if (!this.#raf) this.#raf = requestAnimationFrame(() => this.#flush());
				return;
			case 'roundTime':
				this.msPerRound = msg.ms;
				this.roundTimes = [...this.roundTimes, msg.ms];
				return;
			case 'error':
				if (this.#fresh) {
					this.events = [];
					this.metrics = [];
					this.latest = 0;
					this.awaitingRun = false;
				}
				this.#opts.onNotice(notice('error', msg.message));
				return;
		}
	}

	#flush(): void {
		this.#raf = 0;
		const batch = this.#pending;
		if (!batch.length) return;
		this.#pending = [];
		if (this.#fresh) {
			this.#fresh = false;
			this.#roundStarts = [];
			this.#lastRound = 0;
			this.events = batch;
			this.metrics = [];
			this.latest = 0;
			this.awaitingRun = false;
		} else {
			this.events = this.events.concat(batch);
		}
		const evaluated: EventOf<'evaluated'>[] = [];
		let latest = this.latest;
		for (const e of batch) {
			if (e.t > latest) latest = e.t;
			// asynchronous algorithms emit no `roundStarted`: a round (evaluation period) starts
			// with the first message or training that carries its number
			if (
				(e.type === 'roundStarted' || e.type === 'message' || e.type === 'trainingStarted') &&
				e.round > this.#lastRound
			) {
				this.#lastRound = e.round;
				this.#roundStarts.push(e.t);
			}
			if (e.type === 'evaluated') evaluated.push(e);
			else if (e.type === 'diverged')
				this.#opts.onNotice(
					notice('warning', `Training diverged in round ${e.round}.`, [e.reason])
				);
		}
		this.latest = latest;
		if (evaluated.length) this.metrics = this.metrics.concat(evaluated);
	}
}
