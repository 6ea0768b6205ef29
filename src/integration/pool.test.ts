/**
 * Real tfjs training on a pool of Node worker threads: the same scenario with 1 worker (training
 * on the engine's thread), 2 and 3 workers gives every metric and the final weights byte for
 * byte. FedBuff with stragglers exercises speculative training (jobs started at their start
 * event, collected at their finish event, out of order in real time); FedAvg with a label-
 * flipping attack sends a label map across threads; FedAvg on MNIST evaluates its 2,000 test
 * digits as two chunks on the two workers; SplitFed V1 trains its clients' turns (head and tail)
 * on the workers at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import type { SimEvent } from '../lib/sim/core/events';
import { scenarioOrThrow, type ScenarioInput } from '../lib/sim/scenario';
import { createNodeRun } from '../lib/hosts/node/run';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

async function runWith(input: ScenarioInput, workers: number) {
	const run = createNodeRun(scenarioOrThrow(input), { workers });
	const events: SimEvent[] = [];
	run.engine.on((e) => events.push(e));
	try {
		await run.engine.run();
		return { events, weights: Buffer.from(run.engine.globalWeights.buffer) };
	} finally {
		run.dispose();
	}
}

/** A scenario and the worker counts to compare with 1 (a pool's start costs a few seconds). */
const cases: [string, ScenarioInput, number[]][] = [
	[
		'FedBuff with stragglers',
		{
			seed: 11,
			dataset: 'blobs',
			rounds: 3,
			clients: 6,
			model: { kind: 'mlp', hidden: [16] },
			partition: { kind: 'dirichlet', alpha: 0.5 },
			algorithm: { kind: 'fedbuff', concurrency: 4, bufferSize: 2, localEpochs: 2, batchSize: 16 },
			devices: { stragglerFraction: 0.4, stragglerSlowdown: 6 }
		},
		[2, 3]
	],
	[
		'FedAvg with label-flipping clients',
		{
			seed: 12,
			dataset: 'blobs',
			rounds: 3,
			clients: 6,
			model: { kind: 'mlp', hidden: [16] },
			partition: { kind: 'iid' },
			algorithm: { kind: 'fedavg', clientFraction: 1, localEpochs: 1, batchSize: 16 },
			byzantine: { fraction: 0.34, attack: { kind: 'labelFlip' } }
		},
		[3]
	],
	[
		// 2,000 test digits: two evaluation chunks, one per worker (WebPoolTrainer.evaluate)
		'FedAvg on MNIST, its evaluation spread over the workers',
		{
			seed: 14,
			dataset: 'mnist',
			rounds: 3,
			clients: 4,
			model: { kind: 'mlp', hidden: [16] },
			partition: { kind: 'iid' },
			algorithm: { kind: 'fedavg', clientFraction: 1, localEpochs: 1, batchSize: 32 }
		},
		[2]
	],
	[
		'SplitFed V1',
		{
			seed: 13,
			dataset: 'blobs',
			rounds: 3,
			clients: 4,
			model: { kind: 'mlp', hidden: [16, 8] },
			partition: { kind: 'iid' },
			algorithm: { kind: 'splitfed', version: 'v1', cutLayer: 1, localEpochs: 1, batchSize: 16 }
		},
		[2]
	]
];

describe('worker pool', () => {
	it.each(cases)(
		'%s: 1 worker and more give identical runs',
		async (_, input, counts) => {
			const one = await runWith(input, 1);
			expect(one.events.filter((e) => e.type === 'evaluated')).toHaveLength(3);
			for (const n of counts) {
				const many = await runWith(input, n);
				expect(many.events).toEqual(one.events);
				expect(many.weights.equals(one.weights)).toBe(true);
			}
		},
		120_000
	);
});
