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
import { backdoorTrigger, inputShapeOf } from './attacks/backdoor';
import { preAggregate as runPreAggregate } from './pre-aggregate';
import type { EngineContext } from '../core/context';
import type { EventOf, UpdateFigures } from '../core/events';
import { projectUpdates } from './projection';
import { l2, updateFigures } from './update-figures';
import type { Rng } from '../core/rng';
import type { AggregatorSpec, AttackSpec, PreAggregateSpec, Scenario } from '../core/schema';
import type { TrainJob, Trigger } from '../core/trainer';

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
	/** The step before the rule (NNM, bucketing, clipping); absent or "none": the rule sees `sent`. */
	readonly preAggregate?: PreAggregateSpec;
	/** The previous round's aggregate (centred clipping's centre). */
	readonly previous?: Float32Array;
	/** The server's own update on its root set (FLTrust). */
	readonly reference?: Float32Array;
}

/** Why the pipeline treated each client as it did: one figure per client, per measure. */
export type RoundWhy = NonNullable<EventOf<'aggregated'>['why']>;

export type RoundProjection = Omit<EventOf<'updatesProjected'>, 'type' | 't' | 'round'>;

/**
 * The 2-D view uses at most this many coordinates of the updates (a seeded sample, re-drawn each
 * round): computing all seven rules on whole vectors costs about 0.2 s a round at 51k parameters.
 */
export const VIEW_COORDINATES = 4096;

/**
 * The rules the view always shows (the first seven: cheap on 4,096 coordinates); the later ones
 * (Bulyan's repeated Krum, FLTrust's server update, …) appear only when they are the chosen rule.
 */
const VIEW_RULES = new Set<AggregatorName>([
	'mean',
	'median',
	'trimmedMean',
	'krum',
	'multiKrum',
	'geometricMedian',
	'medianOfMeans'
]);

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
	/** The aggregate delta applied to the model (null when non-finite updates reached the mean). */
	readonly aggregate: Float32Array | null;
	readonly why: RoundWhy;
	/** Each received update's norm and distance to the round's mean (the message card's figures). */
	readonly figures: readonly UpdateFigures[];
	readonly projection?: RoundProjection;
}

