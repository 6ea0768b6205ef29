/**
 * Constraints between the client-drift and server-optimizer fields and the rest of a scenario
 * (called from `parseScenario`): each message names the field to change.
 */
import type { Scenario } from '../core/schema';

/** Problems with the drift settings of `s`; empty when it can run. */
export function checkDrift(s: Scenario): string[] {
	const errors: string[] = [];
	const a = s.algorithm;
	const o = s.serverOptimizer;
	if (!(o.kind === 'sgd' && o.learningRate === 1) && a.kind !== 'fedavg' && a.kind !== 'fedbuff')
		errors.push(
			`serverOptimizer.kind: a server optimizer needs algorithm "fedavg" or "fedbuff" (got "${a.kind}"; use {"kind": "sgd", "learningRate": 1})`
		);
	if (a.kind === 'fedavg') {
		if (a.scaffold && a.fednova)
			errors.push('algorithm.fednova: FedNova and SCAFFOLD are separate remedies (turn one off)');
		if (a.scaffold && s.byzantine.fraction > 0)
			errors.push(
				"algorithm.scaffold: SCAFFOLD's control variates assume honest clients (byzantine.fraction 0)"
			);
		if (
			a.clusters > 1 &&
			(a.deadline > 0 ||
				a.overSelection > 1 ||
				a.scaffold ||
				a.fednova ||
				a.proximalMu > 0 ||
				s.byzantine.fraction > 0 ||
				s.aggregator.kind !== 'mean' ||
				!(o.kind === 'sgd' && o.learningRate === 1))
		)
			errors.push(
				'algorithm.clusters: IFCA (clusters > 1) runs plain local SGD with the mean: no deadline, over-selection, FedProx, SCAFFOLD, FedNova, Byzantine clients, robust aggregator or server optimizer'
			);
		if (a.partialWork && a.deadline === 0)
			errors.push(
				'algorithm.partialWork: partial work needs a round deadline (algorithm.deadline > 0)'
			);
	}
	const p = s.personalization;
	if (p.testSamples > 0 && a.kind !== 'fedavg')
		errors.push(
			`personalization.testSamples: per-client evaluation runs with algorithm "fedavg" (got "${a.kind}"; set it to 0)`
		);
	// fine-tuning is a measurement: without a per-client split, or under IFCA, it would do nothing
	if (p.fineTuneEpochs > 0 && p.testSamples === 0)
		errors.push(
			"personalization.fineTuneEpochs: the fine-tuned models are scored on each client's own test split (set personalization.testSamples > 0, or this to 0)"
		);
	else if (p.fineTuneEpochs > 0 && a.kind === 'fedavg' && a.clusters > 1)
		errors.push(
			'personalization.fineTuneEpochs: IFCA (algorithm.clusters > 1) is scored by its cluster models, not by fine-tuning (set it to 0)'
		);
	return errors;
}
