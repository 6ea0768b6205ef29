/**
 * What crosses between the engine's thread and a training worker (pool-worker.ts): plain data
 * only. A `TrainJob`'s random stream travels as its position (`RngState`) and comes back
 * advanced; a label map travels as its table over the classes.
 */
import { rngFromState, type RngState } from '../../sim/core/rng';
import type { Scenario } from '../../sim/core/schema';
import type { TrainJob, TrainResult, Trainer } from '../../sim/core/trainer';
import type { SplitWeights } from '../../sim/split/layout';
import { requireSplitTrainer, type SplitTrainResult } from '../../sim/split/trainer';

/** Every worker builds the same trainer from this. */
export interface PoolInit {
	readonly scenario: Scenario;
	readonly testLimit?: number;
}

/** A `TrainJob` as plain data. */
export type WireJob = Omit<TrainJob, 'rng' | 'labelMap'> & {
	readonly rng: RngState;
	/** `labelMap(y)` for every class y. */
	readonly labelTable?: Int32Array;
};

/** `Trainer.train` (whole model) or `SplitTrainer.trainSplit` (a model cut in parts). */
export type TrainTask =
	| { readonly kind: 'train'; readonly weights: Float32Array; readonly job: WireJob }
	| { readonly kind: 'trainSplit'; readonly parts: SplitWeights; readonly job: WireJob };

export interface TrainReply {
	readonly result: TrainResult | SplitTrainResult;
	/** Where the job's stream got to, so the caller's stream continues as if trained here. */
	readonly rng: RngState;
}

/** The plain-data form of `job`; `numClasses` bounds the label table. */
export function toWire(job: TrainJob, numClasses: number): WireJob {
	const { rng, labelMap, ...rest } = job;
	return {
		...rest,
		rng: rng.state(),
		...(labelMap
			? { labelTable: Int32Array.from({ length: numClasses }, (_, y) => labelMap(y)) }
			: {})
	};
}

/**
 * Runs `task` on `trainer` (a worker's own trainer): the job rebuilt from its plain form, and its
 * stream's end position sent back. The Node pool (pool-worker.ts) and the browser's trainer workers
 * (hosts/worker/trainer-service.ts) both train through this.
 */
export async function runTrainTask(trainer: Trainer, task: TrainTask): Promise<TrainReply> {
	const { labelTable, rng: state, ...rest } = task.job;
	const rng = rngFromState(state);
	const job: TrainJob = {
		...rest,
		rng,
		...(labelTable ? { labelMap: (y: number) => labelTable[y] ?? y } : {})
	};
	const result =
		task.kind === 'trainSplit'
			? await requireSplitTrainer(trainer).trainSplit(task.parts, job)
			: await trainer.train(task.weights, job);
	return { result, rng: rng.state() };
}
