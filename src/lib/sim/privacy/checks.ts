/**
 * What the privacy defences cannot be combined with, and why (named errors), and what the user
 * should know (warnings). Called from scenario.ts's cross-field checks and the CLI.
 */
import type { Scenario } from '../core/schema';

export function checkPrivacy(s: Scenario): { errors: string[]; warnings: string[] } {
	const errors: string[] = [];
	const warnings: string[] = [];
	const p = s.privacy;
	if (!p.secureAggregation && !p.dp) return { errors, warnings };
	if (s.algorithm.kind !== 'fedavg')
		errors.push(
			`privacy: secure aggregation and DP are modelled for "fedavg" only (algorithm.kind is "${s.algorithm.kind}")`
		);
	if (p.secureAggregation && s.aggregator.kind !== 'mean')
		errors.push(
			`privacy.secureAggregation: the server sees only the sum of the updates, never a single one, so "${s.aggregator.kind}" (which must look at each update) cannot run; use aggregator "mean" or turn secure aggregation off`
		);
	if (p.secureAggregation && s.preAggregate.kind !== 'none')
		errors.push(
			`privacy.secureAggregation: pre-aggregation "${s.preAggregate.kind}" needs each update, which secure aggregation hides; set preAggregate "none"`
		);
	if (p.secureAggregation && s.byzantine.project)
		errors.push(
			'privacy.secureAggregation: the 2-D view of single updates (byzantine.project) is exactly what secure aggregation hides; turn one of them off'
		);
	if (p.dp && s.aggregator.kind !== 'mean')
		errors.push(
			`privacy.dp: DP-FedAvg calibrates its noise to the clipped mean; aggregator "${s.aggregator.kind}" has another sensitivity (use "mean")`
		);
	if (s.byzantine.fraction > 0)
		errors.push(
			'privacy: Byzantine clients together with secure aggregation or DP are not modelled (set byzantine.fraction to 0)'
		);
	if (p.dp && p.dp.noiseMultiplier === 0)
		warnings.push('privacy.dp.noiseMultiplier is 0: clipping alone is not privacy, ε is infinite');
	return { errors, warnings };
}
