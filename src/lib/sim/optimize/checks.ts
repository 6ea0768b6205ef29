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
	return errors;
}
