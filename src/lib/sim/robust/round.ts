/**
 * The server's aggregation step under attack: FedAvg *given* an aggregator (see STYLE.md).
 *
 * The rules are defined on updates, so everything here works on deltas δ_k = w_k − w (a client's
 * model minus the global model it started from). The Byzantine clients' deltas are replaced by what
 * their attack sends (a label-flip attacker's delta is already poisoned by its training), the chosen
 * rule combines the deltas, and the global model moves by the result. The mean is FedAvg verbatim:
 * the n_k-weighted mean of the sent models, which equals w + the weighted mean of the deltas.
 *
 * Non-finite updates never reach the model silently: the mean takes them in and the engine's
 * evaluation reports the run as diverged; every other rule discards them and says so in the
 * `aggregated` event. With `project`, the round's sent updates and every rule's aggregate are
 * projected to 2-D (see projection.ts) for the view of the chapter. The view works on a seeded
 * random sample of at most `VIEW_COORDINATES` coordinates, so that it costs the same few
 * milliseconds at any model size: the coordinate-wise rules (mean, median, trimmed mean) land
 * exactly where they would on the whole vectors, the distance-based ones (Krum, the geometric
 * medians) are computed on the sample, and the rule the server really uses is shown exactly.
 */
import {
	aggregateWith,
	aggregatorNames,
	aggregators,
	checkAggregator,
	type AggregatorName,
	type RuleContext
} from './aggregate';
import { weightedMean } from './aggregate/mean';
import type { ClientUpdate } from './aggregate/types';
import { isFiniteVector } from './aggregate/vectors';
import { craftUpdates, labelMapFor } from './attacks';
import type { EngineContext } from '../core/context';
import type { EventOf } from '../core/events';
import { projectUpdates } from './projection';
import type { Rng } from '../core/rng';
import type { AggregatorSpec, AttackSpec } from '../core/schema';

export interface RobustRoundInput {
	/** The global model the clients started from. */
	readonly global: Float32Array;
	/** The clients' trained models. */
	readonly updates: readonly ClientUpdate[];
	readonly isByzantine: (client: number) => boolean;
	/** B, the Byzantine clients of the whole population: a round may hold up to min(B, n). */
	readonly byzantineTotal: number;
	readonly attack: AttackSpec;
	readonly aggregator: AggregatorSpec;
	/** Random streams by purpose (the engine's `ctx.rng`). */
	readonly rng: (purpose: string) => Rng;
	readonly round: number;
	/** Also compute the 2-D view of the round. */
	readonly project: boolean;
}

export type RoundProjection = Omit<EventOf<'updatesProjected'>, 'type' | 't' | 'round'>;

/**
 * The 2-D view uses at most this many coordinates of the updates (a seeded sample, re-drawn each
 * round): computing all seven rules on whole vectors costs about 0.2 s a round at 51k parameters.
 */
export const VIEW_COORDINATES = 4096;

export interface RobustRoundResult {
	/** The new global model. */
	readonly global: Float32Array;
	readonly rule: AggregatorName;
	/** Clients whose update the rule left out entirely: non-finite ones, Krum's unselected ones. */
	readonly discarded: number[];
	/** Clients that sent NaN or infinite values. */
	readonly nonFinite: number[];
	/** The update each client sent (deltas), by position in `updates`. */
	readonly sent: readonly Float32Array[];
	readonly projection?: RoundProjection;
}

const sub = (a: Float32Array, b: Float32Array) => a.map((x, i) => x - (b[i] as number));
const add = (a: Float32Array, b: Float32Array) => a.map((x, i) => x + (b[i] as number));

/** One aggregation under attack (pure: all randomness from `input.rng`). */
export function robustRound(input: RobustRoundInput): RobustRoundResult {
	const { global: g, updates, aggregator, round } = input;
	const n = updates.length;
	const byz = updates.map((u) => input.isByzantine(u.client));
	const deltas = updates.map((u) => sub(u.weights, g));
	const own = deltas.filter((_, i) => byz[i]);
	const crafted = own.length
		? craftUpdates(input.attack, {
				own,
				honest: deltas.filter((_, i) => !byz[i]),
				rng: input.rng(`attack/${round}`)
			})
		: [];
	let j = 0;
	const sent = deltas.map((d, i) => (byz[i] ? (crafted[j++] as Float32Array) : d));
	const finite = sent.map((s) => isFiniteVector(s));
	const nonFinite = updates.filter((_, i) => !finite[i]).map((u) => u.client);
	const q = Math.min(input.byzantineTotal, n);
	const samples = updates.map((u) => u.samples);

	let next: Float32Array;
	let chosen: Float32Array | null = null;
	const discarded = new Set<number>();
	if (aggregator.kind === 'mean') {
		// FedAvg verbatim: honest models untouched, so with no attacker this is meanAggregate(updates)
		next = weightedMean(
			updates.map((u, i) => (byz[i] ? add(g, sent[i] as Float32Array) : u.weights)),
			samples
		);
		if (!nonFinite.length) chosen = sub(next, g);
	} else {
		const keep = sent.map((_, i) => i).filter((i) => finite[i]);
		for (const c of nonFinite) discarded.add(c);
		if (!keep.length) next = g.slice();
		else {
			const ctx: RuleContext = {
				samples: keep.map((i) => samples[i] as number),
				byzantine: q,
				rng: input.rng(`aggregate/${round}`)
			};
			const r = aggregateWith(
				aggregator,
				keep.map((i) => sent[i] as Float32Array),
				ctx
			);
			for (const x of r.excluded ?? [])
				discarded.add((updates[keep[x] as number] as ClientUpdate).client);
			chosen = r.aggregate;
			next = add(g, r.aggregate);
		}
	}
	return {
		global: next,
		rule: aggregator.kind,
		discarded: [...discarded].sort((a, b) => a - b),
		nonFinite,
		sent,
		...(input.project && { projection: projectRound(input, sent, finite, chosen, q) })
	};
}

