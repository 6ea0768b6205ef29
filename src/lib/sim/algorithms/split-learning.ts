/**
 * Split learning with clients taking turns — Gupta & Raskar 2018, "Distributed learning of deep
 * neural network over multiple agents", arXiv:1810.06060; configurations (vanilla, U-shaped)
 * after Vepakomma, Gupta, Swedish, Raskar 2018, "Split learning for health: Distributed deep
 * learning without sharing raw patient data", arXiv:1812.00564.
 *
 * The model is cut at `cutLayer`: each client holds the head, the server the tail. One client
 * at a time trains with the server: for every mini-batch it sends the smashed data (and, in
 * vanilla mode, the labels) up; the server finishes the forward pass, takes the loss, backprops
 * to the cut and sends the cut-layer gradient down; the client backprops through its head. In
 * U-shaped mode the client also keeps the last `topLayers` layers and the loss, so the labels
 * never leave it, at the price of two more messages per batch. When its turn (`localEpochs` over
 * its data) is over, the client weights go to the next client — through the server (upload, then
 * download) or directly peer to peer — while the server keeps training the same tail.
 *
 * A round is one turn of every client that has data, in client order (round robin); the model is
 * evaluated after every round. The first client of the run initialises the head from the shared
 * seed, so no hand-off precedes it. Evaluation uses the simulator's view of the head; the server
 * itself never sees it.
 */
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { FLOAT_BYTES, turnSeconds, type Speeds } from '../split/costs';
import { clientParams, joinWeights, splitWeights, type SplitWeights } from '../split/layout';
import { requireSplitTrainer, type SplitTrainer } from '../split/trainer';
import { clientOf, playTurn, splitSpeeds } from '../split/turn';
import type { Algorithm } from './types';

type SplitSpec = Extract<Scenario['algorithm'], { kind: 'split' }>;

export function createSplitLearning(scenario: Scenario): Algorithm {
	const spec = scenario.algorithm as SplitSpec;
	return {
		start(ctx) {
			return new SequentialSplit(ctx, spec).startRound(1);
		}
	};
}

class SequentialSplit {
	readonly #ctx: EngineContext;
	readonly #spec: SplitSpec;
	readonly #trainer: SplitTrainer;
	readonly #speeds: Speeds;
	/** The current weights of every part: the head (and top) travel, the tail stays on the server. */
	#parts: SplitWeights;
	/** The client that holds the head, null before the first turn. */
	#holder: number | null = null;

	constructor(ctx: EngineContext, spec: SplitSpec) {
		this.#ctx = ctx;
		this.#spec = spec;
		this.#trainer = requireSplitTrainer(ctx.trainer);
		this.#speeds = splitSpeeds(ctx, this.#trainer.layout, spec.serverSpeedup);
		this.#parts = splitWeights(this.#trainer.layout, ctx.global.slice());
	}

	startRound(round: number): void | Promise<void> {
		const ctx = this.#ctx;
		if (round > ctx.scenario.rounds) return ctx.finish(round - 1);
		const order = ctx.clients.filter((c) => c.indices.length > 0).map((c) => c.id);
		if (!order.length) return ctx.finish(round - 1);
		ctx.emit({ type: 'roundStarted', round, selected: order });
		return this.#turn(round, order, 0);
	}

	/** Hands the client weights to the turn's client, then lets it train. */
	#turn(round: number, order: readonly number[], i: number): void | Promise<void> {
		const ctx = this.#ctx;
		const k = order[i];
		if (k === undefined) return this.#endRound(round);
		const begin = () => this.#train(round, order, i);
		const prev = this.#holder;
		if (prev === null || prev === k) return begin();
		const bytes = clientParams(this.#trainer.layout) * FLOAT_BYTES;
		if (this.#spec.handoff === 'peer') ctx.send('head', prev, k, bytes, round, begin);
		else
			ctx.send('head', prev, 'server', bytes, round, () => {
				ctx.send('head', 'server', k, bytes, round, begin);
			});
	}

	async #train(round: number, order: readonly number[], i: number): Promise<void> {
		const ctx = this.#ctx;
		const k = order[i] as number;
		const client = clientOf(ctx, k);
		const spec = this.#spec;
		const result = await this.#trainer.trainSplit(this.#parts, {
			indices: client.indices,
			epochs: spec.localEpochs,
			batchSize: spec.batchSize,
			learningRate: spec.learningRate,
			rng: ctx.rng(`train/${round}/${k}`)
		});
		const layout = this.#trainer.layout;
		const duration = turnSeconds(layout, result.batchSizes, client, this.#speeds);
		ctx.emit({ type: 'trainingStarted', round, client: k, samples: result.samples, duration });
		this.#parts = result.weights;
		this.#holder = k;
		return playTurn(ctx, layout, this.#speeds, k, round, result, () => {
			ctx.emit({
				type: 'trainingFinished',
				round,
				client: k,
				samples: result.samples,
				loss: result.loss,
				...(result.losses && { losses: result.losses })
			});
			return this.#turn(round, order, i + 1);
		});
	}

	async #endRound(round: number): Promise<void> {
		const ctx = this.#ctx;
		ctx.global = joinWeights(this.#parts);
		if (await ctx.evaluate(round)) ctx.schedule(0, () => this.startRound(round + 1));
	}
}
