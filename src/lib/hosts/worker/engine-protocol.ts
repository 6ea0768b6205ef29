/**
 * The typed messages between the page (`EngineBridge`) and the engine worker's service. A job is a
 * run: every message about it carries its `id`, so the page can drop what a run it has replaced
 * still sends. `init`, `backend` and `error` are the host's (protocol.ts).
 */
import type { SimEvent } from '../../sim/core/events';
import type { Scenario } from '../../sim/scenario';
import type { FromHost, ToHost } from './protocol';

export type { BackendChoice, BackendName, WasmUrls } from './protocol';

/** A request about run `id`. */
export type EngineJob =
	/**
	 * Builds a new engine (replacing the current one); `autoplay` runs it at once. `workers` > 1
	 * trains its clients on that many trainer workers (results do not depend on it; default 1).
	 */
	| { type: 'start'; id: number; scenario: Scenario; autoplay: boolean; workers?: number }
	| { type: 'play'; id: number }
	| { type: 'pause'; id: number }
	/** Runs one round (until the next evaluation). */
	| { type: 'step'; id: number };

/** What the current run is doing. */
export type RunState = 'building' | 'ready' | 'running' | 'stepping' | 'paused' | 'finished';

/** An answer about run `id`. */
export type EngineReply =
	| { type: 'state'; id: number; state: RunState }
	| { type: 'events'; id: number; events: SimEvent[] }
	/** Real milliseconds the worker spent on one round (roundStarted → evaluated). */
	| { type: 'roundTime'; id: number; round: number; ms: number };

export type ToWorker = ToHost<EngineJob>;
export type FromWorker = FromHost<EngineReply>;
