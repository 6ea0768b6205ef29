/**
 * What the real-tfjs Byzantine integration tests share (byzantine.test.ts, robust-menu.test.ts):
 * a scenario run in Node to the end with its events kept, and the MNIST setting they attack —
 * MLP [64], IID, 10 clients all in every round, one epoch of B = 32 at η = 0.2, seed 42.
 */
import type { EventOf, SimEvent } from '../lib/sim/core/events';
import { scenarioOrThrow, type ScenarioInput } from '../lib/sim/scenario';
import { createNodeRun } from '../lib/hosts/node/run';

/** Runs `input` (the wasm backend must be initialised); returns the metrics and the events by type. */
export async function runScenario(input: ScenarioInput) {
	const r = createNodeRun(scenarioOrThrow(input));
	const events: SimEvent[] = [];
	r.engine.on((e) => events.push(e));
	await r.engine.run();
	r.dispose();
	const of = <T extends SimEvent['type']>(type: T) =>
		events.filter((e): e is EventOf<T> => e.type === type);
	const metrics = r.engine.metrics;
	return { metrics, accuracy: metrics.map((m) => m.accuracy), of };
}

/** The MNIST setting of the Byzantine tests, with `over` on top, for `rounds` rounds. */
export const mnistFedAvg = (over: Partial<ScenarioInput>, rounds: number): ScenarioInput => ({
	seed: 42,
	dataset: 'mnist',
	rounds,
	clients: 10,
	model: { kind: 'mlp', hidden: [64] },
	partition: { kind: 'iid' },
	algorithm: {
		kind: 'fedavg',
		clientFraction: 1,
		localEpochs: 1,
		batchSize: 32,
		learningRate: 0.2
	},
	...over
});
