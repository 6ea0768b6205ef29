/**
 * The page's side of a worker host (hosts/worker/host.ts), shared by every bridge: starts the
 * worker, sends `init` with the data's URL, the wasm binaries and the backend choice, records the
 * backend the host picked (remembering a measured pick for the next visit) and hands every other
 * answer to the subclass. A subclass creates its worker in `spawn()` with the literal
 * `new Worker(new URL('…', import.meta.url), { type: 'module' })`, the form Vite bundles.
 */
import type {
	BackendChoice,
	BackendName,
	BackendReport,
	FromHost,
	HostError,
	HostInit,
	JobMessage,
	ToHost
} from '../hosts/worker/protocol';
import { absoluteUrl, wasmUrls } from '../hosts/worker/wasm-urls';
import { backendChoiceFor, rememberBackend } from './backend-store';

/** The part of a `Worker` a bridge uses (a test passes a fake). */
export interface WorkerLike {
	postMessage(msg: unknown): void;
	terminate(): void;
	onmessage: ((e: MessageEvent) => unknown) | null;
	onerror: ((e: ErrorEvent) => unknown) | null;
}

export abstract class WorkerBridge<Job extends JobMessage, Reply extends JobMessage> {
	backend = $state<BackendName | null>(null);
	/** Measured ms per training batch of each candidate backend (empty: not measured). */
	backendTimings = $state.raw<Partial<Record<BackendName, number | null>>>({});

	readonly #mnistUrl: string;
	readonly #lazy: boolean;
	#worker: WorkerLike | null = null;

	/**
	 * `lazy`: the worker starts with the first request, on the page's backend choice (the link's
	 * `backend=`, else the stored pick); otherwise the owner calls `connect` (a live cell does).
	 */
	constructor(mnistUrl: string, opts: { lazy?: boolean } = {}) {
		this.#mnistUrl = mnistUrl;
		this.#lazy = opts.lazy ?? false;
	}

	/** The data's URL as given (page-relative or absolute): what another worker of the page loads. */
	get mnistUrl(): string {
		return this.#mnistUrl;
	}

	/** Whether a worker is running. */
	get connected(): boolean {
		return this.#worker !== null;
	}

	/** Starts the worker on backend `choice`; returns the cleanup that stops it. */
	connect(choice: BackendChoice): () => void {
		const worker = this.spawn();
		this.#worker = worker;
		worker.onmessage = (e: MessageEvent<FromHost<Reply>>) => this.#receive(e.data);
		worker.onerror = (e) => {
			e.preventDefault();
			this.crashed(e.message || 'The worker failed to load.');
		};
		const page = globalThis.location?.href ?? 'http://localhost/';
		worker.postMessage({
			type: 'init',
			mnistUrl: absoluteUrl(this.#mnistUrl, page),
			wasmUrls: wasmUrls(page),
			backend: choice
		} satisfies HostInit);
		return () => this.disconnect();
	}

	/** Stops the worker. */
	disconnect(): void {
		this.#worker?.terminate();
		this.#worker = null;
	}

	/** Stops the worker; call when the page goes away. */
	dispose(): void {
		this.disconnect();
	}

	/** The worker (Vite's literal `new Worker(new URL(…), …)` form, in the subclass's file). */
	protected abstract spawn(): WorkerLike;

	/** An answer of the service, or an error (with the job's `id`, or none: the worker's). */
	protected abstract receive(msg: Reply | HostError): void;

	/** The worker failed to load or crashed. */
	protected abstract crashed(message: string): void;

	/** The host picked its backend (the fields are already set). */
	protected picked(_msg: BackendReport): void {}

	protected send(msg: Job): void {
		if (!this.#worker && this.#lazy)
			this.connect(backendChoiceFor(globalThis.location?.search ?? ''));
		this.#worker?.postMessage(msg satisfies ToHost<Job>);
	}

	#receive(msg: FromHost<Reply>): void {
		if (msg.type !== 'backend') return this.receive(msg as Reply | HostError);
		const report = msg as BackendReport;
		this.backend = report.backend;
		this.backendTimings = report.timings;
		if (Object.keys(report.timings).length) rememberBackend(report.backend);
		this.picked(report);
	}
}
