/**
 * The smashed message's `activations` (issue 10): the split trainer keeps the first batch's first
 * sample of smashed data, reads it with the loss it already reads, and the turn puts it on its
 * first smashed message up; in a U-shaped split the same sample's server-part output rides on the
 * first smashed message down. Real tfjs (wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { TfSplitTrainer } from '../lib/ml/tf-split-trainer';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { createNodeRun } from '../lib/hosts/node/run';
import { ACTIVATION_VALUES, type SimEvent } from '../lib/sim/core/events';
import { createRng } from '../lib/sim/core/rng';
import { scenarioOrThrow, type ModelSpec } from '../lib/sim/scenario';
import { activationSample } from '../lib/sim/split/activation-sample';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

type Message = Extract<SimEvent, { type: 'message' }>;

describe('the trainer samples the cut', () => {
	it.each([
		['blobs, MLP cut 1', 'blobs', { kind: 'mlp', hidden: [32, 16] }, 1, 40],
		['MNIST, CNN cut 1 (pooled to fit)', 'mnist', { kind: 'cnn', filters: [4, 8] }, 1, 24]
	] as const)(
		'%s: the first shuffled sample’s head output, shrunk; tensor count flat',
		async (_, data, spec, cutLayer, count) => {
			const dataset = loadDatasetNode(data);
			const trainer = new TfSplitTrainer(dataset, spec as ModelSpec, { cutLayer });
			const parts = trainer.split(trainer.initialWeights(createRng(1)));
			const indices = Int32Array.from({ length: count }, (_, i) => i * 3);
			// learning rate 0: the weights stay as loaded, so the head can be run again afterwards
			const job = { indices, epochs: 1, batchSize: 8, learningRate: 0, rng: createRng(5) };
			const before = tf.memory().numTensors;
			const r = await trainer.trainSplit(parts, job);
			expect(tf.memory().numTensors).toBe(before);
			const a = r.activations;
			expect(a).toBeDefined();
			if (!a) return;
			expect(a.cut).toEqual([...trainer.layout.smashedShape]);
			expect(a.values.length).toBe(a.shape.reduce((x, y) => x * y, 1));
			expect(a.values.length).toBeLessThanOrEqual(ACTIVATION_VALUES);
			expect(a.values.every(Number.isFinite)).toBe(true);
			// the same sample by hand: the first index after the job's shuffle, through the head
			const first = createRng(5).shuffle(Array.from(indices))[0] as number;
			const per = dataset.inputShape.reduce((x, y) => x * y, 1);
			const x = tf.tensor(dataset.train.x.slice(first * per, (first + 1) * per), [
				1,
				...dataset.inputShape
			]);
			const out = trainer.model.clientForward(x);
			const want = activationSample(out.dataSync(), out.shape.slice(1));
			x.dispose();
			out.dispose();
			expect(a.shape).toEqual(want.shape);
			a.values.forEach((v, i) => expect(v).toBeCloseTo(want.values[i] as number, 5));
			if (data === 'mnist') expect(a.pool).toBeGreaterThan(1);
			trainer.dispose();
		}
	);
});

async function smashedMessages(
	algorithm: Record<string, unknown>,
	model: ModelSpec = { kind: 'mlp', hidden: [16] }
) {
	const s = scenarioOrThrow({
		seed: 3,
		dataset: 'blobs',
		rounds: 2,
		clients: 3,
		model,
		algorithm: { localEpochs: 1, batchSize: 16, learningRate: 0.1, cutLayer: 1, ...algorithm }
	});
	const run = createNodeRun(s);
	const events: SimEvent[] = [];
	run.engine.on((e) => events.push(e));
	await run.engine.run();
	run.dispose();
	return events.filter((e): e is Message => e.type === 'message' && e.kind === 'smashed');
}

describe.each([
	['split learning', { kind: 'split', handoff: 'peer' }],
	['SplitFed v1', { kind: 'splitfed', version: 'v1', clientFraction: 1 }]
])('%s: activations on smashed messages', (_, algorithm) => {
	it('one per client turn, on its first smashed message up, bounded and finite; same seed, same values', async () => {
		const msgs = await smashedMessages(algorithm);
		const carrying = msgs.filter((m) => m.activations);
		expect(carrying).toHaveLength(2 * 3); // rounds × clients
		for (const m of carrying) {
			expect(m.to).toBe('server');
			const firstUp = msgs.find((o) => o.round === m.round && o.from === m.from);
			expect(firstUp).toBe(m);
			const a = m.activations as NonNullable<Message['activations']>;
			expect(a.shape).toEqual([16]);
			expect(a.cut).toEqual([16]);
			expect(a.values).toHaveLength(16);
			expect(a.values.every(Number.isFinite)).toBe(true);
		}
		// a ReLU layer's output: not all zero, never negative
		expect(carrying.some((m) => m.activations?.values.some((v) => v > 0))).toBe(true);
		const again = (await smashedMessages(algorithm)).filter((m) => m.activations);
		expect(again.map((m) => m.activations)).toEqual(carrying.map((m) => m.activations));
	});
});

describe('U-shaped split learning: the server part’s output on the first smashed message down', () => {
	it('one per client turn down and one up; the down sample is the server part’s output', async () => {
		const msgs = await smashedMessages(
			{ kind: 'split', handoff: 'peer', labels: 'ushaped' },
			{ kind: 'mlp', hidden: [16, 8] }
		);
		const carrying = msgs.filter((m) => m.activations);
		const down = carrying.filter((m) => m.from === 'server');
		expect(down).toHaveLength(2 * 3); // rounds × clients
		expect(carrying).toHaveLength(2 * 2 * 3);
		for (const m of down) {
			const firstDown = msgs.find((o) => o.round === m.round && o.to === m.to);
			expect(firstDown).toBe(m);
			const a = m.activations as NonNullable<Message['activations']>;
			expect(a.values.length).toBe(a.shape.reduce((x, y) => x * y, 1));
			expect(a.values.every(Number.isFinite)).toBe(true);
			expect(a.cut).toEqual([8]); // the server part (16 → 8) ends at the top cut
		}
	});
});
