/**
 * The typed messages between the page (`EngineBridge`) and the engine worker. Every message about a
 * run carries its `runId`, so the page can drop what a run it has replaced still sends.
 */
import type { SimEvent } from '../../sim/core/events';
import type { Scenario } from '../../sim/scenario';

export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu';
/** `auto` measures the candidates and keeps the fastest. */
export type BackendChoice = BackendName | 'auto';

/** Where the .wasm binaries of the tfjs wasm backend are served (absolute URLs). */
export type WasmUrls = Readonly<Record<string, string>>;

export type ToWorker =
	| {
			type: 'init';
			/** Absolute URL of static/data/mnist.bin. */
			mnistUrl: string;
			wasmUrls: WasmUrls;
			backend: BackendChoice;
	  }
	/** Builds a new engine (replacing the current one); `autoplay` runs it at once. */
	| { type: 'start'; runId: number; scenario: Scenario; autoplay: boolean }
	| { type: 'play'; runId: number }
	| { type: 'pause'; runId: number }
	/** Runs one round (until the next evaluation). */
	| { type: 'step'; runId: number };

/** What the current run is doing. */
export type RunState = 'building' | 'ready' | 'running' | 'stepping' | 'paused' | 'finished';

export type FromWorker =
	| {
			type: 'backend';
			backend: BackendName;
			/** Measured ms per training batch of each candidate (null: unavailable, absent: not tried). */
			timings: Partial<Record<BackendName, number | null>>;
			/** Why the preferred backend is not the one in use, if it is not. */
			note?: string;
	  }
	| { type: 'state'; runId: number; state: RunState }
	| { type: 'events'; runId: number; events: SimEvent[] }
	/** Real milliseconds the worker spent on one round (roundStarted → evaluated). */
	| { type: 'roundTime'; runId: number; round: number; ms: number }
	/** Something went wrong; `runId` absent: the worker itself (data, backend). */
	| { type: 'error'; runId?: number; message: string };
