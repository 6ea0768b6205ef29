/**
 * What the Flower export can carry. A field is carried when the Flower app reproduces its effect
 * exactly (or when it only moves the simulated clock, which changes no result without a deadline);
 * every other field must sit at its neutral default, or the export is refused with the field named
 * and the reason. Fields added to the schema later are refused until they are carried here, so an
 * export never silently runs a different experiment.
 */
import { defaultScenario, type Scenario } from '../../sim/scenario';
import { flattenScenario, type FlatValue } from './config';

/** Attacks a client-side wrapper reproduces (the omniscient ones need the honest updates). */
export const CARRIED_ATTACKS = [
	'signFlip',
	'gaussian',
	'scaling',
	'constant',
	'faulty',
	'labelFlip'
] as const;

/** Rules the app runs: four on Flower's own strategies, the rest as a custom strategy. */
export const CARRIED_RULES = [
	'mean',
	'median',
	'trimmedMean',
	'krum',
	'multiKrum',
	'geometricMedian',
	'medianOfMeans',
	'bulyan',
	'meamed',
	'centeredClipping',
	'normClip'
] as const;

/** Field prefixes carried as they are (any value). */
const CARRIED = [
	'seed',
	'dataset',
	'rounds',
	'clients',
	'model.',
	'partition.',
	'algorithm.kind',
	'algorithm.clientFraction',
	'algorithm.localEpochs',
	'algorithm.batchSize',
	'algorithm.learningRate',
	// simulated time only: no result depends on them while nothing is dropped
	'devices.computeSpeed',
	'devices.downlinkMbps',
	'devices.uplinkMbps',
	'devices.latencyMs',
	'devices.computeSpread',
	'devices.stragglerFraction',
	'devices.stragglerSlowdown',
	'devices.linkSpread',
	'devices.meanOfflineSec',
	'byzantine.',
	'aggregator.',
	// sgd, momentum (Flower's FedAvgM with the mean), adam, yogi, adagrad (ported)
	'serverOptimizer.'
];

const WHY_CLOCK =
	'which updates count then depends on the simulated clock, which a Flower run does not have';

/** Reasons for the fields that are refused away from their default. */
const REASONS: Record<string, string> = {
	'algorithm.deadline': WHY_CLOCK,
	'algorithm.overSelection': WHY_CLOCK,
	'devices.meanOnlineSec': WHY_CLOCK,
	'devices.messageLoss': WHY_CLOCK
};

const ALGORITHM_REASON: Record<string, string> = {
	fedasync:
		'asynchronous FedAsync is driven by the simulated arrival order of updates; the export carries synchronous FedAvg rounds only',
	fedbuff:
		'asynchronous FedBuff is driven by the simulated arrival order of updates; the export carries synchronous FedAvg rounds only',
	split:
		'split learning exchanges activations and gradients every batch; the export carries FedAvg rounds only',
	splitfed:
		'SplitFed exchanges activations and gradients every batch; the export carries FedAvg rounds only'
};

const show = (v: FlatValue | undefined) => JSON.stringify(v ?? null);

/** The reasons `scenario` cannot be exported, each naming its field; empty when it can. */
export function refusals(scenario: Scenario): string[] {
	const out: string[] = [];
	const alg = scenario.algorithm.kind;
	if (alg !== 'fedavg') {
		out.push(`algorithm.kind = "${alg}": ${ALGORITHM_REASON[alg] ?? 'not carried by the export'}`);
		return out;
	}
	const attack = scenario.byzantine.attack.kind;
	if (scenario.byzantine.fraction > 0 && !(CARRIED_ATTACKS as readonly string[]).includes(attack))
		out.push(
			`byzantine.attack.kind = "${attack}": this attack needs the other clients' updates ` +
				`(or is not ported yet); the export carries ${CARRIED_ATTACKS.join(', ')}`
		);
	const rule = scenario.aggregator.kind;
	if (!(CARRIED_RULES as readonly string[]).includes(rule))
		out.push(
			`aggregator.kind = "${rule}": not ported to the Flower app yet; the export carries ` +
				CARRIED_RULES.join(', ')
		);
	const flat = flattenScenario(scenario);
	const neutral = flattenScenario(defaultScenario());
	for (const [key, value] of Object.entries(flat)) {
		if (CARRIED.some((p) => (p.endsWith('.') ? key.startsWith(p) : key === p))) continue;
		if (key in neutral && neutral[key] === value) continue;
		out.push(
			`${key} = ${show(value)}: ${REASONS[key] ?? 'not carried by the Flower export yet'} ` +
				`(set it to ${show(neutral[key])} to export)`
		);
	}
	return out;
}
