/**
 * One client's part in any federated algorithm, on unreliable devices: the server sends it the
 * model, it trains on its own data, it sends the result back. Each step can fail — the link may
 * drop the model or the update, and a client that goes offline while training loses that work —
 * and the algorithm hears of every outcome exactly once, through `onUpdate` or `onFail`, so a
 * round can always tell when nothing more can come.
 */
import type { EngineContext } from '../core/context';
import { localSamples } from '../core/local-work';
import type { TrainJob, TrainResult } from '../core/trainer';

/** What a client is asked to do, and whom to tell how it went. */
export interface ClientWork {
	readonly client: number;
	/** The round (or, for asynchronous algorithms, the evaluation period) it belongs to. */
	readonly round: number;
	/** The model it starts from; never changed. */
	readonly model: Float32Array;
	/** Local training settings (the client's own data is added). */
	readonly job: Omit<TrainJob, 'indices'>;
	/** The update reached the server. */
	onUpdate(result: TrainResult): void | Promise<void>;
	/** The update will never arrive; `reason` says why. */
	onFail(reason: string): void | Promise<void>;
}

/** Reasons `onFail` gives. */
export const FAILURE = {
	modelLost: 'the model was lost on the way to the client',
	wentOffline: 'the client went offline while training: its work is lost',
	updateLost: 'the update was lost on the way to the server'
} as const;

/**
 * Runs `work` on the simulated clock: model download, local training (real, through the trainer,
 * unless the client will go offline before it ends — then nothing is computed and the work is
 * lost when it drops out), update upload.
 */
export function runClient(ctx: EngineContext, work: ClientWork): void {
	const k = work.client;
	const round = work.round;
	ctx.send(
		'model',
		'server',
		k,
		ctx.modelBytes,
		round,
		async () => {
			const client = ctx.clients[k];
			if (!client) throw new Error(`no such client: ${k}`);
			const samples = localSamples(client.indices.length, work.job);
			const duration = ctx.trainTime(k, samples);
			ctx.emit({ type: 'trainingStarted', round, client: k, samples, duration });
			const until = ctx.onlineUntil(k);
			if (until < ctx.now + duration) {
				ctx.schedule(until - ctx.now, () => {
					ctx.emit({ type: 'updateDropped', round, client: k, reason: FAILURE.wentOffline });
					return work.onFail(FAILURE.wentOffline);
				});
				return;
			}
			const result = await ctx.trainer.train(work.model, { ...work.job, indices: client.indices });
			ctx.schedule(duration, () => {
				ctx.emit({ type: 'trainingFinished', round, client: k, samples, loss: result.loss });
				ctx.send(
					'update',
					k,
					'server',
					ctx.modelBytes,
					round,
					() => work.onUpdate(result),
					() => work.onFail(FAILURE.updateLost)
				);
			});
		},
		() => work.onFail(FAILURE.modelLost)
	);
}
