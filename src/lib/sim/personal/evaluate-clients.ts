/**
 * Per-client evaluation for personalized FL: a model's accuracy on each client's own test split
 * (test-split.ts), labels seen through the client's group (label-groups.ts). "FedAvg + fine-tune"
 * (the local-adaptation baseline, e.g. Wang et al. 2019, "Federated Evaluation of On-device
 * Personalization", arXiv:1910.10252) trains the global model a few epochs on each client's own
 * data before measuring; the fine-tuning is a measurement and takes no simulated time.
 */
import type { EngineContext } from '../core/context';
import type { EventOf } from '../core/events';
import { groupLabelMap } from './label-groups';

type Model = EventOf<'clientsEvaluated'>['model'];

/** The labels client k trains and is tested on (its group's permutation), or undefined. */
export function clientLabelMap(ctx: EngineContext, k: number): ((y: number) => number) | undefined {
	return groupLabelMap(k, ctx.scenario.labelGroups, ctx.numClasses);
}

/** Evaluates `weightsOf(k)` on every client's own test split and emits `clientsEvaluated`. */
export async function evaluateClients(
	ctx: EngineContext,
	round: number,
	model: Model,
	weightsOf: (k: number) => Float32Array | Promise<Float32Array>
): Promise<void> {
	const trainer = ctx.trainer;
	if (!trainer.evaluateOn) throw new Error('per-client evaluation needs a trainer with evaluateOn');
	const accuracies: { client: number; accuracy: number }[] = [];
	for (const c of ctx.clients) {
		const split = ctx.clientTestSplit(c.id);
		if (!split.length) continue;
		const w = await weightsOf(c.id);
		const e = await trainer.evaluateOn(w, 'test', split, clientLabelMap(ctx, c.id));
		accuracies.push({ client: c.id, accuracy: e.accuracy });
	}
	ctx.emit({ type: 'clientsEvaluated', round, model, accuracies });
}

/**
 * After FedAvg's evaluation of a round: the global model on each client's split and, with
 * `fineTuneEpochs`, the global model fine-tuned on each client's data. Returns true (the round
 * goes on); does nothing unless `personalization.testSamples` > 0.
 */
export async function personalRound(ctx: EngineContext, round: number): Promise<boolean> {
	const p = ctx.scenario.personalization;
	const a = ctx.scenario.algorithm;
	if (p.testSamples === 0 || a.kind !== 'fedavg') return true;
	const global = ctx.global;
	await evaluateClients(ctx, round, 'global', () => global);
	if (p.fineTuneEpochs > 0)
		await evaluateClients(ctx, round, 'fineTuned', async (k) => {
			const client = ctx.clients[k];
			if (!client) return global;
			const r = await ctx.trainer.train(global, {
				indices: client.indices,
				epochs: p.fineTuneEpochs,
				batchSize: a.batchSize,
				learningRate: a.learningRate,
				rng: ctx.rng(`fineTune/${round}/${k}`),
				labelMap: clientLabelMap(ctx, k)
			});
			return r.weights;
		});
	return true;
}
