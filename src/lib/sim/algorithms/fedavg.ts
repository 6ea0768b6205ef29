/**
 * Federated averaging — McMahan, Moore, Ramage, Hampson, Agüera y Arcas 2017,
 * "Communication-Efficient Learning of Deep Networks from Decentralized Data", arXiv:1602.05629.
 *
 * Each round the server samples m = max(⌊C·K⌋, 1) of the K clients, ships them the global model,
 * each runs E epochs of mini-batch SGD (batch B; B = full and E = 1 is FedSGD) on its own data,
 * sends its model back, and the server replaces the global model by the n_k-weighted mean of the
 * returned models. Clients train in parallel on the simulated clock, so a round lasts as long as
 * its slowest client; the model is evaluated on the held-out test set after every round.
 *
 * On unreliable devices (see client-work.ts) the server samples among the clients that are online
 * and not still busy, and a round closes as soon as nothing more can come. Waiting for every
 * selected client makes everyone wait for the slowest (the straggler effect); a `deadline` closes
 * the round early and drops late updates, and `overSelection` > 1 asks ⌈m·overSelection⌉ clients
 * and keeps the first m updates — the remedy of Bonawitz et al. 2019, "Towards Federated Learning
 * at Scale: System Design", arXiv:1902.01046.
 *
 * Robust FL is FedAvg *given* an aggregator: the scenario's `aggregator` (the mean is exactly the
 * rule above) combines the round's updates after the Byzantine clients' attack (../byzantine.ts).
 */
import type { ClientUpdate } from '../robust/aggregate/types';
import {
	aggregateRound,
	serverReference,
	trainingBackdoor,
	trainingLabelMap
} from '../robust/round';
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { createServerOptimizer, serverStep, type ServerOptimizer } from '../optimize';
import { ClientDrift } from '../optimize/client-drift';
import { privacyActive, privateRound } from '../privacy/round';
import { clientLabelMap, personalRound } from '../personal/evaluate-clients';
import { createIfca } from '../personal/ifca';
import { composeLabelMaps } from '../personal/label-groups';
import { runClient } from './client-work';
import { clientsAsked, clientsPerRound } from './sampling';
import type { Algorithm } from './types';

type FedAvgSpec = Extract<Scenario['algorithm'], { kind: 'fedavg' }>;

/** What the server remembers between rounds. */
interface ServerState {
	/** Clients still working on an earlier round's job (after a deadline): not selected again. */
	readonly busy: Set<number>;
	/** A round that found nobody to select: it starts when a client comes back or finishes. */
	waiting: { readonly round: number } | null;
	/** The server optimizer with its state; null: plain FedAvg (see optimize/index.ts). */
	readonly server: ServerOptimizer | null;
	/** FedProx, SCAFFOLD, FedNova (see optimize/client-drift.ts); neutral by default. */
	readonly drift: ClientDrift;
}

export function createFedAvg(scenario: Scenario): Algorithm {
	const spec = scenario.algorithm as FedAvgSpec;
	if (spec.clusters > 1) return createIfca(spec); // IFCA: k models (../personal/ifca.ts)
	const state: ServerState = {
		busy: new Set(),
		waiting: null,
		server: createServerOptimizer(scenario.serverOptimizer),
		drift: new ClientDrift(spec, scenario.clients)
	};
	return {
		start(ctx) {
			startRound(ctx, spec, state, 1);
		}
	};
}

