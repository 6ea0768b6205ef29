/** Builds a ready engine for a scenario in Node: the dataset, the tfjs trainer and the engine. */
import { createTrainer } from '../../ml/create-trainer';
import type { TfTrainerOptions } from '../../ml/tf-trainer';
import type { Trainer } from '../../sim/core/trainer';
import { Engine, type EngineOptions } from '../../sim/engine';
import type { Scenario } from '../../sim/scenario';
import { loadDatasetNode } from './load';
import { PoolTrainer } from './pool-trainer';

export interface NodeRun {
	engine: Engine;
	trainer: Trainer;
	dispose(): void;
}

export interface NodeRunOptions extends EngineOptions, TfTrainerOptions {
	/**
	 * Worker threads that train clients in parallel (1 or absent: train on this thread). Split
	 * learning trains on this thread for now.
	 */
	workers?: number;
}

export function createNodeRun(scenario: Scenario, opts: NodeRunOptions = {}): NodeRun {
	const dataset = loadDatasetNode(scenario.dataset);
	const local = createTrainer(dataset, scenario, opts);
	const kind = scenario.algorithm.kind;
	const pooled = (opts.workers ?? 1) > 1 && kind !== 'split' && kind !== 'splitfed';
	const trainer = pooled
		? new PoolTrainer(local, scenario, dataset.numClasses, opts.workers ?? 1, {
				...(opts.testLimit !== undefined ? { testLimit: opts.testLimit } : {})
			})
		: local;
	const engine = new Engine(scenario, dataset, trainer, opts);
	return { engine, trainer, dispose: () => trainer.dispose() };
}
