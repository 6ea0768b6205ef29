/** Builds a ready engine for a scenario in Node: the dataset, the tfjs trainer and the engine. */
import { TfTrainer, type TfTrainerOptions } from '../ml/tf-trainer';
import { Engine, type EngineOptions } from '../sim/engine';
import type { Scenario } from '../sim/scenario';
import { loadDatasetNode } from './load';

export interface NodeRun {
	engine: Engine;
	trainer: TfTrainer;
	dispose(): void;
}

export function createNodeRun(
	scenario: Scenario,
	opts: EngineOptions & TfTrainerOptions = {}
): NodeRun {
	const dataset = loadDatasetNode(scenario.dataset);
	const trainer = new TfTrainer(dataset, scenario.model, opts);
	const engine = new Engine(scenario, dataset, trainer, opts);
	return { engine, trainer, dispose: () => trainer.dispose() };
}
