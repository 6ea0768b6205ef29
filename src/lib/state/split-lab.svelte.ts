/**
 * The page's side of the split-learning worker (src/lib/hosts/worker/split-service.ts): started on
 * the first request, on the same backend as the page's live cells, it answers "what does the
 * server see?" and "how much do the gradients leak?". Results are `$state.raw`, replaced when an
 * answer arrives; answers to stale requests are dropped.
 */
import type { LeakageResult } from '$lib/ml/label-leakage';
import type { SmashedView } from '$lib/ml/split-view';
import type { ModelSpec } from '$lib/sim/scenario';
import { LEAKAGE_EXPERIMENT, type Protection } from '$lib/sim/split/leakage-experiment';
import type { HostError } from '$lib/hosts/worker/protocol';
import type { SplitJob, SplitReply } from '$lib/hosts/worker/split-protocol';
import { WorkerBridge, type WorkerLike } from './worker-bridge.svelte';

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

export class SplitLab extends WorkerBridge<SplitJob, SplitReply> {
	/** Per model: the views before and after a short training, and whether a request is out. */
	seen = $state.raw<
		Record<ModelKind, { untrained?: SeenState; trained?: SeenState; pending: boolean }>
	>({ mlp: { pending: false }, cnn: { pending: false } });
	leakage = $state.raw<{ results: Partial<Record<Protection, LeakageResult>>; running: boolean }>({
		results: {},
		running: false
	});
	error = $state<string | null>(null);

	#next = 1;
	/** Which model each outstanding request asked about (not reactive: bookkeeping only). */
	#seenIds: Record<number, ModelKind> = {};
	#leakId = 0;

	constructor(mnistUrl: string) {
		super(mnistUrl, { lazy: true });
	}

	/** Asks for the smashed data of `kind` (once; the answer is kept). */
	requestSeen(kind: ModelKind): void {
		const s = this.seen[kind];
		if (s.pending || s.untrained) return;
		const id = this.#next++;
		this.#seenIds[id] = kind;
		this.seen = { ...this.seen, [kind]: { pending: true } };
		this.send({
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
		this.send({ type: 'leakage', id: this.#leakId, request: LEAKAGE_EXPERIMENT });
	}

	protected spawn(): WorkerLike {
		// Vite bundles the worker only when it sees exactly this `new URL(…, import.meta.url)` form
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		return new Worker(new URL('../hosts/worker/split.worker.ts', import.meta.url), {
			type: 'module'
		});
	}

	protected crashed(message: string): void {
		this.error = message;
	}

	protected receive(msg: SplitReply | HostError): void {
		switch (msg.type) {
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
					running:
						Object.keys(this.leakage.results).length + 1 < LEAKAGE_EXPERIMENT.protections.length
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
