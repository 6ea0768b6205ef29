/**
 * The typed messages between the privacy chapter (`InversionLab`) and its worker's service, which
 * runs gradient inversion (src/lib/ml/inversion) off the main thread, iteration by iteration, and
 * the cut-layer attack of split learning (the server inverts the client's layers from the smashed
 * data, cut by cut). Every answer carries the request's `id`; `init`, `backend` and `error` are
 * the host's (protocol.ts). `stop` is handled on arrival, between two chunks of iterations.
 */
import type { ImageResult, InversionAttack, SharedUpdate } from '../../ml/inversion/experiment';
import type { InversionModelSpec } from '../../ml/inversion/gradient-model';
import type { Quality } from '../../sim/privacy/inversion/quality';
import type { FromHost, ToHost } from './protocol';

export interface InversionRequest {
	/** The attacked model: the MLP or the CNN. */
	readonly model: InversionModelSpec;
	readonly attack: InversionAttack;
	readonly shared: SharedUpdate;
	/** Images the client holds (the first ones with distinct labels, up to 10; then any). */
	readonly images: number;
	/** How many the server reconstructs. */
	readonly reconstruct: number;
	readonly seed: number;
	readonly iterations: number;
	/** Iterations between two progress messages. */
	readonly every: number;
	/** DLG's step size and total-variation weight (defaults: 0.05 and none). */
	readonly learningRate?: number;
	readonly tv?: number;
}

/** The split-learning attack: chapter 6's model (seed, one epoch of training), every cut. */
export interface CutRequest {
	readonly model: InversionModelSpec;
	readonly seed: number;
	/** Training digits of one epoch first (0: the untrained model). */
	readonly trainSamples: number;
	/** The client's digits (the first ones with distinct labels). */
	readonly samples: number;
	readonly cuts?: readonly number[];
	readonly iterations: number;
	/** Adam's step size (default 0.05). */
	readonly learningRate?: number;
	readonly every: number;
}

export type InversionJob =
	| { type: 'invert'; id: number; request: InversionRequest }
	| { type: 'cut'; id: number; request: CutRequest }
	| { type: 'stop'; id: number };

/** One cut's outcome. */
export interface CutOutcome {
	readonly cut: number;
	readonly layer: string;
	readonly floats: number;
	/** The reconstructions, samples × 784. */
	readonly images: Float32Array;
	readonly quality: readonly Quality[];
}

export type InversionReply =
	/** The client's images (sent first), n × 784 in [0, 1]. */
	| { type: 'truth'; id: number; images: Float32Array; labels: number[] }
	| { type: 'progress'; id: number; iteration: number; loss: number; images: Float32Array }
	| {
			type: 'done';
			id: number;
			iterations: number;
			images: Float32Array;
			results: ImageResult[];
			stopped: boolean;
	  }
	/** Cut job: the attacked model's test accuracy, after its training. */
	| { type: 'cutModel'; id: number; accuracy: number; images: Float32Array; labels: number[] }
	| { type: 'cutProgress'; id: number; cut: number; iteration: number; images: Float32Array }
	| { type: 'cutResult'; id: number; outcome: CutOutcome }
	| { type: 'cutDone'; id: number; stopped: boolean };

export type ToInversionWorker = ToHost<InversionJob>;
export type FromInversionWorker = FromHost<InversionReply>;
