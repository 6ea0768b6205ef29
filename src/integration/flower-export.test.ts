/**
 * The Flower export computes the same experiment as the engine: each client's indices and the
 * Byzantine clients of a real engine run (createNodeRun), and initial weights bit for bit equal to
 * TfTrainer.initialWeights on the stream `init`, for the MLP and the CNN.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { fnv1aFloat32, glorotWeights, planFor, weightShapes } from '../lib/export/flower/plan';
import { createNodeRun } from '../lib/hosts/node/run';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { createRng } from '../lib/sim/core/rng';
import { scenarioOrThrow, type ScenarioInput } from '../lib/sim/scenario';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

describe('Flower export plan', () => {
	it.each<[string, ScenarioInput]>([
		[
			'MLP, Dirichlet, Byzantine',
			{
				seed: 5,
				clients: 6,
				model: { kind: 'mlp', hidden: [16] },
				partition: { kind: 'dirichlet', alpha: 0.3 },
				algorithm: { kind: 'fedavg', clientFraction: 1 },
				byzantine: { fraction: 0.34 },
				aggregator: { kind: 'median' }
			}
		],
		['CNN, shards', { seed: 9, clients: 4, model: { kind: 'cnn' }, partition: { kind: 'shards' } }]
	])('%s: partition, Byzantine clients and initial weights are the engine’s', (_, input) => {
		const scenario = scenarioOrThrow(input);
		const run = createNodeRun(scenario);
		try {
			const plan = planFor(scenario, loadDatasetNode(scenario.dataset));
			expect(plan.partition).toEqual(run.engine.clients.map((c) => Array.from(c.indices)));
			expect(plan.byzantine).toEqual(
				run.engine.clients.filter((c) => c.byzantine).map((c) => c.id)
			);
			const tf = run.engine.globalWeights; // before round 1: the engine's initial model
			const ours = glorotWeights(
				weightShapes(scenario, loadDatasetNode(scenario.dataset)),
				createRng(scenario.seed).fork('init')
			);
			expect(ours.length).toBe(tf.length);
			expect(Buffer.from(ours.buffer).equals(Buffer.from(tf.buffer))).toBe(true);
			expect(plan.initHash).toBe(fnv1aFloat32(tf));
		} finally {
			run.dispose();
		}
	});
});
