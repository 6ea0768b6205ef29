/**
 * One training worker of the Node pool (pool-trainer.ts): it builds the scenario's trainer once,
 * on the wasm backend, and trains whatever jobs it is given. Its results are exactly those of the
 * same trainer on the engine's thread (same code, same backend, same inputs).
 */
import { workerData } from 'node:worker_threads';
import { initNodeBackend } from '../../ml/backend';
import { createTrainer } from '../../ml/create-trainer';
import { rngFromState } from '../../sim/core/rng';
import type { TrainJob } from '../../sim/core/trainer';
import { requireSplitTrainer } from '../../sim/split/trainer';
import { loadDatasetNode } from './load';
import type { PoolInit, TrainReply, TrainTask } from './pool-protocol';

const init = workerData as PoolInit;
await initNodeBackend('wasm', () => {
	throw new Error('pool worker: the wasm backend could not start');
});
const dataset = loadDatasetNode(init.scenario.dataset);
// no host event loop to keep responsive here: never yield between batches
const trainer = createTrainer(dataset, init.scenario, {
	yieldBudgetMs: Infinity,
	...(init.testLimit !== undefined ? { testLimit: init.testLimit } : {})
});

export default async function train(task: TrainTask): Promise<TrainReply> {
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
