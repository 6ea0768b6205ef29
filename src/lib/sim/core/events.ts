/**
 * Everything that happens in a run is one of these events, stamped with the simulated time `t`
 * (seconds). The graph, the charts, the captions and the CLI all read this one stream.
 */

import type { ClientExample } from './examples';

/** A node of the network: the server, or a client by index. */
export type NodeId = 'server' | number;

/** What a message carries. */
/** `secagg`: secure aggregation's key, share and unmasking messages (sim/privacy/secure-aggregation). */
export type MessageKind =
	| 'model'
	| 'update'
	| 'smashed'
	| 'gradient'
	| 'head'
	| 'secagg'
	/** Centralized training's one upload of the raw training data, before training. */
	| 'data';

export interface ClientInfo {
	readonly id: number;
	/** n_k, the client's number of training samples. */
	readonly samples: number;
	/** Count of each label in its data. */
	readonly labelHistogram: readonly number[];
	/** Simulated training throughput (samples per second). */
	readonly computeSpeed: number;
	/** A straggler: its device is slowed down (asynchronous-FL scenarios). */
	readonly straggler?: boolean;
	/** A Byzantine client: it sends bad updates (robust-FL scenarios). */
	readonly byzantine?: boolean;
	/** A few of its training images, for its card (image datasets, small runs; see examples.ts). */
	readonly examples?: readonly ClientExample[];
}

/** How many points a training's local loss curve has at most (`trainingFinished.losses`). */
export const LOSS_CURVE_POINTS = 16;

/** At most this many numbers of a sample's activations ride on a smashed message (`message.activations`). */
export const ACTIVATION_VALUES = 256;

/**
 * One sample's activations at the cut, as a split-learning client sends them to the server (the
 * first sample of its turn's first mini-batch), shrunk to at most `ACTIVATION_VALUES` numbers
 * (see split/activation-sample.ts).
 */
export interface ActivationSample {
	/** Shape of `values`: [n], or [h, w, c] (channels last). */
	readonly shape: readonly number[];
	/** Row-major in `shape`, at most `ACTIVATION_VALUES` numbers. */
	readonly values: readonly number[];
	/** One sample's shape at the cut, before it was shrunk (equal to `shape` when it fitted). */
	readonly cut: readonly number[];
	/** Side of the square blocks averaged into one value (1: none; flat vectors: runs of `pool`). */
	readonly pool: number;
}

/** One received update, measured by the server when it aggregates (`aggregated.updates`). */
export interface UpdateFigures {
	readonly client: number;
	/** ‖δ_k‖₂ of the update (a delta from the global model) it received. */
	readonly norm: number;
	/** ‖δ_k − δ̄‖₂, δ̄ the n_k-weighted mean of the round's finite received updates. */
	readonly distance?: number;
	/** A Byzantine client: ‖δ_k‖₂ of what it trained honestly, before its attack rewrote it. */
	readonly trainedNorm?: number;
}

