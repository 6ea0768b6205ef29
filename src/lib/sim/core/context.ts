/**
 * What an algorithm sees of the engine: the clock, the clients, the trainer and the global model.
 * Algorithms, the robust round and split learning's turns depend on this interface, never on the
 * `Engine` class that implements it, so `engine.ts` can import the algorithms without a cycle.
 */
import type { Action } from './clock';
import type { ActivationSample, MessageKind, NodeId, SimEvent } from './events';
import type { Rng } from './rng';
import type { Scenario } from './schema';
import type { Trainer } from './trainer';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<SimEvent, 't'>;

/** A client as the engine sees it: its data (indices into the training set) and its device. */
export interface ClientState {
	readonly id: number;
	readonly indices: Int32Array;
	/** Training throughput, samples per simulated second. */
	readonly computeSpeed: number;
	readonly downlinkMbps: number;
	readonly uplinkMbps: number;
	readonly latencyMs: number;
	/** Slowed down by the scenario's straggler slowdown. */
	readonly straggler: boolean;
	/** Byzantine: its update is replaced by the scenario's attack (round(byzantineFraction·K), seeded). */
	readonly byzantine: boolean;
}

/** What an algorithm may use: the clock, the clients, the trainer and the global model. */
export interface EngineContext {
	readonly scenario: Scenario;
	readonly clients: readonly ClientState[];
	readonly trainer: Trainer;
	readonly modelBytes: number;
	/** Current simulated time, seconds. */
	readonly now: number;
	/** The server's current model. */
	global: Float32Array;
	/** Classes of the dataset (label-flip attackers train on numClasses − 1 − y). */
	readonly numClasses: number;
	/**
	 * Client k's own test split: `personalization.testSamples` (200 if 0) held-out samples with its
	 * label mix, seeded (see personal/test-split.ts).
	 */
	clientTestSplit(client: number): Int32Array;
	/** How many times the server's model has been replaced: the global version t of async FL. */
	readonly version: number;
	/** A random stream for a named purpose (e.g. `select/3`); the same name gives the same stream. */
	rng(purpose: string): Rng;
	emit(event: NewEvent): void;
	schedule(delay: number, action: Action): void;
	/**
	 * Sends a message: emits it, counts its bytes and runs `onArrive` when it lands. A message is
	 * lost if the link drops it (`devices.messageLoss`) or the client is offline at any moment of
	 * the transfer; it is then emitted with `lost: true`, never arrives, and `onLost` runs at the
	 * time it would have arrived (standing in for the sender's timeout). `count` > 1: the event
	 * stands for that many back-to-back messages of `bytes` in total (split learning's per-batch
	 * exchanges), paying the latency `count` times. `activations`: what a smashed message carries,
	 * put on its event. Returns the transfer time.
	 */
	send(
		kind: MessageKind,
		from: NodeId,
		to: NodeId,
		bytes: number,
		round: number,
		onArrive?: Action,
		onLost?: Action,
		count?: number,
		activations?: ActivationSample
	): number;
	/** Simulated seconds that `client` needs to train on `samples` samples. */
	trainTime(client: number, samples: number): number;
	/** Whether `client` is online now. */
	isOnline(client: number): boolean;
	/** When `client` next goes offline (now if it is offline, Infinity if never): work must end before. */
	onlineUntil(client: number): number;
	/** When `client` is next online (now if it is online). */
	nextOnline(client: number): number;
	/** Evaluates the global model and emits `evaluated`; returns false (and emits `diverged`) on NaN. */
	evaluate(round: number): Promise<boolean>;
	/** Ends the run. */
	finish(rounds: number): void;
}