function startRound(ctx: EngineContext, spec: FedAvgSpec, state: ServerState, round: number): void {
	if (round > ctx.scenario.rounds) return ctx.finish(round - 1);
	const { busy } = state;
	const available = ctx.clients.map((c) => c.id).filter((k) => ctx.isOnline(k) && !busy.has(k));
	if (!available.length) return waitForClients(ctx, spec, state, round);
	const m = clientsPerRound(spec.clientFraction, ctx.clients.length);
	const selected = ctx
		.rng(`select/${round}`)
		.sample(available.length, clientsAsked(m, spec.overSelection))
		.map((i) => available[i] as number)
		.sort((a, b) => a - b);
	const needed = Math.min(m, selected.length);
	ctx.emit({ type: 'roundStarted', round, selected });
	const global = ctx.global;
	const drift = state.drift.round(ctx, global);
	const updates: ClientUpdate[] = [];
	let pending = selected.length;
	let closedBy: string | null = null;
	const close = async (why: string) => {
		if (closedBy !== null) return;
		closedBy = why;
		updates.sort((a, b) => a.client - b.client); // arrival order must not change the sum
		drift.normalize(updates); // FedNova
		// the scenario's aggregator (mean = FedAvg) on the deltas, after the Byzantine clients' attack
		// secure aggregation / DP-FedAvg (../privacy/round.ts) in place of the robust round
		if (updates.length && privacyActive(ctx.scenario))
			privateRound(ctx, round, global, updates, selected);
		else if (updates.length) {
			const reference = await serverReference(ctx, round, global, localJob(spec)); // FLTrust only
			aggregateRound(ctx, round, global, updates, reference);
		}
		// the server optimizer turns the aggregate's Δ into the step (none: plain FedAvg)
		if (updates.length && state.server) ctx.global = serverStep(state.server, global, ctx.global);
		drift.commit(updates); // SCAFFOLD's server control variate
		// then each client's own test split, if asked (../personal/evaluate-clients.ts)
		if ((await ctx.evaluate(round)) && (await personalRound(ctx, round)))
			ctx.schedule(0, () => startRound(ctx, spec, state, round + 1));
	};
	const free = (k: number) => {
		busy.delete(k);
		pending--;
		const wait = state.waiting;
		if (wait) ctx.schedule(0, () => resume(ctx, spec, state, wait));
	};
	if (spec.deadline > 0)
		ctx.schedule(spec.deadline, () => close('it arrived after the round deadline'));
	for (const k of selected) {
		const client = ctx.clients[k];
		if (!client) continue;
		busy.add(k);
		runClient(ctx, {
			client: k,
			round,
			model: global,
			payload: drift.payload,
			fit: drift.fit(k),
			job: {
				...drift.job(k),
				epochs: spec.localEpochs,
				...(spec.localSteps > 0 && { steps: spec.localSteps }),
				batchSize: spec.batchSize,
				learningRate: spec.learningRate,
				rng: ctx.rng(`train/${round}/${k}`),
				labelMap: composeLabelMaps(clientLabelMap(ctx, k), trainingLabelMap(ctx, k)),
				backdoor: trainingBackdoor(ctx, k)
			},
			onUpdate: (result, done) => {
				free(k);
				if (closedBy !== null)
					return ctx.emit({ type: 'updateDropped', round, client: k, reason: closedBy });
				updates.push({ client: k, weights: result.weights, samples: client.indices.length });
				drift.received(k, result, done, client.indices.length);
				if (updates.length >= needed) return close('the round already had its m updates');
				if (pending === 0) return close('the round had closed');
			},
			onFail: () => {
				free(k);
				if (pending === 0) return close('the round had closed');
			}
		});
	}
}

/** The local training settings every client (and FLTrust's server) uses. */
function localJob(spec: FedAvgSpec) {
	return {
		epochs: spec.localEpochs,
		batchSize: spec.batchSize,
		learningRate: spec.learningRate,
		...(spec.localSteps > 0 && { steps: spec.localSteps })
	};
}

/** Nobody can train now: try again when a client comes back online or finishes its old job. */
function waitForClients(
	ctx: EngineContext,
	spec: FedAvgSpec,
	state: ServerState,
	round: number
): void {
	const back = Math.min(
		...ctx.clients.map((c) => (state.busy.has(c.id) ? Infinity : ctx.nextOnline(c.id)))
	);
	if (back === Infinity && !state.busy.size) return ctx.finish(round - 1);
	const wait = { round };
	state.waiting = wait;
	if (back < Infinity) ctx.schedule(back - ctx.now, () => resume(ctx, spec, state, wait));
}

/** Starts the waiting round, once, whichever wake-up comes first. */
function resume(
	ctx: EngineContext,
	spec: FedAvgSpec,
	state: ServerState,
	wait: { readonly round: number }
): void {
	if (state.waiting !== wait) return;
	state.waiting = null;
	startRound(ctx, spec, state, wait.round);
}
