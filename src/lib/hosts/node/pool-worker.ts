/**
 * One training worker of the Node pool (pool-trainer.ts): it builds the scenario's trainer once,
 * on the wasm backend, and trains whatever jobs it is given. Its results are exactly those of the
 * same trainer on the engine's thread (same code, same backend, same inputs).
 */
import { workerData } from 'node:worker_threads';
import { initNodeBackend } from '../../ml/backend';
import { createTrainer } from '../../ml/create-trainer';
import { loadDatasetNode } from './load';
import { runTrainTask, type PoolInit, type TrainReply, type TrainTask } from './pool-protocol';

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

export default function train(task: TrainTask): Promise<TrainReply> {
	return runTrainTask(trainer, task);
}
