/**
 * A classroom run as a scenario of the simulator: the lecturer's settings and the students present
 * become one validated `Scenario`, so the algorithm, the aggregation rule, the sampling and the
 * deadline are the simulator's own. Devices are the real ones: the engine gets near-instant
 * simulated links and compute (the real time of training and transfer is in the wait for the
 * student's update), and 1 ms of latency so that a message to or from a student who has left
 * counts as lost.
 */
import type { DatasetName } from '../../sim/core/dataset';
import type { DeviceProfile } from '../../sim/devices';
import { parseScenario, type ParseResult } from '../../sim/scenario';
import type { ClassroomConfig } from './protocol';

export const DEFAULT_CONFIG: ClassroomConfig = {
	algorithm: 'fedavg',
	partition: 'iid',
	aggregator: 'mean',
	rounds: 10,
	deadline: 30,
	clientFraction: 1,
	localEpochs: 1,
	batchSize: 32,
	learningRate: 0.1,
	hidden: 32,
	seed: 42,
	allowAttacks: true,
	allowBroken: false
};

/** A real device as the engine sees it: no simulated delay beyond 1 ms a message. */
export const LIVE_DEVICE: DeviceProfile = {
	computeSpeed: 1e12,
	downlinkMbps: 1e6,
	uplinkMbps: 1e6,
	latencyMs: 1,
	straggler: false
};

/** The scenario of a run with `clients` students. */
export function classroomScenario(
	config: ClassroomConfig,
	clients: number,
	dataset: DatasetName = 'mnist'
): ParseResult {
	const local = {
		localEpochs: config.localEpochs,
		batchSize: config.batchSize,
		learningRate: config.learningRate
	};
	const algorithm =
		config.algorithm === 'fedavg'
			? {
					kind: 'fedavg',
					clientFraction: config.clientFraction,
					deadline: config.deadline,
					...local
				}
			: config.algorithm === 'fedasync'
				? { kind: 'fedasync', concurrency: clients, evalEvery: clients, ...local }
				: {
						kind: 'fedbuff',
						concurrency: clients,
						bufferSize: Math.max(1, Math.ceil(clients / 2)),
						...local
					};
	return parseScenario({
		seed: config.seed,
		dataset,
		rounds: config.rounds,
		clients,
		model: { kind: 'mlp', hidden: config.hidden > 0 ? [config.hidden] : [] },
		partition:
			config.partition === 'iid' ? { kind: 'iid' } : { kind: 'shards', shardsPerClient: 2 },
		algorithm,
		aggregator: { kind: config.aggregator }
	});
}
