/**
 * Whole runs at full speed, without animation, several at once: each run goes to its own engine
 * worker (the same `EngineService` a live cell uses, started with `autoplay`), at most `size` at a
 * time through a `SlotQueue`, and reports its evaluations and whether it diverged. A worker is
 * started on first use and reused for later runs (its backend and data load once). Used by the
 * comparison runs (`RunQueue`'s batch mode): the results are the same as a live cell's run of the
 * same scenario, which is how a lecturer replays one of them animated.
 */
import type { EngineReply } from '../hosts/worker/engine-protocol';
import type {
	BackendChoice,
	BackendName,
	FromHost,
	HostError,
	HostInit
} from '../hosts/worker/protocol';
import { SlotQueue } from '../hosts/worker/slot-queue';
import { absoluteUrl, wasmUrls } from '../hosts/worker/wasm-urls';
import type { EventOf } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import type { WorkerLike } from './worker-bridge.svelte';

/** What a finished run left. */
export interface RunOutcome {
	readonly metrics: readonly EventOf<'evaluated'>[];
	readonly diverged: EventOf<'diverged'> | null;
	/** Real milliseconds from its start to its end. */
	readonly ms: number;
}

/** What the run queue needs of a batch (tests pass a fake). */
export interface BatchRunner {
	readonly size: number;
	/** Runs under way now (not counting those waiting for a worker). */
	readonly busy: number;
	run(scenario: Scenario): Promise<RunOutcome>;
	/** Runs not yet started never start (their promises never settle); runs under way go on. */
	dropQueued(): void;
	/** Ends every worker; runs under way fail. */
	dispose(): void;
}

interface Slot {
	worker: WorkerLike | null;
	dead: string | null;
	job: {
		readonly id: number;
		readonly t0: number;
		readonly metrics: EventOf<'evaluated'>[];
		diverged: EventOf<'diverged'> | null;
		resolve(o: RunOutcome): void;
		reject(e: Error): void;
	} | null;
}

export class BatchRuns implements BatchRunner {
	readonly size: number;
	readonly #spawn: () => WorkerLike;
	readonly #init: HostInit;
	readonly #slots: Slot[];
	readonly #queue: SlotQueue<Slot>;
	#nextId = 0;

	/** `size` engine workers made by `spawn`, each told `init` on first use. */
	constructor(size: number, spawn: () => WorkerLike, init: HostInit) {
		this.size = size;
		this.#spawn = spawn;
		this.#init = init;
		this.#slots = Array.from({ length: size }, () => ({ worker: null, dead: null, job: null }));
		this.#queue = new SlotQueue(this.#slots);
	}

	get busy(): number {
		return this.#slots.filter((s) => s.job !== null).length;
	}

	run(scenario: Scenario): Promise<RunOutcome> {
		return this.#queue.use((slot) => this.#start(slot, scenario));
	}

	dropQueued(): void {
		this.#queue.clear();
	}

	dispose(): void {
		this.#queue.clear();
		for (const slot of this.#slots) {
			slot.worker?.terminate();
			slot.worker = null;
			this.#fail(slot, 'the comparison runs were stopped');
		}
	}

	#start(slot: Slot, scenario: Scenario): Promise<RunOutcome> {
		if (slot.dead !== null) return Promise.reject(new Error(slot.dead));
		const worker = slot.worker ?? this.#open(slot);
		const id = ++this.#nextId;
		return new Promise<RunOutcome>((resolve, reject) => {
			slot.job = { id, t0: performance.now(), metrics: [], diverged: null, resolve, reject };
			worker.postMessage({ type: 'start', id, scenario, autoplay: true, workers: 1 });
		});
	}

	#open(slot: Slot): WorkerLike {
		const worker = this.#spawn();
		slot.worker = worker;
		worker.onmessage = (e: MessageEvent<FromHost<EngineReply>>) => this.#receive(slot, e.data);
		worker.onerror = (e) => {
			e.preventDefault();
			slot.dead = e.message || 'a comparison worker failed to load';
			this.#fail(slot, slot.dead);
		};
		worker.postMessage(this.#init);
		return worker;
	}

	#receive(slot: Slot, msg: FromHost<EngineReply>): void {
		const job = slot.job;
		if (!job || msg.type === 'backend') return;
		if (msg.type === 'error') return this.#fail(slot, (msg as HostError).message);
		if (msg.id !== job.id) return;
		if (msg.type === 'events') {
			for (const e of msg.events)
				if (e.type === 'evaluated') job.metrics.push(e);
				else if (e.type === 'diverged') job.diverged = e;
		} else if (msg.type === 'state' && msg.state === 'finished') {
			slot.job = null;
			job.resolve({
				metrics: job.metrics,
				diverged: job.diverged,
				ms: performance.now() - job.t0
			});
		}
	}

	#fail(slot: Slot, message: string): void {
		const job = slot.job;
		slot.job = null;
		job?.reject(new Error(message));
	}
}

/** The `init` of a comparison worker: the page's data and wasm URLs, and the cell's backend. */
export function batchInit(mnistUrl: string, backend: BackendChoice): HostInit {
	const page = globalThis.location?.href ?? 'http://localhost/';
	return {
		type: 'init',
		mnistUrl: absoluteUrl(mnistUrl, page),
		wasmUrls: wasmUrls(page),
		backend,
		preload: false // each run loads the data set it needs
	};
}

/** Engine workers for a batch, or null where the page cannot start workers (tests, SSR). */
export function engineBatch(size: number, init: HostInit): BatchRunner | null {
	if (typeof Worker === 'undefined') return null;
	return new BatchRuns(
		size,
		// Vite bundles the worker only when it sees exactly this `new URL(…, import.meta.url)` form
		() =>
			new Worker(new URL('../hosts/worker/engine.worker.ts', import.meta.url), { type: 'module' }),
		init
	);
}

/** What `cellBatch` reads of a live cell. */
export interface BatchCell {
	readonly bridge: { readonly mnistUrl: string; readonly backend: BackendName | null };
	readonly backendChoice: BackendChoice;
}

/**
 * The runner factory of a cell's comparison runs: engine workers on the backend the cell's own
 * worker picked (so a replay in the cell computes exactly what the batch computed).
 */
export function cellBatch(cell: BatchCell): (size: number) => BatchRunner | null {
	return (size) =>
		engineBatch(size, batchInit(cell.bridge.mnistUrl, cell.bridge.backend ?? cell.backendChoice));
}