export type SimEvent =
	| {
			type: 'setup';
			t: number;
			clients: readonly ClientInfo[];
			params: number;
			modelBytes: number;
			numClasses: number;
	  }
	| { type: 'roundStarted'; t: number; round: number; selected: readonly number[] }
	| {
			type: 'message';
			t: number;
			round: number;
			kind: MessageKind;
			from: NodeId;
			to: NodeId;
			bytes: number;
			/** Simulated time of arrival. */
			arrives: number;
			/** The link dropped it: it never arrives. */
			lost?: boolean;
			/** For an update: how many global versions it is behind when it arrives. */
			staleness?: number;
			/** It stands for this many messages sent one after another (`bytes` is their total). */
			count?: number;
			/** Smashed data: one sample's activations at the cut (the first exchange of a client's turn). */
			activations?: ActivationSample;
	  }
	| {
			type: 'trainingStarted';
			t: number;
			round: number;
			client: number;
			samples: number;
			/** Simulated time the local training will take. */
			duration: number;
	  }
	| {
			type: 'trainingFinished';
			t: number;
			round: number;
			client: number;
			samples: number;
			/** Mean training loss over the local epochs. */
			loss: number;
			/**
			 * The local loss curve: the mean loss of each of up to `LOSS_CURVE_POINTS` equal stretches
			 * of the training's mini-batches, in order (absent: the trainer does not report it).
			 */
			losses?: readonly number[];
	  }
	| {
			type: 'aggregated';
			t: number;
			round: number;
			contributors: readonly number[];
			rule: string;
			/** Clients whose update the rule left out entirely (non-finite ones, Krum's unselected). */
			discarded?: readonly number[];
			/** Clients that sent NaN or infinite values (the mean takes them in and diverges). */
			nonFinite?: readonly number[];
			/** The step before the rule (nnm, bucketing, clip), when there is one. */
			preAggregate?: string;
			/**
			 * Why the pipeline kept or dropped what it did: per measure (Krum score, trust score, norm
			 * before clipping, share of coordinates trimmed), one figure per client.
			 */
			why?: readonly {
				measure: string;
				values: readonly { client: number; value: number }[];
			}[];
			/**
			 * Each update as the server received it (after the attack): its L2 norm and its L2 distance
			 * to the round's n_k-weighted mean of the finite received updates (absent for a non-finite
			 * one); a Byzantine client's also has the norm of the update it trained before the attack.
			 */
			updates?: readonly UpdateFigures[];
			/** The attack the round's Byzantine clients ran, with its parameters (absent: none took part). */
			attack?: { readonly kind: string; readonly params: Readonly<Record<string, unknown>> };
	  }
	/**
	 * The 2-D view of a round's updates (PCA of the sent deltas, see projection.ts): one point per
	 * finite update and where each applicable rule's aggregate lands; (0, 0) is "no change", the
	 * global model the round started from. Emitted after `aggregated` when the scenario has
	 * Byzantine clients or asks for it (`byzantine.project`).
	 */
	| {
			type: 'updatesProjected';
			t: number;
			round: number;
			points: readonly { client: number; x: number; y: number; byzantine: boolean }[];
			aggregates: readonly { rule: string; x: number; y: number }[];
			/** Share of the updates' variance along x and along y. */
			explained: readonly [number, number];
			/**
			 * How many coordinates of the update vectors the view used: all of them for small models,
			 * else a seeded random sample (see `VIEW_COORDINATES` in byzantine.ts).
			 */
			coordinates: number;
	  }
	| {
			type: 'evaluated';
			t: number;
			round: number;
			accuracy: number;
			loss: number;
			/** Backdoor runs: share of triggered test digits (other classes) classified as the target. */
			attackSuccess?: number;
			bytesUp: number;
			bytesDown: number;
	  }
	/** A client went offline (work in progress is lost) or came back. */
	| { type: 'availability'; t: number; client: number; online: boolean }
	/** The server discarded an update (too stale, past the deadline, from an offline client, …). */
	| {
			type: 'updateDropped';
			t: number;
			round: number;
			client: number;
			reason: string;
			staleness?: number;
	  }
	/** An asynchronous algorithm took an update in: how stale it was and how much it counts. */
	| {
			type: 'updateReceived';
			t: number;
			round: number;
			client: number;
			/** t − τ: global versions since the client fetched the model it trained from. */
			staleness: number;
			/** Its weight: α·s(t − τ) in FedAsync, s(t − τ) in FedBuff. */
			weight: number;
	  }
	/**
	 * Accuracy of a model on each client's own test split: the global model, the global model
	 * fine-tuned on the client's data, or the client's IFCA cluster model.
	 */
	| {
			type: 'clientsEvaluated';
			t: number;
			round: number;
			model: 'global' | 'fineTuned' | 'cluster';
			accuracies: readonly { client: number; accuracy: number }[];
	  }
	/** IFCA: the cluster model each client of the round chose (lowest loss on its own data). */
	| {
			type: 'clustersAssigned';
			t: number;
			round: number;
			clusters: readonly { client: number; cluster: number }[];
	  }
	| { type: 'diverged'; t: number; round: number; reason: string }
	/** DP-FedAvg's ledger after a round: (ε, δ) spent so far (see sim/privacy/dp). */
	| {
			type: 'privacySpent';
			t: number;
			round: number;
			mode: 'central' | 'local';
			/** ε at `delta` after this round (Infinity when σ = 0). */
			epsilon: number;
			delta: number;
			/** Std of the noise added to the aggregate (central) or to each update (local). */
			noiseStd: number;
			/** Clients whose delta was clipped this round, out of `clients`. */
			clipped: number;
			clients: number;
	  }
	/** Secure aggregation of a round (Bonawitz et al. 2017): unmasked, or refused with a reason. */
	| {
			type: 'secureAggregation';
			t: number;
			round: number;
			/** Clients that shared keys (selected) and clients whose masked update arrived. */
			clients: number;
			survivors: number;
			/** t of Shamir's t-of-n. */
			threshold: number;
			/** Dropped clients whose masks were reconstructed from the survivors' shares. */
			recovered: readonly number[];
			/** Bytes of the protocol's extra messages this round (keys, shares, unmasking). */
			extraBytes: number;
			ok: boolean;
			reason?: string;
	  }
	| { type: 'finished'; t: number; rounds: number };

export type SimEventType = SimEvent['type'];
export type EventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;
