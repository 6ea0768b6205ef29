/**
 * The preconditions of a Byzantine scenario, in one place for the scenario parser (errors block a
 * run), the CLI (warnings on stderr) and the UI (both, next to the controls). Each rule states its
 * own conditions in terms of one round: n updates of which up to q may be Byzantine; this module
 * turns a scenario into that n and q and prefixes each message with the field to change.
 */
import { checkAggregator, type RoundShape } from './aggregate';
import { preAggregatedCount } from './pre-aggregate';
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
	const robust = b.fraction > 0 || s.aggregator.kind !== 'mean' || s.preAggregate.kind !== 'none';
	if (s.algorithm.kind !== 'fedavg') {
		if (robust)
			errors.push(
				`${b.fraction > 0 ? 'byzantine.fraction' : 'aggregator.kind'}: Byzantine clients and robust aggregators are simulated for ` +
					`algorithm "fedavg" only (got "${s.algorithm.kind}"): set byzantine.fraction to 0 ` +
					`and aggregator to "mean"`
			);
		return { errors, warnings };
	}
	if (b.fraction > 0 && B === 0)
		warnings.push(
			`byzantine.fraction: ${b.fraction} of ${s.clients} clients rounds to no Byzantine client`
		);
	if (b.fraction > 0 && b.attack.kind === 'backdoor' && s.dataset !== 'mnist')
		errors.push(
			`byzantine.attack: the backdoor stamps a pixel trigger, so it needs image data ` +
				`(dataset "mnist", got "${s.dataset}")`
		);
	const shape = roundShape(s);
	// after bucketing the rule sees ⌈n/s⌉ bucket means, still with up to q spoiled ones
	const ruleShape = { n: preAggregatedCount(s.preAggregate, shape.n), q: shape.q };
	const c = checkAggregator(s.aggregator, ruleShape);
	errors.push(...c.errors.map((m) => named(s, m, true)));
	warnings.push(...c.warnings.map((m) => named(s, m, false)));
	if (B > 0 && shape.n < s.clients && s.aggregator.kind !== 'mean')
		warnings.push(
			`byzantine.fraction: with client sampling a round holds ${shape.n} of the ${s.clients} ` +
				`clients, so anywhere from ${Math.max(0, shape.n - (s.clients - B))} to ${shape.q} of ` +
				`the ${B} Byzantine clients; the rule is checked against the worst case, ${shape.q}`
		);
	return { errors, warnings };
}

/**
 * The field a rule's message asks to change, as "path: message". A rule may name it itself: a
 * message "beta: …" names `aggregator.beta`, "byzantine.fraction: …" names that path. Otherwise
 * the rule's kind says which of its fields sets what it checks; a rule that too many attackers
 * break (the median at q ≥ n/2) names `byzantine.fraction`.
 */
function named(s: Scenario, message: string, isError: boolean): string {
	const spec = s.aggregator as Record<string, unknown>;
	const own = /^([a-zA-Z]+(?:\.[a-zA-Z]+)?): /.exec(message);
	if (own?.[1]) {
		const key = own[1];
		const rest = message.slice(own[0].length);
		if (key.includes('.')) return `${key}: ${rest}`;
		if (key in spec) return `aggregator.${key}: ${rest}`;
	}
	const byKind: Record<string, string> = {
		trimmedMean: 'aggregator.beta',
		medianOfMeans: 'aggregator.groups',
		centeredClipping: 'aggregator.tau',
		normClip: 'aggregator.threshold'
	};
	let field = byKind[s.aggregator.kind];
	if (['krum', 'multiKrum', 'bulyan', 'meamed', 'dnc'].includes(s.aggregator.kind))
		field = !isError || spec.f !== undefined ? 'aggregator.f' : 'byzantine.fraction';
	return `${field ?? 'byzantine.fraction'}: ${message}`;
}
