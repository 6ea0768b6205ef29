/**
 * A parallel trainer (a worker pool) lets the engine start each client's training at its start
 * event and collect it at its finish event. Whatever order the jobs really finish in, the events
 * and the model must be exactly those of the serial trainer.
 */
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../core/dataset';
import type { SimEvent } from '../core/events';
import { createRng } from '../core/rng';
import type { TrainJob, TrainResult } from '../core/trainer';
import { Engine } from '../engine';
import { scenarioOrThrow, type ScenarioInput } from '../scenario';
import { FakeTrainer } from '../testing/fake-trainer';
import { BLOBS_PARAMS } from '../testing/sim-harness';

/** The fake trainer, but `parallel` and finishing each job after a random real delay. */
class ShuffledPoolTrainer extends FakeTrainer {
	readonly parallel = 4;
	#delays = createRng(99);
	inFlight = 0;
	maxInFlight = 0;

	override async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		const result = await super.train(weights, job);
		await new Promise((r) => setTimeout(r, this.#delays.int(4)));
		this.inFlight--;
		return result;
	}
}

const blobs = makeBlobs(createRng(7));

async function run(input: ScenarioInput, trainer: FakeTrainer) {
	const scenario = scenarioOrThrow({
		dataset: 'blobs',
		model: { kind: 'mlp', hidden: [] },
		partition: { kind: 'iid' },
		...input
	});
	const engine = new Engine(scenario, blobs, trainer);
	const events: SimEvent[] = [];
	engine.on((e) => events.push(e));
	await engine.run();
	return { events, weights: engine.globalWeights };
}

const cases: [string, ScenarioInput][] = [
	[
		'FedAvg with stragglers and a deadline',
		{
			seed: 3,
			rounds: 4,
			clients: 8,
			algorithm: { kind: 'fedavg', clientFraction: 0.75, deadline: 3 },
			devices: { stragglerFraction: 0.3, stragglerSlowdown: 5 }
		}
	],
	[
		'FedAsync',
		{
			seed: 4,
			rounds: 4,
			clients: 8,
			algorithm: { kind: 'fedasync', concurrency: 4 },
			devices: { stragglerFraction: 0.3, stragglerSlowdown: 5 }
		}
	],
	[
		'FedBuff',
		{
			seed: 5,
			rounds: 3,
			clients: 8,
			algorithm: { kind: 'fedbuff', concurrency: 6, bufferSize: 3 },
			devices: { stragglerFraction: 0.3, stragglerSlowdown: 5 }
		}
	]
];

describe('speculative training on a parallel trainer', () => {
	it.each(cases)('%s: the same events and model as the serial trainer', async (_, input) => {
		const serial = await run(input, new FakeTrainer(BLOBS_PARAMS));
		const pool = new ShuffledPoolTrainer(BLOBS_PARAMS);
		const parallel = await run(input, pool);
		expect(pool.maxInFlight).toBeGreaterThan(1); // jobs really overlapped
		expect(parallel.events).toEqual(serial.events);
		expect(Buffer.from(parallel.weights.buffer).equals(Buffer.from(serial.weights.buffer))).toBe(
			true
		);
	});
});
