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
	/**
	 * Model and update messages carry this many model-sized vectors (SCAFFOLD: 2; IFCA: k down,
	 * 1 up); default 1.
	 */
	readonly payload?: number | { readonly down: number; readonly up: number };
	/** Shrinks the job when the model arrives (FedProx's partial work), given the client's n. */
	fit?(job: Omit<TrainJob, 'indices'>, n: number): Omit<TrainJob, 'indices'>;
	/** The update reached the server; `job` is the work actually done. */
	onUpdate(result: TrainResult, job: Omit<TrainJob, 'indices'>): void | Promise<void>;
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
		ctx.modelBytes * vectors(work.payload, 'down'),
		round,
		async () => {
			const client = ctx.clients[k];
			if (!client) throw new Error(`no such client: ${k}`);
			const job = work.fit ? work.fit(work.job, client.indices.length) : work.job;
			const samples = localSamples(client.indices.length, job);
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
			const training = ctx.trainer.train(work.model, { ...job, indices: client.indices });
			// a serial trainer is awaited here; a pool keeps training while the clock runs on, and
			// the result is collected when the finish event comes due (speculative execution)
			const ready: Settled<TrainResult> | Promise<Settled<TrainResult>> =
				(ctx.trainer.parallel ?? 1) > 1 ? settled(training) : { ok: true, value: await training };
			ctx.schedule(duration, async () => {
				const result = unwrap(await ready);
				ctx.emit({
					type: 'trainingFinished',
					round,
					client: k,
					samples,
					loss: result.loss,
					...(result.losses && { losses: result.losses })
				});
				ctx.send(
					'update',
					k,
					'server',
					ctx.modelBytes * vectors(work.payload, 'up'),
					round,
					() => work.onUpdate(result, job),
					() => work.onFail(FAILURE.updateLost)
				);
			});
		},
		() => work.onFail(FAILURE.modelLost)
	);
}

/** Model-sized vectors a message carries. */
function vectors(payload: ClientWork['payload'], way: 'down' | 'up'): number {
	return payload === undefined ? 1 : typeof payload === 'number' ? payload : payload[way];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so a failure waits for its finish event to be reported. */
function settled<T>(p: Promise<T>): Promise<Settled<T>> {
	return p.then(
		(value) => ({ ok: true, value }),
		(error: unknown) => ({ ok: false, error })
	);
}

function unwrap<T>(s: Settled<T>): T {
	if (!s.ok) throw s.error;
	return s.value;
}
