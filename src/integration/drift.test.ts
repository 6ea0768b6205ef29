/**
 * Clustered and personalized FL with real tfjs training on the blobs data (seconds): two groups of
 * clients see the labels permuted (labelGroups 2), so one global model cannot serve both; IFCA
 * with k = 2 finds the groups and serves each client far better; FedAvg + fine-tune adapts the
 * global model to each client's own data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import type { EventOf, SimEvent } from '../lib/sim/core/events';
import { groupOf } from '../lib/sim/personal/label-groups';
import { scenarioOrThrow, type ScenarioInput } from '../lib/sim/scenario';
import { createNodeRun } from '../lib/hosts/node/run';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

const base = (algo: Record<string, unknown>, over: ScenarioInput = {}) =>
	scenarioOrThrow({
		seed: 11,
		dataset: 'blobs',
		rounds: 6,
		clients: 8,
		model: { kind: 'mlp', hidden: [16] },
		labelGroups: 2,
		personalization: { testSamples: 100 },
		algorithm: {
			kind: 'fedavg',
			clientFraction: 1,
			localEpochs: 2,
			batchSize: 20,
			learningRate: 0.2,
			...algo
		},
		...over
	});

async function run(s: ReturnType<typeof base>) {
	const r = createNodeRun(s);
	const events: SimEvent[] = [];
	r.engine.on((e) => events.push(e));
	await r.engine.run();
	r.dispose();
	const of = <T extends SimEvent['type']>(t: T) =>
		events.filter((e): e is EventOf<T> => e.type === t);
	return { of };
}

const meanAcc = (e: EventOf<'clientsEvaluated'> | undefined) =>
	e ? e.accuracies.reduce((s, a) => s + a.accuracy, 0) / e.accuracies.length : NaN;

/** Share of clients in the majority group of their cluster (cluster purity). */
function purity(assigned: EventOf<'clustersAssigned'>): number {
	const byCluster = new Map<number, number[]>();
	for (const { client, cluster } of assigned.clusters)
		byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), groupOf(client, 2)]);
	let majority = 0;
	for (const groups of byCluster.values()) {
		const ones = groups.filter((g) => g === 1).length;
		majority += Math.max(ones, groups.length - ones);
	}
	return majority / assigned.clusters.length;
}

describe('clustered FL (IFCA) on label-permuted groups', () => {
	it('k = 2 recovers the groups (purity ≥ 0.9) and beats one global model', async () => {
		const ifca = await run(base({ clusters: 2 }));
		const fedavg = await run(base({}));
		const last = ifca.of('clustersAssigned').at(-1);
		expect(last?.clusters).toHaveLength(8);
		expect(purity(last as EventOf<'clustersAssigned'>)).toBeGreaterThanOrEqual(0.9);
		const ifcaAcc = meanAcc(ifca.of('clientsEvaluated').at(-1));
		const globalAcc = meanAcc(
			fedavg
				.of('clientsEvaluated')
				.filter((e) => e.model === 'global')
				.at(-1)
		);
		expect(ifcaAcc).toBeGreaterThan(0.9);
		expect(ifcaAcc).toBeGreaterThan(globalAcc + 0.2);
		// k models go down, one comes up
		const msgs = ifca.of('message').filter((m) => m.round === 1);
		const down = msgs.find((m) => m.kind === 'model')?.bytes ?? 0;
		const up = msgs.find((m) => m.kind === 'update')?.bytes ?? 0;
		expect(down).toBe(2 * up);
	});

	it('FedAvg + fine-tune: each client adapts the global model to its own data', async () => {
		const r = await run(
			base({}, { rounds: 2, personalization: { testSamples: 100, fineTuneEpochs: 2 } })
		);
		const round2 = r.of('clientsEvaluated').filter((e) => e.round === 2);
		const global = round2.find((e) => e.model === 'global');
		const tuned = round2.find((e) => e.model === 'fineTuned');
		expect(tuned?.accuracies).toHaveLength(8);
		expect(meanAcc(tuned)).toBeGreaterThan(meanAcc(global) + 0.2);
	});
});
