/**
 * A FedAvg round with the scenario's privacy defences, called by fedavg.ts in place of the robust
 * round when `privacy` asks for secure aggregation or DP (one hook, the logic here).
 *
 * Order of operations, as in the papers: each client clips its delta to S (and, in local DP, adds
 * its own noise) — dp/dp-fedavg.ts; with secure aggregation the clients mask the n_k-weighted
 * deltas and the server only unmasks their sum — secure-aggregation/protocol.ts; in central DP the
 * server then adds noise of σ·S times the largest weight to the mean (a trusted server; the
 * distributed-noise variants are not modelled). The accountant's ε is emitted after every round.
 *
 * Neutral settings change nothing: with DP at σ = 0 and an S no delta reaches, and no secure
 * aggregation, the new model is FedAvg's weighted mean of the very same client models.
 *
 * Simplification, said plainly: the secure-aggregation messages (keys, shares, unmasking) are sent
 * when the round closes rather than before training; their bytes are counted and drawn, and their
 * extra round trips are reported in the `secureAggregation` event, but they do not delay the round
 * on the simulated clock.
 */
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { clientsPerRound } from '../algorithms/sampling';
import type { ClientUpdate } from '../robust/aggregate/types';
import { weightedMean } from '../robust/aggregate/mean';
import { centralNoiseStd, localNoiseStd, privatizeDeltas } from './dp/dp-fedavg';
import { addGaussianNoise } from './dp/gaussian-noise';
import { epsilonAfter } from './epsilon-after';
import { secAggExtraBytes, secAggLegs } from './secure-aggregation/costs';
import { secureAggregate } from './secure-aggregation/protocol';

/** Whether the scenario turns on any privacy defence (then fedavg.ts calls `privateRound`). */
export function privacyActive(s: Scenario): boolean {
	return s.privacy.secureAggregation || s.privacy.dp !== undefined;
}

/** Rounds each client has taken part in, per run (local DP's worst-case ε). */
const participation = new WeakMap<EngineContext, Map<number, number>>();

/**
 * Aggregates a round under the privacy defences: sets `ctx.global`, emits `aggregated`,
 * `secureAggregation` (with its messages) and `privacySpent`.
 */
export function privateRound(
	ctx: EngineContext,
	round: number,
	global: Float32Array,
	updates: readonly ClientUpdate[],
	selected: readonly number[]
): void {
	const p = ctx.scenario.privacy;
	const dp = p.dp;
	const samples = updates.map((u) => u.samples);
	const deltas = updates.map((u) => u.weights.map((x, i) => x - (global[i] as number)));
	let sent: Float32Array[] = deltas;
	let clipped = 0;
	if (dp) {
		const r = privatizeDeltas(deltas, dp, (i) =>
			ctx.rng(`dp/${round}/${(updates[i] as ClientUpdate).client}`)
		);
		sent = r.deltas;
		clipped = r.clipped.filter(Boolean).length;
	}
	let mean: Float32Array | null = sent.some((d, i) => d !== deltas[i])
		? weightedMean(sent, samples)
		: null;
	if (p.secureAggregation) {
		const total = samples.reduce((a, b) => a + b, 0);
		const threshold = Math.ceil(p.threshold * selected.length - 1e-9);
		const input = {
			clients: selected,
			inputs: new Map(updates.map((u, i) => [u.client, sent[i] as Float32Array])),
			weights: new Map(updates.map((u) => [u.client, u.samples / total])),
			threshold,
			rng: ctx.rng(`secagg/${round}`)
		};
		let res: ReturnType<typeof secureAggregate>;
		try {
			res = secureAggregate(input);
		} catch (e) {
			// an update outside the fixed-point range (a diverging run): nothing can be unmasked
			res = { ok: false, reason: (e as Error).message, masked: new Map(), survivors: [] };
		}
		sendProtocolMessages(ctx, round, selected, res.survivors);
		const extra = secAggExtraBytes(selected.length, res.survivors.length);
		ctx.emit({
			type: 'secureAggregation',
			round,
			clients: selected.length,
			survivors: res.survivors.length,
			threshold,
			recovered: res.ok ? res.recovered : [],
			extraBytes: extra.up + extra.down,
			ok: res.ok,
			...(!res.ok && { reason: res.reason })
		});
		if (!res.ok) {
			// the server cannot unmask: the round leaves the model as it was
			ctx.emit({ type: 'aggregated', round, contributors: [], rule: 'mean' });
			return;
		}
		mean = res.sum;
	}
	let next = mean
		? global.map((g, i) => g + (mean[i] as number))
		: weightedMean(
				updates.map((u) => u.weights),
				samples
			);
	const std = dp ? centralNoiseStd(dp, samples) : 0;
	if (std > 0) next = addGaussianNoise(next, std, ctx.rng(`dp/${round}/server`));
	ctx.global = next;
	ctx.emit({ type: 'aggregated', round, contributors: updates.map((u) => u.client), rule: 'mean' });
	if (dp) {
		let steps = round;
		let q = clientsPerRound(
			ctx.scenario.algorithm.kind === 'fedavg' ? ctx.scenario.algorithm.clientFraction : 1,
			ctx.clients.length
		);
		q /= ctx.clients.length;
		if (dp.mode === 'local') {
			const counts = participation.get(ctx) ?? new Map<number, number>();
			participation.set(ctx, counts);
			for (const u of updates) counts.set(u.client, (counts.get(u.client) ?? 0) + 1);
			steps = Math.max(...counts.values());
			q = 1;
		}
		ctx.emit({
			type: 'privacySpent',
			round,
			mode: dp.mode,
			epsilon: epsilonAfter(dp, q, steps),
			delta: dp.delta,
			noiseStd: dp.mode === 'local' ? localNoiseStd(dp) : std,
			clipped,
			clients: updates.length
		});
	}
}

/** The protocol's extra messages, per client: keys and shares for all, unmasking for survivors. */
function sendProtocolMessages(
	ctx: EngineContext,
	round: number,
	selected: readonly number[],
	survivors: readonly number[]
): void {
	const legs = secAggLegs(selected.length, survivors.length);
	const alive = new Set(survivors);
	for (const k of selected) {
		for (const l of [...legs.all, ...(alive.has(k) ? legs.survivor : [])])
			ctx.send('secagg', l.up ? k : 'server', l.up ? 'server' : k, l.bytes, round);
	}
}
