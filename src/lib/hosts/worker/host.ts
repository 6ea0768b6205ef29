/**
 * One worker host for every web worker of the site: it takes `init`, picks the tfjs backend by
 * measuring (backend-choice.ts), loads each dataset once, runs queued work one job at a time (a
 * tfjs backend and a trainer are not re-entrant) and reports failures with the job's id. What a
 * worker computes is its `WorkerService`; the entry files (engine.worker.ts, split.worker.ts) only
 * connect a service to `self`. Nothing lives at module level, so a pool can run one host per worker
 * and a test can drive one with stubs.
 */
import type { WasmPaths } from '../../ml/backend';
import { makeBlobs, type Dataset, type DatasetName } from '../../sim/core/dataset';
import { createRng } from '../../sim/core/rng';
import type { BackendPick } from './backend-choice';
import type {
	BackendChoice,
	BackendName,
	FromHost,
	HostInit,
	JobMessage,
	ToHost
} from './protocol';

/** What one worker computes: it handles the requests that are not `init`. */
export interface WorkerService<Job extends JobMessage> {
	/** Called on arrival; queue the work with `host.enqueue`. */
	handle(job: Job): void;
	/** Posts what the service holds back (batched events), before the host reports an error. */
	flush?(): void;
}

/** What the host needs from the outside: real ones by default, stubs in tests. */
export interface HostDeps {
	chooseBackend(choice: BackendChoice, wasmPaths: WasmPaths): Promise<BackendPick>;
	fetchMnist(url: string): Promise<Dataset>;
}

/** The message of anything thrown. */
export function errorMessage(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

export class WorkerHost<Job extends JobMessage, Reply extends JobMessage> {
	readonly #post: (msg: FromHost<Reply>) => void;
	readonly #deps: HostDeps;
	readonly #service: WorkerService<Job>;
	#mnistUrl = '';
	#initMsg: HostInit | null = null;
	#mnist: Promise<Dataset> | null = null;
	#blobs: Dataset | null = null;
	#ready: Promise<BackendName> = Promise.reject(new Error('the worker was not initialised'));
	#chain: Promise<void> = Promise.resolve();

	constructor(
		post: (msg: FromHost<Reply>) => void,
		service: (host: WorkerHost<Job, Reply>) => WorkerService<Job>,
		deps: HostDeps
	) {
		this.#post = post;
		this.#deps = deps;
		this.#ready.catch(() => {});
		this.#service = service(this);
	}

	/** Resolves with the backend in use once `init` has picked it. */
	get ready(): Promise<BackendName> {
		return this.#ready;
	}

	/** Routes one message from the page. */
	receive(msg: ToHost<Job>): void {
		if (msg.type === 'init') this.#init(msg as HostInit);
		else this.#service.handle(msg as Job);
	}

	/** The `init` this host was given (null before it): what a nested worker it starts is told. */
	get initMessage(): HostInit | null {
		return this.#initMsg;
	}

	post(msg: FromHost<Reply>): void {
		this.#post(msg);
	}

	/** The dataset, loaded once (a failed MNIST download is tried again by the next caller). */
	async dataset(name: DatasetName): Promise<Dataset> {
		if (name === 'blobs') return (this.#blobs ??= makeBlobs(createRng(7)));
		this.#mnist ??= this.#deps.fetchMnist(this.#mnistUrl);
		try {
			return await this.#mnist;
		} catch (e) {
			this.#mnist = null;
			throw e;
		}
	}

	/**
	 * Queues `work` behind everything queued before; if it throws, the service flushes, the host
	 * posts the error for job `id`, then `recover` runs (e.g. to say the run is paused).
	 */
	enqueue(id: number | undefined, work: () => Promise<void>, recover?: () => void): void {
		this.#chain = this.#chain.then(work).catch((e: unknown) => {
			this.#service.flush?.();
			this.#post(
				id === undefined
					? { type: 'error', message: errorMessage(e) }
					: { type: 'error', id, message: errorMessage(e) }
			);
			recover?.();
		});
	}

	#init(msg: HostInit): void {
		this.#initMsg = msg;
		this.#mnistUrl = msg.mnistUrl;
		// most pages need MNIST: load it while the backend is measured
		if (msg.preload !== false) {
			this.#mnist = this.#deps.fetchMnist(msg.mnistUrl);
			this.#mnist.catch(() => {});
		}
		this.#ready = this.#deps.chooseBackend(msg.backend, { ...msg.wasmUrls }).then((pick) => {
			this.#post({ type: 'backend', ...pick });
			return pick.backend;
		});
		this.#ready.catch((e: unknown) =>
			this.#post({ type: 'error', message: `No tfjs backend could start: ${errorMessage(e)}` })
		);
	}
}

/** The part of a worker's global scope a host uses. */
export interface WorkerScope {
	postMessage(msg: unknown): void;
	onmessage: ((e: MessageEvent) => unknown) | null;
}

/** Connects a service to the worker's global scope: the whole of a worker entry file. */
export function serveWorker<Job extends JobMessage, Reply extends JobMessage>(
	scope: WorkerScope,
	service: (host: WorkerHost<Job, Reply>) => WorkerService<Job>,
	deps: HostDeps
): WorkerHost<Job, Reply> {
	const host = new WorkerHost<Job, Reply>((msg) => scope.postMessage(msg), service, deps);
	scope.onmessage = (e: MessageEvent<ToHost<Job>>) => host.receive(e.data);
	return host;
}
