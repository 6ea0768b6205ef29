/**
 * The typed messages between the privacy chapter (`InversionLab`) and its worker's service, which
 * runs gradient inversion (src/lib/ml/inversion) off the main thread, iteration by iteration.
 * Every answer carries the request's `id`; `init`, `backend` and `error` are the host's
 * (protocol.ts). `stop` is handled on arrival, between two chunks of iterations.
 */
import type { ImageResult, InversionAttack, SharedUpdate } from '../../ml/inversion/experiment';
import type { FromHost, ToHost } from './protocol';

export interface InversionRequest {
	readonly attack: InversionAttack;
	readonly shared: SharedUpdate;
	/** Images the client holds (the first ones with distinct labels, up to 10; then any). */
	readonly images: number;
	/** How many the server reconstructs. */
	readonly reconstruct: number;
	readonly hidden: readonly number[];
	readonly seed: number;
	readonly iterations: number;
	/** Iterations between two progress messages. */
	readonly every: number;
}

export type InversionJob =
	{ type: 'invert'; id: number; request: InversionRequest } | { type: 'stop'; id: number };

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
	  };

export type ToInversionWorker = ToHost<InversionJob>;
export type FromInversionWorker = FromHost<InversionReply>;
