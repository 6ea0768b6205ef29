/**
 * The preconditions of a Byzantine scenario, in one place for the scenario parser (errors block a
 * run), the CLI (warnings on stderr) and the UI (both, next to the controls). Each rule states its
 * own conditions in terms of one round: n updates of which up to q may be Byzantine; this module
 * turns a scenario into that n and q and prefixes each message with the field to change.
 */
import { checkAggregator, type RoundShape } from './aggregate';
import { clientsPerRound } from '../algorithms/sampling';
import type { Checks } from '../core/registry-types';
import type { Scenario } from '../core/schema';

export type { Checks } from '../core/registry-types';

/** B = round(byzantineFraction × clients): how many clients the seed makes Byzantine. */
export function byzantineCount(s: Pick<Scenario, 'byzantine' | 'clients'>): number {
	return Math.round(s.byzantine.fraction * s.clients + 1e-9);
}

/** One FedAvg round: n = the clients sampled per round, q = min(B, n) Byzantine among them. */
export function roundShape(s: Scenario): RoundShape {
	const n =
		s.algorithm.kind === 'fedavg'
			? clientsPerRound(s.algorithm.clientFraction, s.clients)
			: s.clients;
	return { n, q: Math.min(byzantineCount(s), n) };
}

/** Every precondition of the scenario's attack and aggregator, as readable messages. */
export function checkByzantine(s: Scenario): Checks {
	const errors: string[] = [];
	const warnings: string[] = [];
	const b = s.byzantine;
	const B = byzantineCount(s);
	const robust = b.fraction > 0 || s.aggregator.kind !== 'mean';
	if (s.algorithm.kind !== 'fedavg') {
		if (robust)
			errors.push(
				`byzantine / aggregator: Byzantine clients and robust aggregators are simulated for ` +
					`algorithm "fedavg" only (got "${s.algorithm.kind}"): set byzantine.fraction to 0 ` +
					`and aggregator to "mean"`
			);
		return { errors, warnings };
	}
	if (b.fraction > 0 && B === 0)
		warnings.push(
			`byzantine.fraction: ${b.fraction} of ${s.clients} clients rounds to no Byzantine client`
		);
	const shape = roundShape(s);
	const c = checkAggregator(s.aggregator, shape);
	errors.push(...c.errors.map((m) => `aggregator: ${m}`));
	warnings.push(...c.warnings.map((m) => `aggregator: ${m}`));
	if (B > 0 && shape.n < s.clients && s.aggregator.kind !== 'mean')
		warnings.push(
			`byzantine.fraction: with client sampling a round holds ${shape.n} of the ${s.clients} ` +
				`clients, so anywhere from ${Math.max(0, shape.n - (s.clients - B))} to ${shape.q} of ` +
				`the ${B} Byzantine clients; the rule is checked against the worst case, ${shape.q}`
		);
	return { errors, warnings };
}
