/** The trainer a scenario needs, built on tfjs (the worker, the CLI and the tests all call this). */
import type { Dataset } from '../sim/core/dataset';
import type { Scenario } from '../sim/scenario';
import type { Trainer } from '../sim/core/trainer';
import { TfSplitTrainer } from './tf-split-trainer';
import { TfTrainer, type TfTrainerOptions } from './tf-trainer';

export function createTrainer(
	dataset: Dataset,
	scenario: Scenario,
	opts: TfTrainerOptions = {}
): Trainer & { dispose(): void } {
	const a = scenario.algorithm;
	if (a.kind === 'split' || a.kind === 'splitfed')
		return new TfSplitTrainer(dataset, scenario.model, a, opts); // the model cut at a.cutLayer
	return new TfTrainer(dataset, scenario.model, opts);
}
