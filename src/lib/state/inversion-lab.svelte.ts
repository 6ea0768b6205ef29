/**
 * The page's side of the gradient-inversion worker (src/lib/hosts/worker/inversion-service.ts):
 * started on the first request, it runs one attack at a time and streams the reconstructions so
 * the chapter can animate them; `stop()` ends the attack between two chunks of iterations. State
 * is `$state.raw`, replaced on every answer; answers to a replaced request are dropped.
 */
import type { ImageResult } from '$lib/ml/inversion/experiment';
import type { HostError } from '$lib/hosts/worker/protocol';
import type {
	CutOutcome,
	CutRequest,
	InversionJob,
	InversionReply,
	InversionRequest
} from '$lib/hosts/worker/inversion-protocol';
import { backendChoiceFor } from './backend-store';
import { WorkerBridge, type WorkerLike } from './worker-bridge.svelte';

export interface InversionView {
	readonly running: boolean;
	readonly truth: Float32Array | null;
	readonly labels: readonly number[];
	readonly images: Float32Array | null;
	readonly iteration: number;
	readonly loss: number;
	readonly results: readonly ImageResult[] | null;
	readonly stopped: boolean;
}

const IDLE: InversionView = {
	running: false,
	truth: null,
	labels: [],
	images: null,
	iteration: 0,
	loss: NaN,
	results: null,
	stopped: false
};

/** The cut-layer attack: the model's accuracy, the client's digits, one outcome per finished cut. */
export interface CutView {
	readonly running: boolean;
	/** Test accuracy of the attacked model (null until it is trained). */
	readonly accuracy: number | null;
	readonly truth: Float32Array | null;
	readonly labels: readonly number[];
	readonly cuts: readonly CutOutcome[];
	/** The cut under attack now and its current reconstructions. */
	readonly current: {
		readonly cut: number;
		readonly iteration: number;
		readonly images: Float32Array;
	} | null;
	readonly stopped: boolean;
}

const CUT_IDLE: CutView = {
	running: false,
	accuracy: null,
	truth: null,
	labels: [],
	cuts: [],
	current: null,
	stopped: false
};

export class InversionLab extends WorkerBridge<InversionJob, InversionReply> {
	view = $state.raw<InversionView>(IDLE);
	cutView = $state.raw<CutView>(CUT_IDLE);
	error = $state<string | null>(null);

	#next = 1;
	#id = 0;
	#cutId = 0;

	/** Starts an attack (replacing any running one). */
	run(request: InversionRequest): void {
		if (this.view.running) this.stop();
		this.#id = this.#next++;
		this.error = null;
		this.view = { ...IDLE, running: true };
		this.send({ type: 'invert', id: this.#id, request });
	}

	/** Stops the running attack after its current chunk of iterations. */
	stop(): void {
		if (this.view.running) this.send({ type: 'stop', id: this.#id });
	}

	/** Starts the cut-layer attack (replacing any running one). */
	runCut(request: CutRequest): void {
		if (this.cutView.running) this.stopCut();
		this.#cutId = this.#next++;
		this.error = null;
		this.cutView = { ...CUT_IDLE, running: true };
		this.send({ type: 'cut', id: this.#cutId, request });
	}

	/** Stops the cut-layer attack after its current chunk of iterations. */
	stopCut(): void {
		if (this.cutView.running) this.send({ type: 'stop', id: this.#cutId });
	}

	/** Stops the worker; call when the page goes away. */
	dispose(): void {
		this.disconnect();
	}

	protected spawn(): WorkerLike {
		// Vite bundles the worker only when it sees exactly this `new URL(…, import.meta.url)` form
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		return new Worker(new URL('../hosts/worker/inversion.worker.ts', import.meta.url), {
			type: 'module'
		});
	}

	protected crashed(message: string): void {
		this.error = message;
		this.view = { ...this.view, running: false };
		this.cutView = { ...this.cutView, running: false };
	}

	protected override send(msg: InversionJob): void {
		if (!this.connected) this.connect(backendChoiceFor(globalThis.location?.search ?? ''));
		super.send(msg);
	}

	protected receive(msg: InversionReply | HostError): void {
		if (msg.type === 'error') {
			if (msg.id !== undefined && msg.id !== this.#id && msg.id !== this.#cutId) return;
			this.error = msg.message;
			if (msg.id === undefined || msg.id === this.#id) this.view = { ...this.view, running: false };
			if (msg.id === undefined || msg.id === this.#cutId)
				this.cutView = { ...this.cutView, running: false };
			return;
		}
		if (msg.id === this.#cutId) return this.#receiveCut(msg);
		if (msg.id !== this.#id) return;
		switch (msg.type) {
			case 'truth':
				this.view = { ...this.view, truth: msg.images, labels: msg.labels };
				return;
			case 'progress':
				this.view = { ...this.view, images: msg.images, iteration: msg.iteration, loss: msg.loss };
				return;
			case 'done':
				this.view = {
					...this.view,
					running: false,
					images: msg.images,
					iteration: msg.iterations,
					results: msg.results,
					stopped: msg.stopped
				};
				return;
		}
	}

	#receiveCut(msg: InversionReply): void {
		const v = this.cutView;
		switch (msg.type) {
			case 'cutModel':
				this.cutView = { ...v, accuracy: msg.accuracy, truth: msg.images, labels: msg.labels };
				return;
			case 'cutProgress':
				this.cutView = {
					...v,
					current: { cut: msg.cut, iteration: msg.iteration, images: msg.images }
				};
				return;
			case 'cutResult':
				this.cutView = { ...v, cuts: [...v.cuts, msg.outcome], current: null };
				return;
			case 'cutDone':
				this.cutView = { ...v, running: false, current: null, stopped: msg.stopped };
				return;
		}
	}
}
