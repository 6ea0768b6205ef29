/**
 * IFCA, the Iterative Federated Clustering Algorithm — Ghosh, Chung, Yin, Ramchandran 2020, "An
 * Efficient Framework for Clustered Federated Learning", arXiv:2006.04088 (model averaging
 * variant, Algorithm 2).
 *
 * The server keeps k models. Each round it sends all k to the sampled clients (k model-sized
 * vectors down, one up); each client picks the model with the lowest loss on its own training
 * data (here on up to `PICK_SAMPLES` of them), trains that one as in FedAvg, and returns it with
 * its choice; the server averages each model over the clients that chose it (n_k-weighted) and
 * leaves a model nobody chose unchanged. Model 0 starts from the engine's initial model, the others
 * from their own seeded draws (different starts are what lets the clusters separate).
 *
 * It runs as FedAvg with `clusters` > 1. The engine's `evaluated` event reports model 0 on the
 * plain test set; what matters is `clientsEvaluated` (each client's chosen model on its own test
 * split) and `clustersAssigned`. Reliable devices only (no deadline): see optimize/checks.ts.
 */
import type { EngineContext } from '../core/context';
import type { AlgorithmSpec } from '../core/schema';
import { weightedMean } from '../robust/aggregate/mean';
import { runClient } from '../algorithms/client-work';
import { clientsPerRound } from '../algorithms/sampling';
import type { Algorithm } from '../algorithms/types';
import { clientLabelMap, evaluateClients } from './evaluate-clients';

type FedAvgSpec = Extract<AlgorithmSpec, { kind: 'fedavg' }>;

/** Training samples a client scores each cluster model on. */
export const PICK_SAMPLES = 256;

/** The cluster whose model has the lowest loss on client k's own data (ties: the lowest index). */
export async function pickCluster(
	ctx: EngineContext,
	k: number,
	models: readonly Float32Array[]
): Promise<number> {
	const trainer = ctx.trainer;
	const client = ctx.clients[k];
	if (!trainer.evaluateOn) throw new Error('IFCA needs a trainer with evaluateOn');
	if (!client) throw new Error(`no such client: ${k}`);
	const sample = client.indices.subarray(0, PICK_SAMPLES);
	let best = 0;
	let bestLoss = Infinity;
	for (let j = 0; j < models.length; j++) {
		const { loss } = await trainer.evaluateOn(
			models[j] as Float32Array,
			'train',
			sample,
			clientLabelMap(ctx, k)
		);
		if (loss < bestLoss) [best, bestLoss] = [j, loss];
	}
	return best;
}

export function createIfca(spec: FedAvgSpec): Algorithm {
	return {
		start(ctx) {
			const models = [ctx.global];
			for (let j = 1; j < spec.clusters; j++)
				models.push(ctx.trainer.initialWeights(ctx.rng(`ifca/init/${j}`)));
			startRound(ctx, spec, models, 1);
		}
	};
}

function startRound(
	ctx: EngineContext,
	spec: FedAvgSpec,
	models: Float32Array[],
	round: number
): void {
	if (round > ctx.scenario.rounds) return ctx.finish(round - 1);
	const available = ctx.clients.map((c) => c.id).filter((k) => ctx.isOnline(k));
	const m = Math.min(clientsPerRound(spec.clientFraction, ctx.clients.length), available.length);
	const selected = ctx
		.rng(`select/${round}`)
		.sample(available.length, m)
		.map((i) => available[i] as number)
		.sort((a, b) => a - b);
	ctx.emit({ type: 'roundStarted', round, selected });
	const sent = models.slice();
	const chosen = new Map<number, number>();
	const updates = new Map<number, { weights: Float32Array; samples: number }>();
	let pending = selected.length;
	const done = async () => {
		if (--pending > 0) return;
		for (let j = 0; j < models.length; j++) {
			const mine = [...updates].filter(([k]) => chosen.get(k) === j).sort((a, b) => a[0] - b[0]);
			if (mine.length)
				models[j] = weightedMean(
					mine.map(([, u]) => u.weights),
					mine.map(([, u]) => u.samples)
				);
		}
		ctx.global = models[0] as Float32Array;
		ctx.emit({
			type: 'aggregated',
			round,
			contributors: [...updates.keys()].sort((a, b) => a - b),
			rule: 'ifca'
		});
		ctx.emit({
			type: 'clustersAssigned',
			round,
			clusters: [...chosen]
				.sort((a, b) => a[0] - b[0])
				.map(([client, cluster]) => ({ client, cluster }))
		});
		if (!(await ctx.evaluate(round))) return;
		// every client is served by the model it would pick now (IFCA's inference rule)
		await evaluateClients(
			ctx,
			round,
			'cluster',
			async (k) => models[await pickCluster(ctx, k, models)] as Float32Array
		);
		ctx.schedule(0, () => startRound(ctx, spec, models, round + 1));
	};
	if (!selected.length) {
		pending = 1;
		return void done();
	}
	for (const k of selected) {
		const client = ctx.clients[k];
		if (!client) continue;
		ctx.schedule(0, async () => {
			const j = await pickCluster(ctx, k, sent);
			chosen.set(k, j);
			runClient(ctx, {
				client: k,
				round,
				model: sent[j] as Float32Array,
				payload: { down: models.length, up: 1 },
				job: {
					epochs: spec.localEpochs,
					...(spec.localSteps > 0 && { steps: spec.localSteps }),
					batchSize: spec.batchSize,
					learningRate: spec.learningRate,
					rng: ctx.rng(`train/${round}/${k}`),
					labelMap: clientLabelMap(ctx, k)
				},
				onUpdate: (result) => {
					updates.set(k, { weights: result.weights, samples: client.indices.length });
					return done();
				},
				onFail: () => done()
			});
		});
	}
}
