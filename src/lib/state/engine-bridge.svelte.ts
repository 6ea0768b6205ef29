/**
 * The page's side of the engine worker: sends commands, keeps the current run's event stream as a
 * `$state.raw` array that is replaced (never mutated) at most once per animation frame, and turns
 * worker errors and diverged runs into notices. Messages of a replaced run are dropped. Starting
 * the worker and its backend are `WorkerBridge`'s.
 */
import type { EventOf, SimEvent } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import type { EngineJob, EngineReply, RunState } from '../hosts/worker/engine-protocol';
import type { BackendName, BackendReport, HostError } from '../hosts/worker/protocol';
import { collectPhases, type PhaseMark } from '../viz/phases';
import { IndexedEvents } from './indexed-events.svelte';
import { notice, type Notice } from './notices';
import { WorkerBridge, type WorkerLike } from './worker-bridge.svelte';

export type BridgeState = RunState | 'idle';

export interface BridgeOptions {
	/** Absolute or page-relative URL of mnist.bin. */
	mnistUrl: string;
	onNotice: (n: Notice) => void;
	/** Called with the backend the worker picked by measurement (`WorkerBridge` already keeps it). */
	onBackendPicked?: (name: BackendName) => void;
	/** Makes the worker (tests pass a fake; default: the engine worker). */
	spawn?: () => WorkerLike;
}

export class EngineBridge extends WorkerBridge<EngineJob, EngineReply> {
	/** The current run's events and their index, which every view of the run reads. */
	readonly stream = new IndexedEvents();
	/** The current run's `evaluated` events (replaced only when one arrives). */
	metrics = $state.raw<readonly EventOf<'evaluated'>[]>([]);
	state = $state<BridgeState>('idle');
	/** Real milliseconds the worker spent on the last round. */
	msPerRound = $state<number | null>(null);
	/** Real milliseconds of every timed round of the current run. */
	roundTimes = $state.raw<readonly number[]>([]);
	/** Simulated time of the latest event. */
	latest = $state(0);
	/** Whether the run was replaced and its first events have not arrived yet. */
	awaitingRun = $state(false);
	/** Trainer workers the next run's clients train on (1: in the engine worker; see pool-size.ts). */
	workers = 1;

	#opts: BridgeOptions;
	#runId = 0;
	#fresh = false;
	#pending: SimEvent[] = [];
	#raf = 0;
	#roundStarts: number[] = [];
	#lastRound = 0;
	#marks: PhaseMark[] = [];
	// plain (non-reactive) bookkeeping: the phase marks are read through `events`
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#seenPhases = new Set<string>();
	#messageTimes: number[] = [];

	constructor(opts: BridgeOptions) {
		super(opts.mnistUrl);
		this.#opts = opts;
	}

	/** The current run's events, setup first. Replaced, never mutated. */
	get events(): readonly SimEvent[] {
		return this.stream.events;
	}

	/** Phase marks of the run so far, in time order (plain array, grows with `events`). */
	get marks(): readonly PhaseMark[] {
		return this.#marks;
	}

	/** Message send and arrival times so far, ascending (plain array, grows with `events`). */
	get messageTimes(): readonly number[] {
		return this.#messageTimes;
	}

	/** Simulated start time of every round so far (plain array: read it inside a reactive read of `events`). */
	get roundStarts(): readonly number[] {
		return this.#roundStarts;
	}

	get busy(): boolean {
		return this.state === 'running' || this.state === 'stepping' || this.state === 'building';
	}

	/** Stops the worker and the pending frame. */
	override disconnect(): void {
		super.disconnect();
		if (this.#raf) cancelAnimationFrame(this.#raf);
		this.#raf = 0;
	}

	protected spawn(): WorkerLike {
		if (this.#opts.spawn) return this.#opts.spawn();
		// Vite bundles the worker only when it sees exactly this `new URL(…, import.meta.url)` form
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		return new Worker(new URL('../hosts/worker/engine.worker.ts', import.meta.url), {
			type: 'module'
		});
	}

	protected crashed(message: string): void {
		this.#opts.onNotice(notice('error', 'The training engine stopped.', [message]));
		this.state = 'idle';
	}

	protected override picked(msg: BackendReport): void {
		if (msg.note) this.#opts.onNotice(notice('info', msg.note));
		if (Object.keys(msg.timings).length) this.#opts.onBackendPicked?.(msg.backend);
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
		// what the playhead reads belongs to the new run at once (the old events stay drawn until
		// the new ones arrive): a step must not animate to a mark of the replaced run
		this.#roundStarts = [];
		this.#lastRound = 0;
		this.#marks = [];
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.#seenPhases = new Set();
		this.#messageTimes = [];
		this.latest = 0;
		this.send({
			type: 'start',
			id: this.#runId,
			scenario: $state.snapshot(scenario) as Scenario,
			autoplay,
			workers: this.workers
		});
	}

	play(): void {
		this.send({ type: 'play', id: this.#runId });
	}

	pause(): void {
		this.send({ type: 'pause', id: this.#runId });
	}

	step(): void {
		// busy at once, so the animation does not think the step is over before it began
		if (this.state === 'ready' || this.state === 'paused') this.state = 'stepping';
		this.send({ type: 'step', id: this.#runId });
	}

	protected receive(msg: EngineReply | HostError): void {
		if (msg.id !== undefined && msg.id !== this.#runId) return;
		switch (msg.type) {
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
					this.stream.set([]);
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
			// the run's index (round starts, marks, latest) was reset by `start`
			this.#fresh = false;
			this.stream.set(batch);
			this.metrics = [];
			this.awaitingRun = false;
		} else {
			this.stream.set(this.events.concat(batch));
		}
		collectPhases(batch, this.#marks, this.#seenPhases);
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
			if (e.type === 'message') {
				insertSorted(this.#messageTimes, e.t);
				if (!e.lost) insertSorted(this.#messageTimes, e.arrives);
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

/** Inserts `x` into ascending `xs`, keeping it ascending (appends in the common case). */
function insertSorted(xs: number[], x: number): void {
	let i = xs.length;
	while (i > 0 && (xs[i - 1] as number) > x) i--;
	xs.splice(i, 0, x);
}
