/** Byzantine clients against robust aggregators, with real tfjs training (wasm backend in Node). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { scenarioOrThrow, type ScenarioInput } from '../lib/sim/scenario';
import { createNodeRun } from '../lib/hosts/node/run';
import { mnistFedAvg, runScenario as run } from './mnist-run';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

/** MNIST, MLP [64], IID, 10 clients all taking part, 3 of them flipping their update ×4. */
const signFlip = (aggregator: ScenarioInput['aggregator'], rounds = 4): ScenarioInput =>
	mnistFedAvg(
		{ byzantine: { fraction: 0.3, attack: { kind: 'signFlip', scale: 4 } }, aggregator },
		rounds
	);

describe('30% sign-flip attackers on MNIST (MLP [64], IID, 10 clients, 4 rounds)', () => {
	it('drag the mean backwards: its accuracy collapses below 0.5 (2 rounds suffice)', async () => {
		const { accuracy, of } = await run(signFlip({ kind: 'mean' }, 2));
		expect(Math.max(...accuracy)).toBeLessThan(0.5);
		const setup = of('setup')[0];
		expect(setup?.clients.filter((c) => c.byzantine)).toHaveLength(3);
		const views = of('updatesProjected');
		expect(views.length).toBe(accuracy.length);
		const byz = new Set(setup?.clients.filter((c) => c.byzantine).map((c) => c.id));
		for (const v of views) {
			expect(v.points.filter((p) => p.byzantine).map((p) => p.client)).toEqual([...byz]);
			const mean = v.aggregates.find((a) => a.rule === 'mean');
			const median = v.aggregates.find((a) => a.rule === 'median');
			expect(mean && median && mean.x < median.x).toBe(true); // the mean is dragged back
		}
	});

	it.each([
		{ kind: 'median' },
		{ kind: 'trimmedMean', beta: 0.3 },
		{ kind: 'krum' },
		{ kind: 'medianOfMeans', groups: 7 }
	] as const)('leave $kind standing: accuracy ≥ 0.85', async (aggregator) => {
		const { accuracy, of } = await run(signFlip(aggregator));
		expect(accuracy).toHaveLength(4);
		expect(accuracy.at(-1) as number).toBeGreaterThanOrEqual(0.85);
		const aggregated = of('aggregated');
		expect(aggregated.every((e) => e.rule === aggregator.kind)).toBe(true);
		if (aggregator.kind === 'krum') for (const e of aggregated) expect(e.discarded).toHaveLength(9); // Krum keeps one update
	});
});

describe('faults and data poisoning (blobs, quick)', () => {
	const blobs = (over: Partial<ScenarioInput>): ScenarioInput => ({
		seed: 3,
		dataset: 'blobs',
		rounds: 6,
		clients: 10,
		model: { kind: 'mlp', hidden: [16] },
		algorithm: { kind: 'fedavg', clientFraction: 1, localEpochs: 1, batchSize: 16 },
		...over
	});

	it('a NaN client makes the mean diverge visibly, while the median discards it', async () => {
		const faulty = { fraction: 0.1, attack: { kind: 'faulty', value: 'nan' } } as const;
		const mean = await run(blobs({ byzantine: faulty }));
		expect(mean.of('diverged')).toHaveLength(1);
		expect(mean.of('aggregated')[0]?.nonFinite).toHaveLength(1);
		const median = await run(blobs({ byzantine: faulty, aggregator: { kind: 'median' } }));
		expect(median.of('diverged')).toHaveLength(0);
		expect(median.accuracy).toHaveLength(6);
		expect(median.accuracy.at(-1) as number).toBeGreaterThan(0.8);
		for (const e of median.of('aggregated')) expect(e.discarded).toEqual(e.nonFinite);
	});

	it('label flip trains half the clients on y → 3 − y: the mean is hurt, the tensor count flat', async () => {
		const honest = await run(blobs({}));
		const r = createNodeRun(
			scenarioOrThrow(blobs({ byzantine: { fraction: 0.5, attack: { kind: 'labelFlip' } } }))
		);
		await r.engine.stepRound();
		const after1 = tf.memory().numTensors;
		while (await r.engine.stepRound());
		expect(tf.memory().numTensors).toBe(after1);
		const flipped = r.engine.metrics.map((m) => m.accuracy);
		r.dispose();
		expect(flipped).toHaveLength(6);
		expect(flipped.at(-1) as number).toBeLessThan((honest.accuracy.at(-1) as number) - 0.2);
	});
});