// plain loops: `Float32Array.map` with a callback costs ~3× as much at 200k coordinates
function sub(a: Float32Array, b: Float32Array): Float32Array {
	const out = new Float32Array(a.length);
	for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
	return out;
}
function add(a: Float32Array, b: Float32Array): Float32Array {
	const out = new Float32Array(a.length);
	for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + (b[i] as number);
	return out;
}

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
	// one pass a vector: its norm, which is finite exactly when every value is (float32 squares
	// summed in double cannot overflow), is also the message card's figure
	const norms = sent.map((s) => l2(s));
	const finite = norms.map((x) => Number.isFinite(x));
	const nonFinite = updates.filter((_, i) => !finite[i]).map((u) => u.client);
	const q = Math.min(input.byzantineTotal, n);
	const samples = updates.map((u) => u.samples);

	let next: Float32Array;
	let chosen: Float32Array | null = null;
	const discarded = new Set<number>();
	const why: { measure: string; values: { client: number; value: number }[] }[] = [];
	const pre = input.preAggregate ?? { kind: 'none' };
	if (aggregator.kind === 'mean' && pre.kind === 'none') {
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
			const stepped = runPreAggregate(
				pre,
				keep.map((i) => sent[i] as Float32Array),
				keep.map((i) => samples[i] as number),
				q,
				input.rng(`preAggregate/${round}`)
			);
			const clientOf = (k: number) => (updates[keep[k] as number] as ClientUpdate).client;
			// an output of the step stands for these clients: its bucket, or the one it came from
			const clientsOf = (x: number) =>
				pre.kind === 'bucketing' ? (stepped.sources[x] ?? []).map(clientOf) : [clientOf(x)];
			if (stepped.norms)
				why.push({
					measure: `norm before clipping (τ = ${pre.kind === 'clip' ? pre.threshold : ''})`,
					values: stepped.norms.map((value, k) => ({ client: clientOf(k), value }))
				});
			const ctx: RuleContext = {
				samples: stepped.samples,
				byzantine: q,
				rng: input.rng(`aggregate/${round}`),
				...(input.previous && { previous: input.previous }),
				...(input.reference && { reference: input.reference })
			};
			const r = aggregateWith(aggregator, stepped.vectors, ctx);
			for (const x of r.excluded ?? []) for (const c of clientsOf(x)) discarded.add(c);
			if (r.why)
				why.push({
					measure: r.why.measure,
					values: r.why.values.flatMap((value, x) =>
						clientsOf(x).map((client) => ({ client, value }))
					)
				});
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
		aggregate: chosen,
		why,
		figures: updateFigures({
			clients: updates.map((u) => u.client),
			sent,
			norms,
			trained: deltas,
			samples,
			finite,
			byzantine: byz
		}),
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
		else if (!VIEW_RULES.has(name)) continue;
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

/**
 * The last aggregate of each run (keyed by its client list, fixed for the engine's life): the
 * centre of centred clipping.
 */
const previousAggregates = new WeakMap<object, Float32Array>();

/** FLTrust's root set for a run: `rootSize` seeded indices drawn from the clients' data. */
const rootSets = new WeakMap<object, Int32Array>();

/**
 * The server's reference update for FLTrust (w after local training on the root set, minus w);
 * undefined for every other rule. Trains with the algorithm's local settings.
 */
export async function serverReference(
	ctx: EngineContext,
	round: number,
	global: Float32Array,
	job: Pick<TrainJob, 'epochs' | 'batchSize' | 'learningRate' | 'steps'>
): Promise<Float32Array | undefined> {
	const spec = ctx.scenario.aggregator;
	if (spec.kind !== 'fltrust') return undefined;
	let root = rootSets.get(ctx.clients);
	if (!root) {
		const pool = ctx.clients.flatMap((c) => Array.from(c.indices));
		const picked = ctx
			.rng('fltrust/root')
			.sample(pool.length, Math.min(spec.rootSize, pool.length));
		root = Int32Array.from(picked, (i) => pool[i] as number).sort();
		rootSets.set(ctx.clients, root);
	}
	const r = await ctx.trainer.train(global, {
		...job,
		indices: root,
		rng: ctx.rng(`fltrust/train/${round}`)
	});
	return sub(r.weights, global);
}

/** Aggregates a synchronous round in the engine: sets `ctx.global`, emits `aggregated` and the 2-D view. */
export function aggregateRound(
	ctx: EngineContext,
	round: number,
	global: Float32Array,
	updates: readonly ClientUpdate[],
	reference?: Float32Array
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
		project: s.byzantine.fraction > 0 || s.byzantine.project,
		preAggregate: s.preAggregate,
		...(previousAggregates.get(ctx.clients) && { previous: previousAggregates.get(ctx.clients) }),
		...(reference && { reference })
	});
	if (r.aggregate) previousAggregates.set(ctx.clients, r.aggregate);
	ctx.global = r.global;
	ctx.emit({
		type: 'aggregated',
		round,
		contributors: updates.map((u) => u.client),
		rule: r.rule,
		discarded: r.discarded,
		nonFinite: r.nonFinite,
		...(s.preAggregate.kind !== 'none' && { preAggregate: s.preAggregate.kind }),
		...(r.why.length && { why: r.why }),
		updates: r.figures,
		...(attackIn(ctx, updates) && { attack: attackParams(s.byzantine.attack) })
	});
	if (r.projection) ctx.emit({ type: 'updatesProjected', round, ...r.projection });
	return r;
}

/** Some of the round's updates come from Byzantine clients. */
function attackIn(ctx: EngineContext, updates: readonly ClientUpdate[]): boolean {
	return updates.some((u) => ctx.clients[u.client]?.byzantine);
}

/** An attack spec as the `aggregated` event carries it: its kind and its other fields. */
export function attackParams(spec: AttackSpec): NonNullable<EventOf<'aggregated'>['attack']> {
	const { kind, ...params } = spec;
	return { kind, params };
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

/** The backdoor trigger of a scenario whose Byzantine clients plant one; null otherwise. */
export function scenarioTrigger(s: Scenario): Trigger | null {
	const a = s.byzantine.attack;
	if (a.kind !== 'backdoor' || !(s.byzantine.fraction > 0)) return null;
	return backdoorTrigger(inputShapeOf(s.dataset), a.target);
}

/** The backdoor poisoning client `k` trains with: stamped, relabelled digits for an attacker. */
export function trainingBackdoor(ctx: EngineContext, k: number): TrainJob['backdoor'] {
	const a = ctx.scenario.byzantine.attack;
	if (a.kind !== 'backdoor' || !ctx.clients[k]?.byzantine) return undefined;
	const trigger = scenarioTrigger(ctx.scenario);
	return trigger ? { trigger, fraction: a.poisonFraction } : undefined;
}
