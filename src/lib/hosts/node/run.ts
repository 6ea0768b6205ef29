/** Builds a ready engine for a scenario in Node: the dataset, the tfjs trainer and the engine. */
import { createTrainer } from '../../ml/create-trainer';
import type { TfTrainerOptions } from '../../ml/tf-trainer';
import type { Trainer } from '../../sim/core/trainer';
import { Engine, type EngineOptions } from '../../sim/engine';
import type { Scenario } from '../../sim/scenario';
import { loadDatasetNode } from './load';
import { isSplitTrainer } from '../../sim/split/trainer';
import { PoolSplitTrainer, PoolTrainer } from './pool-trainer';

export interface NodeRun {
	engine: Engine;
	trainer: Trainer;
	dispose(): void;
}

export interface NodeRunOptions extends EngineOptions, TfTrainerOptions {
	/**
	 * Worker threads that train clients in parallel (1 or absent: train on this thread). Vanilla
	 * split learning always trains on this thread.
	 */
	workers?: number;
}

export function createNodeRun(scenario: Scenario, opts: NodeRunOptions = {}): NodeRun {
	const dataset = loadDatasetNode(scenario.dataset);
	const local = createTrainer(dataset, scenario, opts);
	const workers = opts.workers ?? 1;
	const limit = opts.testLimit !== undefined ? { testLimit: opts.testLimit } : {};
	// vanilla split learning is sequential (its lesson): it keeps training on this thread
	const trainer =
		workers <= 1 || scenario.algorithm.kind === 'split'
			? local
			: isSplitTrainer(local)
				? new PoolSplitTrainer(local, scenario, dataset.numClasses, workers, limit)
				: new PoolTrainer(local, scenario, dataset.numClasses, workers, limit);
	const engine = new Engine(scenario, dataset, trainer, opts);
	return { engine, trainer, dispose: () => trainer.dispose() };
}
