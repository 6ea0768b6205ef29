/**
 * What every worker host says and hears, whatever it computes (the engine, the split-learning
 * figures, later a pool of trainers): `init` once, then requests that each name their job by `id`;
 * answers carry the `id` of the job they belong to, so a page (or a pool dispatching jobs to
 * several workers) can route them and drop what a replaced job still sends. The services' own
 * messages are in engine-protocol.ts and split-protocol.ts.
 */
import type { BackendName } from '../../ml/backend';

export type { BackendName };
/** `auto` measures the candidates and keeps the fastest. */
export type BackendChoice = BackendName | 'auto';
/** Every valid backend choice, for checking a stored or linked one. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'webgl', 'webgpu', 'cpu'];

/** Where the .wasm binaries of the tfjs wasm backend are served (absolute URLs). */
export type WasmUrls = Readonly<Record<string, string>>;

/** A request or answer about one job (a run of the engine, a figure of the split worker). */
export interface JobMessage {
	readonly type: string;
	readonly id: number;
}

/** The first message to any worker host: where the data is and which tfjs backend to use. */
export interface HostInit {
	readonly type: 'init';
	/** Absolute URL of static/data/mnist.bin. */
	readonly mnistUrl: string;
	readonly wasmUrls: WasmUrls;
	readonly backend: BackendChoice;
	/** Start loading MNIST at once (default true); false: only when a job needs it. */
	readonly preload?: boolean;
}

/** The backend the host picked (once, after `init`). */
export interface BackendReport {
	readonly type: 'backend';
	readonly backend: BackendName;
	/** Measured ms per training batch of each candidate (null: unavailable, absent: not tried). */
	readonly timings: Partial<Record<BackendName, number | null>>;
	/** Why the preferred backend is not the one in use, if it is not. */
	readonly note?: string;
}

/** Something went wrong; `id` absent: the worker itself (data, backend). */
export interface HostError {
	readonly type: 'error';
	readonly id?: number;
	readonly message: string;
}

/** What the page sends to a host serving jobs `Job`. */
export type ToHost<Job extends JobMessage> = HostInit | Job;
/** What a host serving answers `Reply` sends back. */
export type FromHost<Reply extends JobMessage> = BackendReport | HostError | Reply;
