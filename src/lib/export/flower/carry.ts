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

/**
 * Fields carried as they are (any value), by exact key, so that a field added to the schema later
 * is refused until the app learns it.
 */
const CARRIED = [
	'seed',
	'dataset',
	'rounds',
	'clients',
	'model.kind',
	'model.hidden',
	'model.filters',
	'partition.kind',
	'partition.sizeSkew',
	'partition.alpha',
	'partition.shardsPerClient',
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
	'byzantine.fraction',
	'byzantine.project', // the 2-D view only
	'byzantine.attack.kind', // the kinds are checked against CARRIED_ATTACKS
	'byzantine.attack.scale',
	'byzantine.attack.sigma',
	'byzantine.attack.factor',
	'byzantine.attack.value',
	'aggregator.kind', // the kinds are checked against CARRIED_RULES
	'aggregator.beta',
	'aggregator.f',
	'aggregator.select',
	'aggregator.groups',
	'aggregator.inner',
	'aggregator.tau',
	'aggregator.iterations',
	'aggregator.threshold',
	// sgd, momentum (Flower's FedAvgM with the mean), adam, yogi, adagrad (ported)
	'serverOptimizer.kind',
	'serverOptimizer.learningRate',
	'serverOptimizer.beta',
	'serverOptimizer.beta1',
	'serverOptimizer.beta2',
	'serverOptimizer.tau'
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
		if (CARRIED.includes(key)) continue;
		if (key in neutral && neutral[key] === value) continue;
		out.push(
			`${key} = ${show(value)}: ${REASONS[key] ?? 'not carried by the Flower export yet'} ` +
				(key in neutral
					? `(set it to ${show(neutral[key])} to export)`
					: '(only its default exports: leave it out)')
		);
	}
	return out;
}
