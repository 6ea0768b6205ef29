/**
 * SplitFed — Thapa, Chamikara, Camtepe, Sun 2022, "SplitFed: When Federated Learning Meets Split
 * Learning", AAAI 2022, arXiv:2004.12088.
 *
 * Split learning without the waiting: each round the server sends the current client weights
 * (the head; in U-shaped mode the top too) to C·K sampled clients, which all run their turn of
 * split learning at the same time (smashed data up, cut-layer gradients down, batch by batch —
 * see split-turn.ts). Afterwards every client sends its client weights back and the server
 * replaces them by their n_k-weighted mean, as FedAvg does with whole models. The tail:
 * - v1 (SFLV1): the server runs one copy of the tail per client, all starting from the same
 *   tail, and averages the copies at the end of the round as well. With both halves averaged
 *   this is FedAvg computed through the cut (src/lib/node/split.test.ts checks it).
 * - v2 (SFLV2): the server keeps one tail and trains it on the clients' smashed data one client
 *   after another, in a random order each round (the order in which their client weights reach
 *   them); only the client weights are averaged.
 *
 * Time: the clients work in parallel, each as fast as its own device and link; the server is
 * assumed to serve them concurrently (v2 serialises the updates of its one tail, not the time).
 */
import { weightedMean } from '../robust/aggregate/mean';
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { FLOAT_BYTES, turnSeconds, type Speeds } from '../split/costs';
import { clientParams, joinWeights, splitWeights, type SplitWeights } from '../split/layout';
import { requireSplitTrainer, type SplitTrainResult, type SplitTrainer } from '../split/trainer';
import { clientsPerRound } from './sampling';
import { clientOf, playTurn, splitSpeeds } from '../split/turn';
import type { Algorithm } from './types';

type SplitFedSpec = Extract<Scenario['algorithm'], { kind: 'splitfed' }>;

export function createSplitFed(scenario: Scenario): Algorithm {
	const spec = scenario.algorithm as SplitFedSpec;
	return {
		start(ctx) {
			return new SplitFedRounds(ctx, spec).startRound(1);
		}
	};
}

interface Returned {
	readonly client: number;
	readonly parts: SplitWeights;
	readonly samples: number;
}

class SplitFedRounds {
	readonly #ctx: EngineContext;
	readonly #spec: SplitFedSpec;
	readonly #trainer: SplitTrainer;
	readonly #speeds: Speeds;
	#parts: SplitWeights;

	constructor(ctx: EngineContext, spec: SplitFedSpec) {
		this.#ctx = ctx;
		this.#spec = spec;
		this.#trainer = requireSplitTrainer(ctx.trainer);
		this.#speeds = splitSpeeds(ctx, this.#trainer.layout, spec.serverSpeedup);
		this.#parts = splitWeights(this.#trainer.layout, ctx.global.slice());
	}

	startRound(round: number): void {
		const ctx = this.#ctx;
		const spec = this.#spec;
		if (round > ctx.scenario.rounds) return ctx.finish(round - 1);
		const withData = ctx.clients.filter((c) => c.indices.length > 0).map((c) => c.id);
		if (!withData.length) return ctx.finish(round - 1);
		const m = Math.min(clientsPerRound(spec.clientFraction, ctx.clients.length), withData.length);
		const selected = ctx
			.rng(`select/${round}`)
			.sample(withData.length, m)
			.map((i) => withData[i] as number)
			.sort((a, b) => a - b);
		ctx.emit({ type: 'roundStarted', round, selected });
		const order =
			spec.version === 'v2' ? ctx.rng(`order/${round}`).shuffle([...selected]) : selected;
		const start = this.#parts;
		const layout = this.#trainer.layout;
		const bytes = clientParams(layout) * FLOAT_BYTES;
		const returned: Returned[] = [];
		let sharedTail = start.tail;
		const job = (k: number) => ({
			indices: clientOf(ctx, k).indices,
			epochs: spec.localEpochs,
			batchSize: spec.batchSize,
			learningRate: spec.learningRate,
			rng: ctx.rng(`train/${round}/${k}`)
		});
		// on a pool of workers, V1 clients (all from the round's model) train at once, started now
		// and collected when their turn comes; V2 chains the server's tail, so it stays in order
		const early = new Map<number, Promise<SplitTrainResult>>();
		if (spec.version === 'v1' && (this.#trainer.parallel ?? 1) > 1)
			for (const k of order) {
				const training = this.#trainer.trainSplit(start, job(k));
				training.catch(() => undefined); // reported when awaited at its turn
				early.set(k, training);
			}
		for (const k of order)
			ctx.send('head', 'server', k, bytes, round, async () => {
				const client = clientOf(ctx, k);
				const from: SplitWeights = spec.version === 'v2' ? { ...start, tail: sharedTail } : start;
				const result = await (early.get(k) ?? this.#trainer.trainSplit(from, job(k)));
				if (spec.version === 'v2') sharedTail = result.weights.tail;
				const duration = turnSeconds(layout, result.batchSizes, client, this.#speeds);
				ctx.emit({ type: 'trainingStarted', round, client: k, samples: result.samples, duration });
				return playTurn(ctx, layout, this.#speeds, k, round, result, () => {
					ctx.emit({
						type: 'trainingFinished',
						round,
						client: k,
						samples: result.samples,
						loss: result.loss,
						...(result.losses && { losses: result.losses })
					});
					ctx.send('head', k, 'server', bytes, round, async () => {
						returned.push({ client: k, parts: result.weights, samples: client.indices.length });
						if (returned.length === order.length)
							await this.#aggregate(round, returned, sharedTail);
					});
				});
			});
	}

	/** FedAvg of the client weights (v1: of the tails too); v2 keeps its one trained tail. */
	async #aggregate(round: number, returned: Returned[], sharedTail: Float32Array): Promise<void> {
		const ctx = this.#ctx;
		returned.sort((a, b) => a.client - b.client); // arrival order must not change the sum
		const mean = weightedMean(
			returned.map((r) => joinWeights(r.parts)),
			returned.map((r) => r.samples)
		);
		const parts = splitWeights(this.#trainer.layout, mean);
		this.#parts = this.#spec.version === 'v2' ? { ...parts, tail: sharedTail.slice() } : parts;
		ctx.global = joinWeights(this.#parts);
		ctx.emit({
			type: 'aggregated',
			round,
			contributors: returned.map((r) => r.client),
			rule: this.#spec.version === 'v2' ? 'mean (client side)' : 'mean'
		});
		if (await ctx.evaluate(round)) ctx.schedule(0, () => this.startRound(round + 1));
	}
}
