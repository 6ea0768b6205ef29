/**
 * The pre-aggregation steps, by name: run on the round's updates before the rule, so that any step
 * composes with any rule (`preAggregate → aggregator`). Each output vector comes from a set of
 * input updates (`sources`): one-to-one for clipping, the neighbours for NNM, the bucket for
 * bucketing. The rule's f stays the scenario's q: after bucketing, q attackers can still spoil up
 * to q buckets.
 */
import type { Rng } from '../../core/rng';
import type { PreAggregateSpec } from '../../core/schema';
import { clipToNorm, l2norm } from '../aggregate/norm-clip';
import { bucketing } from './bucketing';
import { nearestNeighbourMixing } from './nnm';

export type PreAggregateName = PreAggregateSpec['kind'];

export interface PreAggregateEntry {
	readonly label: string;
	readonly paper: string;
	readonly summary: string;
	readonly defaults: PreAggregateSpec;
}

export const preAggregates = {
	none: {
		label: 'None',
		paper: '',
		summary: 'The rule sees the updates as sent.',
		defaults: { kind: 'none' }
	},
	nnm: {
		label: 'Nearest-neighbour mixing (NNM)',
		paper: 'Allouah et al. 2023, arXiv:2302.01772',
		summary: 'Replace each update by the mean of its n − f nearest neighbours (itself included).',
		defaults: { kind: 'nnm' }
	},
	bucketing: {
		label: 'Bucketing',
		paper: 'Karimireddy, He, Jaggi 2022, arXiv:2006.09365',
		summary: 'Shuffle, average buckets of s updates; the rule sees ⌈n/s⌉ bucket means.',
		defaults: { kind: 'bucketing', size: 2 }
	},
	clip: {
		label: 'Norm clipping',
		paper: 'Sun et al. 2019, arXiv:1911.07963',
		summary: 'Scale every update longer than τ down to length τ.',
		defaults: { kind: 'clip', threshold: 1 }
	}
} satisfies Record<PreAggregateName, PreAggregateEntry>;

export const preAggregateNames = Object.keys(preAggregates) as PreAggregateName[];

export interface PreAggregated {
	readonly vectors: readonly Float32Array[];
	/** n_k of each output (the sum over its sources for a bucket). */
	readonly samples: readonly number[];
	/** For each output, the inputs it is made of. */
	readonly sources: readonly (readonly number[])[];
	/** Per input: its norm before clipping (clip only). */
	readonly norms?: readonly number[];
}

/** How many vectors the rule sees after the step `spec` on n updates. */
export function preAggregatedCount(spec: PreAggregateSpec, n: number): number {
	return spec.kind === 'bucketing' ? Math.ceil(n / spec.size) : n;
}

/** Runs the step `spec` on `vectors` (q: the Byzantine updates a round may hold). */
export function preAggregate(
	spec: PreAggregateSpec,
	vectors: readonly Float32Array[],
	samples: readonly number[],
	q: number,
	rng: Rng
): PreAggregated {
	const one = vectors.map((_, i) => [i]);
	switch (spec.kind) {
		case 'none':
			return { vectors, samples, sources: one };
		case 'clip':
			return {
				vectors: vectors.map((v) => clipToNorm(v, spec.threshold)),
				samples,
				sources: one,
				norms: vectors.map(l2norm)
			};
		case 'nnm': {
			const r = nearestNeighbourMixing(vectors, spec.f ?? q);
			return { vectors: r.vectors, samples, sources: r.neighbours };
		}
		case 'bucketing': {
			const r = bucketing(vectors, spec.size, rng);
			return {
				vectors: r.vectors,
				samples: r.buckets.map((b) => b.reduce((s, i) => s + (samples[i] as number), 0)),
				sources: r.buckets
			};
		}
	}
}
