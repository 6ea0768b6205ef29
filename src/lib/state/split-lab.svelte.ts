/**
 * The page's side of the split-learning worker (src/lib/worker/split.worker.ts): started on the
 * first request, it answers "what does the server see?" and "how much do the gradients leak?".
 * Results are `$state.raw`, replaced when an answer arrives; answers to stale requests are dropped.
 */
import type { LeakageResult, Protection } from '$lib/ml/label-leakage';
import type { SmashedView } from '$lib/ml/split-view';
import type { ModelSpec } from '$lib/sim/scenario';
import type {
	FromSplitWorker,
	LeakageRequest,
	ToSplitWorker
} from '$lib/hosts/worker/split-protocol';
import { absoluteUrl, wasmUrls } from '$lib/hosts/worker/wasm-urls';

/** The smashed data of the sample images at every cut, under one set of weights. */
export interface SeenState {
	readonly views: readonly SmashedView[];
	readonly accuracy: number;
}

export type ModelKind = 'mlp' | 'cnn';

/** The models of the "what the server sees" figure: the chapter's MLP and the small CNN. */
export const SEEN_MODELS: Record<ModelKind, ModelSpec> = {
	mlp: { kind: 'mlp', hidden: [200, 200] },
	cnn: { kind: 'cnn', filters: [8, 16] }
};

/** How many digits are shown (the first training examples of that many different digits). */
export const SEEN_SAMPLES = 4;

/** Training examples of the one epoch before the "trained" pictures. */
export const SEEN_TRAIN = 4000;

/** The leakage experiment, as in src/cli/split-report.ts: digit 3 against the rest, U-shaped. */
export const LEAKAGE_REQUEST: LeakageRequest = {
	digit: 3,
	model: { kind: 'mlp', hidden: [128, 64] },
	cutLayer: 2,
	topLayers: 1,
	epochs: 2,
	batchSize: 64,
	learningRate: 0.1,
	seed: 1,
	window: 25,
	protections: ['none', 'maxNorm']
};

export class SplitLab {
	/** Per model: the views before and after a short training, and whether a request is out. */
	seen = $state.raw<
		Record<ModelKind, { untrained?: SeenState; trained?: SeenState; pending: boolean }>
	>({ mlp: { pending: false }, cnn: { pending: false } });
	leakage = $state.raw<{ results: Partial<Record<Protection, LeakageResult>>; running: boolean }>({
		results: {},
		running: false
	});
	error = $state<string | null>(null);
	backend = $state<string | null>(null);

	#mnistUrl: string;
	#worker: Worker | null = null;
	#next = 1;
	/** Which model each outstanding request asked about (not reactive: bookkeeping only). */
	#seenIds: Record<number, ModelKind> = {};
	#leakId = 0;

	constructor(mnistUrl: string) {
		this.#mnistUrl = mnistUrl;
	}

	/** Asks for the smashed data of `kind` (once; the answer is kept). */
	requestSeen(kind: ModelKind): void {
		const s = this.seen[kind];
		if (s.pending || s.untrained) return;
		const id = this.#next++;
		this.#seenIds[id] = kind;
		this.seen = { ...this.seen, [kind]: { pending: true } };
		this.#send({
			type: 'serverSees',
			id,
			model: SEEN_MODELS[kind],
			samples: SEEN_SAMPLES,
			trainSamples: SEEN_TRAIN,
			seed: 42
		});
	}

	/** Runs the leakage experiment (again). */
	measureLeakage(): void {
		if (this.leakage.running) return;
		this.#leakId = this.#next++;
		this.leakage = { results: {}, running: true };
		this.#send({ type: 'leakage', id: this.#leakId, request: LEAKAGE_REQUEST });
	}

	/** Stops the worker; call when the page goes away. */
	dispose(): void {
		this.#worker?.terminate();
		this.#worker = null;
	}

	#send(msg: ToSplitWorker): void {
		if (!this.#worker) this.#start();
		this.#worker?.postMessage(msg);
	}

	#start(): void {
		// Vite bundles the worker only when it sees exactly this `new URL(…, import.meta.url)` form
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const worker = new Worker(new URL('../hosts/worker/split.worker.ts', import.meta.url), {
			type: 'module'
		});
		worker.onmessage = (e: MessageEvent<FromSplitWorker>) => this.#receive(e.data);
		worker.onerror = (e) => {
			e.preventDefault();
			this.error = e.message || 'The worker failed to load.';
		};
		this.#worker = worker;
		worker.postMessage({
			type: 'init',
			mnistUrl: absoluteUrl(this.#mnistUrl, location.href),
			wasmUrls: wasmUrls(location.href),
			backend: 'wasm'
		} satisfies ToSplitWorker);
	}

	#receive(msg: FromSplitWorker): void {
		switch (msg.type) {
			case 'ready':
				this.backend = msg.backend;
				return;
			case 'serverSees': {
				const kind = this.#seenIds[msg.id];
				if (!kind) return;
				const state = { views: msg.views, accuracy: msg.accuracy };
				const prev = this.seen[kind];
				const next = msg.trained
					? { ...prev, trained: state, pending: false }
					: { ...prev, untrained: state };
				this.seen = { ...this.seen, [kind]: next };
				return;
			}
			case 'leakage':
				if (msg.id !== this.#leakId) return;
				this.leakage = {
					results: { ...this.leakage.results, [msg.protection]: msg.result },
					running: Object.keys(this.leakage.results).length + 1 < LEAKAGE_REQUEST.protections.length
				};
				return;
			case 'error': {
				this.error = msg.message;
				const kind = msg.id === undefined ? undefined : this.#seenIds[msg.id];
				if (kind) this.seen = { ...this.seen, [kind]: { ...this.seen[kind], pending: false } };
				if (msg.id === this.#leakId || msg.id === undefined)
					this.leakage = { ...this.leakage, running: false };
				return;
			}
		}
	}
}
