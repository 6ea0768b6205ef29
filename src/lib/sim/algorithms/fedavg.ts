/**
 * Federated averaging — McMahan, Moore, Ramage, Hampson, Agüera y Arcas 2017,
 * "Communication-Efficient Learning of Deep Networks from Decentralized Data", arXiv:1602.05629.
 *
 * Each round the server samples m = max(⌊C·K⌋, 1) of the K clients, ships them the global model,
 * each runs E epochs of mini-batch SGD (batch B; B = full and E = 1 is FedSGD) on its own data,
 * sends its model back, and the server replaces the global model by the n_k-weighted mean of the
 * returned models. Clients train in parallel on the simulated clock, so a round lasts as long as
 * its slowest client; the model is evaluated on the held-out test set after every round.
 */
import { meanAggregate } from '../aggregate/mean';
import type { ClientUpdate } from '../aggregate/types';
import type { EngineContext } from '../engine';
import type { Scenario } from '../scenario';
import type { Algorithm } from './types';

type FedAvgSpec = Extract<Scenario['algorithm'], { kind: 'fedavg' }>;

/** m = max(⌊C·K⌋, 1): how many clients a round samples. */
export function clientsPerRound(clientFraction: number, clients: number): number {
	return Math.max(Math.floor(clientFraction * clients + 1e-9), 1);
}

export function createFedAvg(scenario: Scenario): Algorithm {
	const spec = scenario.algorithm as FedAvgSpec;
	return {
		start(ctx) {
			startRound(ctx, spec, 1);
		}
	};
}

function startRound(ctx: EngineContext, spec: FedAvgSpec, round: number): void {
	if (round > ctx.scenario.rounds) return ctx.finish(round - 1);
	const m = clientsPerRound(spec.clientFraction, ctx.clients.length);
	const selected = ctx
		.rng(`select/${round}`)
		.sample(ctx.clients.length, m)
		.sort((a, b) => a - b);
	ctx.emit({ type: 'roundStarted', round, selected });
	const global = ctx.global;
	const updates: ClientUpdate[] = [];
	for (const k of selected) {
		ctx.send('model', 'server', k, ctx.modelBytes, round, async () => {
			const client = ctx.clients[k];
			if (!client) return;
			const samples = client.indices.length * spec.localEpochs;
			const duration = ctx.trainTime(k, samples);
			ctx.emit({ type: 'trainingStarted', round, client: k, samples, duration });
			const result = await ctx.trainer.train(global, {
				indices: client.indices,
				epochs: spec.localEpochs,
				batchSize: spec.batchSize,
				learningRate: spec.learningRate,
				rng: ctx.rng(`train/${round}/${k}`)
			});
			ctx.schedule(duration, () => {
				ctx.emit({ type: 'trainingFinished', round, client: k, samples, loss: result.loss });
				ctx.send('update', k, 'server', ctx.modelBytes, round, async () => {
					updates.push({ client: k, weights: result.weights, samples: client.indices.length });
					if (updates.length < selected.length) return;
					updates.sort((a, b) => a.client - b.client); // arrival order must not change the sum
					ctx.global = meanAggregate(updates);
					ctx.emit({ type: 'aggregated', round, contributors: selected, rule: 'mean' });
					if (await ctx.evaluate(round)) ctx.schedule(0, () => startRound(ctx, spec, round + 1));
				});
			});
		});
	}
}
