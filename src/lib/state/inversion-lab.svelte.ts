/**
 * The page's side of the gradient-inversion worker (src/lib/hosts/worker/inversion-service.ts):
 * started on the first request, it runs one attack at a time and streams the reconstructions so
 * the chapter can animate them; `stop()` ends the attack between two chunks of iterations. State
 * is `$state.raw`, replaced on every answer; answers to a replaced request are dropped.
 */
import type { ImageResult } from '$lib/ml/inversion/experiment';
import type { HostError } from '$lib/hosts/worker/protocol';
import type {
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

export class InversionLab extends WorkerBridge<InversionJob, InversionReply> {
	view = $state.raw<InversionView>(IDLE);
	error = $state<string | null>(null);

	#next = 1;
	#id = 0;

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
	}

	protected override send(msg: InversionJob): void {
		if (!this.connected) this.connect(backendChoiceFor(globalThis.location?.search ?? ''));
		super.send(msg);
	}

	protected receive(msg: InversionReply | HostError): void {
		if (msg.type === 'error') {
			if (msg.id !== undefined && msg.id !== this.#id) return;
			this.error = msg.message;
			this.view = { ...this.view, running: false };
			return;
		}
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
}
