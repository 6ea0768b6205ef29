/** Builds a ready engine for a scenario in Node: the dataset, the tfjs trainer and the engine. */
import { createTrainer } from '../../ml/create-trainer';
import type { TfTrainerOptions } from '../../ml/tf-trainer';
import type { Trainer } from '../../sim/core/trainer';
import { Engine, type EngineOptions } from '../../sim/engine';
import type { Scenario } from '../../sim/scenario';
import { loadDatasetNode } from './load';

export interface NodeRun {
	engine: Engine;
	trainer: Trainer;
	dispose(): void;
}

export function createNodeRun(
	scenario: Scenario,
	opts: EngineOptions & TfTrainerOptions = {}
): NodeRun {
	const dataset = loadDatasetNode(scenario.dataset);
	const trainer = createTrainer(dataset, scenario, opts);
	const engine = new Engine(scenario, dataset, trainer, opts);
	return { engine, trainer, dispose: () => trainer.dispose() };
}
