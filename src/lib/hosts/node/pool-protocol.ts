/**
 * What crosses between the engine's thread and a training worker (pool-worker.ts): plain data
 * only. A `TrainJob`'s random stream travels as its position (`RngState`) and comes back
 * advanced; a label map travels as its table over the classes.
 */
import { rngFromState, type RngState } from '../../sim/core/rng';
import type { Scenario } from '../../sim/core/schema';
import type { ChunkTotals, TrainJob, TrainResult, Trainer } from '../../sim/core/trainer';
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

/**
 * `Trainer.train` (whole model), `SplitTrainer.trainSplit` (a model cut in parts), or
 * `Trainer.evaluateChunks` (some chunks of the test set).
 */
export type TrainTask =
	| { readonly kind: 'train'; readonly weights: Float32Array; readonly job: WireJob }
	| { readonly kind: 'trainSplit'; readonly parts: SplitWeights; readonly job: WireJob }
	| { readonly kind: 'evaluate'; readonly weights: Float32Array; readonly chunks: number[] };

export interface TrainReply {
	readonly result: TrainResult | SplitTrainResult | ChunkTotals[];
	/** Where the job's stream got to, so the caller's stream continues as if trained here. */
	readonly rng?: RngState;
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
	if (task.kind === 'evaluate') {
		if (!trainer.evaluateChunks) throw new Error('this trainer cannot evaluate in chunks');
		return { result: await trainer.evaluateChunks(task.weights, task.chunks) };
	}
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