/** The 2-D view: the finite sent updates and where every applicable rule's aggregate lands. */
function projectRound(
	input: RobustRoundInput,
	sent: readonly Float32Array[],
	finite: readonly boolean[],
	chosen: Float32Array | null,
	q: number
): RoundProjection {
	const keep = sent.map((_, i) => i).filter((i) => finite[i]);
	const d = sent[0]?.length ?? 0;
	const coords =
		d > VIEW_COORDINATES
			? input
					.rng(`view/${input.round}/coordinates`)
					.sample(d, VIEW_COORDINATES)
					.sort((a, b) => a - b)
			: null;
	const pick = (v: Float32Array) => (coords ? Float32Array.from(coords, (i) => v[i] as number) : v);
	const vectors = keep.map((i) => pick(sent[i] as Float32Array));
	const rules: AggregatorName[] = [];
	const aggregates: Float32Array[] = [];
	const allFinite = keep.length === sent.length;
	for (const name of aggregatorNames) {
		let a: Float32Array | null = null;
		if (name === input.aggregator.kind) a = chosen && pick(chosen);
		else if (vectors.length && (name !== 'mean' || allFinite)) {
			const spec = aggregators[name].defaults;
			const shape = { n: vectors.length, q: Math.min(q, vectors.length) };
			if (!checkAggregator(spec, shape).errors.length)
				a = aggregateWith(spec, vectors, {
					samples: keep.map((i) => (input.updates[i] as ClientUpdate).samples),
					byzantine: shape.q,
					rng: input.rng(`view/${input.round}/${name}`)
				}).aggregate;
		}
		if (a && isFiniteVector(a)) {
			rules.push(name);
			aggregates.push(a);
		}
	}
	const p = projectUpdates(vectors, aggregates, input.rng(`projection/${input.round}`));
	return {
		points: keep.map((i, k) => {
			const client = (input.updates[i] as ClientUpdate).client;
			const pt = p.points[k] ?? { x: 0, y: 0 };
			return { client, x: pt.x, y: pt.y, byzantine: input.isByzantine(client) };
		}),
		aggregates: rules.map((rule, k) => ({ rule, ...(p.extras[k] ?? { x: 0, y: 0 }) })),
		explained: p.explained,
		coordinates: coords ? coords.length : d
	};
}

/** Aggregates a synchronous round in the engine: sets `ctx.global`, emits `aggregated` and the 2-D view. */
export function aggregateRound(
	ctx: EngineContext,
	round: number,
	global: Float32Array,
	updates: readonly ClientUpdate[]
): RobustRoundResult {
	const s = ctx.scenario;
	const r = robustRound({
		global,
		updates,
		isByzantine: (k) => ctx.clients[k]?.byzantine ?? false,
		byzantineTotal: ctx.clients.filter((c) => c.byzantine).length,
		attack: s.byzantine.attack,
		aggregator: s.aggregator,
		rng: (purpose) => ctx.rng(purpose),
		round,
		project: s.byzantine.fraction > 0 || s.byzantine.project
	});
	ctx.global = r.global;
	ctx.emit({
		type: 'aggregated',
		round,
		contributors: updates.map((u) => u.client),
		rule: r.rule,
		discarded: r.discarded,
		nonFinite: r.nonFinite
	});
	if (r.projection) ctx.emit({ type: 'updatesProjected', round, ...r.projection });
	return r;
}

/** The labels client `k` trains on: flipped for a label-flip attacker, untouched (undefined) else. */
export function trainingLabelMap(
	ctx: EngineContext,
	k: number
): ((label: number) => number) | undefined {
	return labelMapFor(
		ctx.scenario.byzantine.attack,
		ctx.clients[k]?.byzantine ?? false,
		ctx.numClasses
	);
}
