/**
 * What the server can say about each update it received, for the message card of the graph: its
 * L2 norm, its L2 distance to the round's mean update, and for an attacker the norm of what it
 * trained honestly before the attack rewrote it. One pass over each vector, plus one weighted mean.
 */
import type { UpdateFigures } from '../core/events';
import { weightedMean } from './aggregate/mean';
import { squaredDistance } from './aggregate/vectors';

/** ‖v‖₂, accumulated in double precision. */
export function l2(v: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
	return Math.sqrt(s);
}

export interface FiguresInput {
	readonly clients: readonly number[];
	/** The updates as received (deltas, after the attack), by position. */
	readonly sent: readonly Float32Array[];
	/** ‖sent[i]‖₂ when the caller has them already. */
	readonly norms?: readonly number[];
	/** The updates as trained (deltas, before the attack), by position. */
	readonly trained: readonly Float32Array[];
	/** n_k of each update: the mean's weights. */
	readonly samples: readonly number[];
	readonly finite: readonly boolean[];
	readonly byzantine: readonly boolean[];
}

/**
 * One `UpdateFigures` per update: the distance is to the n_k-weighted mean of the finite received
 * updates (FedAvg's mean of the deltas), left out for a non-finite update or when no finite update
 * has weight.
 */
export function updateFigures(input: FiguresInput): UpdateFigures[] {
	const keep = input.sent.map((_, i) => i).filter((i) => input.finite[i]);
	const weights = keep.map((i) => input.samples[i] ?? 0);
	const mean =
		keep.length && weights.reduce((a, b) => a + b, 0) > 0
			? weightedMean(
					keep.map((i) => input.sent[i] as Float32Array),
					weights
				)
			: null;
	return input.sent.map((s, i) => ({
		client: input.clients[i] as number,
		norm: input.norms?.[i] ?? l2(s),
		...(mean && input.finite[i] && { distance: Math.sqrt(squaredDistance(s, mean)) }),
		...(input.byzantine[i] && { trainedNorm: l2(input.trained[i] as Float32Array) })
	}));
}
