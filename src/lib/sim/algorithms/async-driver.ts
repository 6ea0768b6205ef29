/**
 * The control loop that asynchronous federated algorithms share (Xie, Koyejo, Gupta 2019,
 * arXiv:1903.03934; Nguyen et al. 2022, arXiv:2106.06639): keep up to `concurrency` clients
 * training, each from the global model x_τ of the moment it was picked; when an update arrives
 * at global version t, its staleness is t − τ; hand it to the server rule with its weight, and
 * pick the next client at once. No one waits for anyone: a straggler's update simply arrives
 * late, and staler.
 *
 * A "round" here is a period between two evaluations: `versionsPerRound` replacements of the
 * global model. The run ends after `rounds` of them.
 */
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { stalenessFunction } from '../staleness';
import type { TrainResult } from '../core/trainer';
import { runClient } from './client-work';

/** The settings of an asynchronous algorithm that the driver reads. */
export type AsyncSpec = Extract<Scenario['algorithm'], { kind: 'fedasync' | 'fedbuff' }>;

/** An update as the server rule sees it. */
export interface AsyncUpdate {
	readonly client: number;
	/** x_τ, the global model the client started from. */
	readonly base: Float32Array;
	readonly result: TrainResult;
	/** n_k, the client's number of samples. */
	readonly samples: number;
	/** t − τ. */
	readonly staleness: number;
	/** s(t − τ) from the scenario's staleness function. */
	readonly s: number;
	/** The round (evaluation period) it arrives in. */
	readonly round: number;
}

/** The server side of an asynchronous algorithm. */
export interface AsyncServer {
	/** The weight an update with staleness factor `s` gets (reported in `updateReceived`). */
	weight(s: number): number;
	/** Takes an update in; may replace `ctx.global`. */
	receive(update: AsyncUpdate): void;
}

/** Runs the asynchronous loop from the engine's start until `rounds` evaluations. */
export function runAsync(
	ctx: EngineContext,
	spec: AsyncSpec,
	versionsPerRound: number,
	server: AsyncServer
): void {
	const s = stalenessFunction(spec.staleness);
	const select = ctx.rng('select');
	const busy = new Set<number>();
	let dispatched = 0;
	let round = 1;
	let over = false;
	let wakeAt = Infinity;

	const fill = () => {
		while (!over && busy.size < spec.concurrency) {
			const idle = ctx.clients.filter((c) => !busy.has(c.id) && ctx.isOnline(c.id));
			if (!idle.length) return wakeWhenBack();
			dispatch((idle[select.int(idle.length)] as (typeof idle)[number]).id);
		}
	};

	/** Nobody idle is online: look again when the first idle client comes back. */
	const wakeWhenBack = () => {
		let back = Infinity;
		for (const c of ctx.clients) if (!busy.has(c.id)) back = Math.min(back, ctx.nextOnline(c.id));
		if (back >= wakeAt || back === Infinity) return;
		wakeAt = back;
		ctx.schedule(back - ctx.now, () => {
			if (wakeAt === back) wakeAt = Infinity;
			fill();
		});
	};

	const evaluateIfDue = async () => {
		if (ctx.version < round * versionsPerRound) return;
		if (!(await ctx.evaluate(round))) {
			over = true;
			return;
		}
		if (round >= ctx.scenario.rounds) {
			over = true;
			ctx.finish(round);
			return;
		}
		round++;
	};

	const dispatch = (k: number) => {
		const client = ctx.clients[k];
		if (!client) return;
		busy.add(k);
		dispatched++;
		const tau = ctx.version;
		const base = ctx.global;
		runClient(ctx, {
			client: k,
			round,
			model: base,
			job: {
				epochs: spec.localEpochs,
				...(spec.localSteps > 0 && { steps: spec.localSteps }),
				batchSize: spec.batchSize,
				learningRate: spec.learningRate,
				rng: ctx.rng(`train/${dispatched}/${k}`),
				...(spec.kind === 'fedasync' && spec.proximalRho > 0
					? { proximalRho: spec.proximalRho }
					: {})
			},
			onUpdate: async (result) => {
				busy.delete(k);
				if (over) return;
				const staleness = ctx.version - tau;
				if (spec.maxStaleness > 0 && staleness > spec.maxStaleness) {
					ctx.emit({
						type: 'updateDropped',
						round,
						client: k,
						staleness,
						reason: `it is ${staleness} versions stale (the cut-off is ${spec.maxStaleness})`
					});
				} else {
					const factor = s(staleness);
					const weight = server.weight(factor);
					ctx.emit({ type: 'updateReceived', round, client: k, staleness, weight });
					server.receive({
						client: k,
						base,
						result,
						samples: client.indices.length,
						staleness,
						s: factor,
						round
					});
					await evaluateIfDue();
				}
				fill();
			},
			onFail: () => {
				busy.delete(k);
				fill();
			}
		});
	};

	fill();
}
