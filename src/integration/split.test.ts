/** Split learning and SplitFed end to end with real tfjs training (wasm backend in Node). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { SplitModel } from '../lib/ml/split-model';
import { TfSplitTrainer } from '../lib/ml/tf-split-trainer';
import { whatTheServerSees } from '../lib/ml/split-view';
import { TfTrainer } from '../lib/ml/tf-trainer';
import type { SimEvent } from '../lib/sim/core/events';
import { describeModel } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';
import { scenarioOrThrow, type ModelSpec, type ScenarioInput } from '../lib/sim/scenario';
import {
	batchSizesOf,
	modelFlops,
	parallelRoundSeconds,
	sequentialRoundSeconds,
	splitEpochBytes
} from '../lib/sim/split/costs';
import { splitLayout } from '../lib/sim/split/layout';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { createNodeRun } from '../lib/hosts/node/run';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

type AlgoInput = Record<string, unknown>;
const scenario = (over: Partial<ScenarioInput>, algorithm: AlgoInput) =>
	scenarioOrThrow({ ...over, algorithm: { localEpochs: 1, batchSize: 16, ...algorithm } });

async function runToEnd(s: ReturnType<typeof scenario>) {
	const run = createNodeRun(s);
	const events: SimEvent[] = [];
	run.engine.on((e) => events.push(e));
	await run.engine.run();
	const out = {
		metrics: run.engine.metrics.slice(),
		weights: run.engine.globalWeights,
		clients: run.engine.clients,
		events
	};
	run.dispose();
	return out;
}

const maxDiff = (a: Float32Array, b: Float32Array) => {
	expect(a.length).toBe(b.length);
	let d = 0;
	for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
	return d;
};

describe('exactness: split training is whole-model training, cut anywhere', () => {
	const mnist = () => loadDatasetNode('mnist');
	const indices = Int32Array.from({ length: 192 }, (_, i) => i * 7);
	const job = () => ({ indices, epochs: 2, batchSize: 32, learningRate: 0.1, rng: createRng(3) });

	it.each([
		['cnn', { kind: 'cnn', filters: [4, 8] }, [1, 2, 3, 4, 5, 6]],
		['mlp', { kind: 'mlp', hidden: [32, 16] }, [1, 2, 3]]
	] as const)('%s: every vanilla cut gives the same weights and loss', async (_, spec, cuts) => {
		const whole = new TfTrainer(mnist(), spec as ModelSpec);
		const w0 = whole.initialWeights(createRng(1));
		const ref = await whole.train(w0, job());
		whole.dispose();
		for (const cutLayer of cuts) {
			const split = new TfSplitTrainer(mnist(), spec as ModelSpec, { cutLayer });
			expect(Array.from(split.initialWeights(createRng(1)))).toEqual(Array.from(w0));
			const got = await split.train(w0, job());
			split.dispose();
			expect(maxDiff(got.weights, ref.weights), `cut ${cutLayer}`).toBeLessThan(1e-5);
			expect(got.loss).toBeCloseTo(ref.loss, 5);
			expect(maxDiff(got.weights, w0)).toBeGreaterThan(1e-3); // it did train
		}
	});

	it('U-shaped: head, server body and client top together equal the whole model', async () => {
		const spec: ModelSpec = { kind: 'cnn', filters: [4, 8] };
		const whole = new TfTrainer(mnist(), spec);
		const w0 = whole.initialWeights(createRng(2));
		const ref = await whole.train(w0, job());
		whole.dispose();
		for (const [cutLayer, topLayers] of [
			[1, 1],
			[2, 2],
			[4, 2],
			[1, 5]
		] as const) {
			const split = new TfSplitTrainer(mnist(), spec, { cutLayer, labels: 'ushaped', topLayers });
			const got = await split.train(w0, job());
			split.dispose();
			expect(maxDiff(got.weights, ref.weights), `cut ${cutLayer}/${topLayers}`).toBeLessThan(1e-5);
			expect(got.loss).toBeCloseTo(ref.loss, 5);
		}
	});

	it.each([
		['split', 1, {}],
		['split', 2, {}],
		['split', 1, { labels: 'ushaped' }],
		['splitfed', 2, { version: 'v1' }],
		['splitfed', 1, { version: 'v2' }]
	])(
		'%s at cut %i with one client follows the centralized trajectory round by round (%j)',
		async (kind, cutLayer, extra) => {
			const s = scenario(
				{
					seed: 7,
					dataset: 'blobs',
					rounds: 3,
					clients: 1,
					model: { kind: 'mlp', hidden: [16, 8] }
				},
				{ kind, cutLayer, localEpochs: 2, batchSize: 50, ...extra }
			);
			const { weights, events, clients } = await runToEnd(s);
			const data = clients[0]?.indices as Int32Array;
			expect(data.length).toBe(2000);
			const trainer = new TfTrainer(loadDatasetNode('blobs'), s.model);
			const root = createRng(s.seed);
			let w = trainer.initialWeights(root.fork('init'));
			const losses: number[] = [];
			for (let r = 1; r <= 3; r++) {
				const res = await trainer.train(w, {
					indices: data,
					epochs: 2,
					batchSize: 50,
					learningRate: 0.1,
					rng: root.fork(`train/${r}/0`)
				});
				w = res.weights;
				losses.push(res.loss);
			}
			trainer.dispose();
			expect(maxDiff(weights, w)).toBeLessThan(1e-5);
			const splitLosses = events.flatMap((e) => (e.type === 'trainingFinished' ? [e.loss] : []));
			expect(splitLosses).toHaveLength(3);
			splitLosses.forEach((l, i) => expect(l).toBeCloseTo(losses[i] as number, 5));
		}
	);
});

describe('the gradient at the cut, by hand', () => {
	// dense 2→2 (relu) | dense 2→2 (logits); W1 = I, b1 = 0, W2 = [[1, −1], [2, 0]], b2 = 0.
	// x₁ = (1, 2), y₁ = 0: h₁ = (1, 2), z₁ = (5, −1).  x₂ = (3, −1), y₂ = 1: h₂ = (3, 0), z₂ = (3, −3).
	// Both have p(class 0) = σ(6). With the mean over B = 2, ∂L/∂z₁ = (σ − 1, 1 − σ)/2 and
	// ∂L/∂z₂ = (σ, −σ)/2, so ∂L/∂h = ∂L/∂z · W2ᵀ gives h₁: (σ − 1, σ − 1) and h₂: (σ, σ).
	const s = 1 / (1 + Math.exp(-6));
	const layout = splitLayout(describeModel({ kind: 'mlp', hidden: [2] }, [2], 2), 1);

	it('the server returns ∂L/∂smashed and the loss; the client gets its head gradient', () => {
		const before = tf.memory().numTensors;
		const model = new SplitModel(layout, [2]);
		const set = (v: tf.Variable | undefined, values: number[], shape: number[]) =>
			v?.assign(tf.tensor(values, shape));
		tf.tidy(() => {
			set(model.headVars[0], [1, 0, 0, 1], [2, 2]);
			set(model.headVars[1], [0, 0], [2]);
			set(model.tailVars[0], [1, -1, 2, 0], [2, 2]);
			set(model.tailVars[1], [0, 0], [2]);
		});
		const out = tf.tidy(() => {
			const x = tf.tensor2d([
				[1, 2],
				[3, -1]
			]);
			const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
			const smashed = model.clientForward(x);
			const { loss, gradAtCut, grads } = model.serverBackward(smashed, y);
			const head = model.headGradients(x, gradAtCut);
			return {
				smashed: Array.from(smashed.dataSync()),
				loss: loss.dataSync()[0] as number,
				gradAtCut: { shape: gradAtCut.shape, values: Array.from(gradAtCut.dataSync()) },
				tailKeys: Object.keys(grads).length,
				kernel: Array.from((head[model.headVars[0]?.name as string] as tf.Tensor).dataSync()),
				bias: Array.from((head[model.headVars[1]?.name as string] as tf.Tensor).dataSync())
			};
		});
		model.dispose();
		expect(out.smashed).toEqual([1, 2, 3, 0]);
		expect(out.loss).toBeCloseTo((Math.log(1 + Math.exp(-6)) + Math.log(1 + Math.exp(6))) / 2, 5);
		expect(out.gradAtCut.shape).toEqual([2, 2]);
		[s - 1, s - 1, s, s].forEach((g, i) => expect(out.gradAtCut.values[i]).toBeCloseTo(g, 6));
		expect(out.tailKeys).toBe(2);
		// ∂L/∂W1[a][j] = Σᵢ xᵢ[a] · ∂L/∂hᵢ[j] · relu′; x₂'s second unit is off (pre-activation −1)
		const k = [(s - 1) * 1 + s * 3, (s - 1) * 1, (s - 1) * 2 + s * -1, (s - 1) * 2];
		k.forEach((g, i) => expect(out.kernel[i]).toBeCloseTo(g, 6));
		[s - 1 + s, s - 1].forEach((g, i) => expect(out.bias[i]).toBeCloseTo(g, 6));
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('SplitFed', () => {
	const base: Partial<ScenarioInput> = {
		seed: 5,
		dataset: 'blobs',
		rounds: 2,
		clients: 4,
		model: { kind: 'mlp', hidden: [16, 8] },
		partition: { kind: 'dirichlet', alpha: 0.5 }
	};

	it('v1 (a tail per client, both halves averaged) is FedAvg computed through the cut', async () => {
		const fed = await runToEnd(
			scenario(base, { kind: 'splitfed', version: 'v1', cutLayer: 1, clientFraction: 1 })
		);
		const avg = await runToEnd(
			scenario(base, { kind: 'fedavg', clientFraction: 1, learningRate: 0.1 })
		);
		expect(maxDiff(fed.weights, avg.weights)).toBeLessThan(1e-5);
		fed.metrics.forEach((m, i) =>
			expect(m.accuracy).toBeCloseTo(avg.metrics[i]?.accuracy as number, 2)
		);
	});

	it('v2 (one tail, trained client after client) differs from v1 and still learns', async () => {
		const v1 = await runToEnd(scenario(base, { kind: 'splitfed', version: 'v1', cutLayer: 1 }));
		const v2 = await runToEnd(scenario(base, { kind: 'splitfed', version: 'v2', cutLayer: 1 }));
		expect(maxDiff(v1.weights, v2.weights)).toBeGreaterThan(1e-3);
		expect(v2.metrics.at(-1)?.accuracy).toBeGreaterThan(0.8);
		expect(v2.events.filter((e) => e.type === 'aggregated')).toHaveLength(2);
	});
});

describe('events, bytes and simulated time', () => {
	const devices = { computeSpread: 0.5, linkSpread: 0.5 };
	const base: Partial<ScenarioInput> = {
		seed: 3,
		dataset: 'blobs',
		rounds: 2,
		clients: 3,
		model: { kind: 'mlp', hidden: [16, 8] },
		devices
	};

	const accounting = (events: SimEvent[]) => {
		const msgs = events.filter((e) => e.type === 'message');
		const by = (kind: string) => msgs.filter((m) => m.kind === kind);
		const sum = (xs: typeof msgs) => xs.reduce((s, m) => s + m.bytes, 0);
		return { msgs, by, sum };
	};

	it.each(['server', 'peer'] as const)(
		'sequential split learning, hand-off through %s: bytes and clock match the cost model',
		async (handoff) => {
			const s = scenario(base, { kind: 'split', cutLayer: 2, handoff, batchSize: 16 });
			const { events, metrics, clients } = await runToEnd(s);
			const { msgs, by, sum } = accounting(events);
			const layout = splitLayout(describeModel(s.model, [2], 4), 2);
			const n = 2000;
			const perEpoch = splitEpochBytes(layout, n, 3, { kind: 'split', handoff });
			const headBytes = layout.headParams * 4;
			// K·R − 1 hand-offs: two messages each through the server, one peer to peer
			expect(by('head')).toHaveLength((handoff === 'server' ? 2 : 1) * 5);
			expect(sum(by('head'))).toBe((handoff === 'server' ? 2 : 1) * 5 * headBytes);
			expect(sum(by('smashed'))).toBe(2 * (perEpoch.smashed + perEpoch.labels));
			expect(sum(by('gradient'))).toBe(2 * perEpoch.gradients);
			expect(sum(msgs)).toBe(2 * perEpoch.total - perEpoch.handoffs / 3);
			// one client at a time: a turn's exchanges lie between its start and finish
			const started = events.filter((e) => e.type === 'trainingStarted');
			const finished = events.filter((e) => e.type === 'trainingFinished');
			expect(started.map((e) => e.client)).toEqual([0, 1, 2, 0, 1, 2]);
			for (let i = 1; i < started.length; i++)
				expect((started[i] as SimEvent).t).toBeGreaterThanOrEqual((finished[i - 1] as SimEvent).t);
			// at most 8 grouped exchanges per turn, each an up and a down event
			expect(by('smashed').length).toBeLessThanOrEqual(6 * 8);
			expect(by('smashed').every((m) => (m.count ?? 1) >= 1)).toBe(true);
			const loads = clients.map((c) => ({
				device: c,
				batchSizes: batchSizesOf(c.indices.length, 1, 16)
			}));
			const speeds = {
				modelFlops: modelFlops(layout.layers),
				serverSpeed: 10 * s.devices.computeSpeed
			};
			const r1 = sequentialRoundSeconds(layout, loads, speeds, handoff, true);
			const r2 = sequentialRoundSeconds(layout, loads, speeds, handoff);
			expect(metrics[0]?.t).toBeCloseTo(r1, 6);
			expect(metrics[1]?.t).toBeCloseTo(r1 + r2, 6);
			expect(metrics[1]?.bytesUp).toBe(sum(msgs.filter((m) => m.from !== 'server')));
		}
	);

	it('SplitFed runs the clients in parallel: a round lasts as long as the slowest', async () => {
		const s = scenario(base, { kind: 'splitfed', cutLayer: 2, batchSize: 16 });
		const { events, metrics, clients } = await runToEnd(s);
		const layout = splitLayout(describeModel(s.model, [2], 4), 2);
		const loads = clients.map((c) => ({
			device: c,
			batchSizes: batchSizesOf(c.indices.length, 1, 16)
		}));
		const speeds = {
			modelFlops: modelFlops(layout.layers),
			serverSpeed: 10 * s.devices.computeSpeed
		};
		const round = parallelRoundSeconds(layout, loads, speeds);
		expect(metrics[0]?.t).toBeCloseTo(round, 6);
		expect(metrics[1]?.t).toBeCloseTo(2 * round, 6);
		expect(round).toBeLessThan(sequentialRoundSeconds(layout, loads, speeds, 'server') / 1.5);
		const { by, sum } = accounting(events);
		expect(by('head')).toHaveLength(2 * 3 * 2);
		expect(sum(by('head')) + sum(by('smashed')) + sum(by('gradient'))).toBe(
			2 * splitEpochBytes(layout, 2000, 3, { kind: 'splitfed' }).total
		);
		// all three clients are busy at once
		const firstFinish = events.find((e) => e.type === 'trainingFinished') as SimEvent;
		expect(events.filter((e) => e.type === 'trainingStarted' && e.t < firstFinish.t)).toHaveLength(
			3
		);
	});

	it('U-shaped mode never sends the labels: four messages per batch, no label bytes', async () => {
		const s = scenario(base, { kind: 'split', cutLayer: 1, labels: 'ushaped', batchSize: 16 });
		const { events } = await runToEnd(s);
		const { by, sum } = accounting(events);
		const layout = splitLayout(describeModel(s.model, [2], 4), 1, 'ushaped', 1);
		const perEpoch = splitEpochBytes(layout, 2000, 3, { kind: 'split', handoff: 'server' });
		expect(perEpoch.labels).toBe(0);
		expect(sum(by('smashed'))).toBe(2 * perEpoch.smashed);
		expect(sum(by('gradient'))).toBe(2 * perEpoch.gradients);
		expect(by('smashed').filter((m) => m.from === 'server').length).toBeGreaterThan(0);
		expect(by('gradient').filter((m) => m.to === 'server').length).toBeGreaterThan(0);
	});

	it('is deterministic and keeps the tensor count flat over rounds', async () => {
		for (const algo of [
			{ kind: 'split', cutLayer: 1, labels: 'ushaped' },
			{ kind: 'splitfed', cutLayer: 2, version: 'v2', clientFraction: 0.5 }
		]) {
			const s = scenario({ ...base, rounds: 8, clients: 4 }, { ...algo, batchSize: 50 });
			const run = createNodeRun(s);
			await run.engine.stepRound();
			const after1 = tf.memory().numTensors;
			for (let r = 2; r <= 8; r++) await run.engine.stepRound();
			expect(run.engine.metrics).toHaveLength(8);
			expect(tf.memory().numTensors).toBe(after1);
			const metrics = run.engine.metrics.slice();
			run.dispose();
			expect((await runToEnd(s)).metrics).toEqual(metrics);
		}
	});
});

describe('on MNIST', () => {
	it('split learning (5 clients taking turns, cut after the first dense layer) reaches ≥ 0.9', async () => {
		const t0 = performance.now();
		const { metrics } = await runToEnd(
			scenario(
				{
					seed: 42,
					dataset: 'mnist',
					rounds: 2,
					clients: 5,
					model: { kind: 'mlp', hidden: [200, 200] }
				},
				{ kind: 'split', cutLayer: 2, batchSize: 32, learningRate: 0.1 }
			)
		);
		expect(Math.max(...metrics.map((m) => m.accuracy))).toBeGreaterThanOrEqual(0.9);
		expect(performance.now() - t0).toBeLessThan(40_000);
	});

	it('shows what the server sees: raw pixels at the first cut, the labels, every cut', () => {
		const data = loadDatasetNode('mnist');
		const spec: ModelSpec = { kind: 'cnn', filters: [4, 8] };
		const trainer = new TfTrainer(data, spec, { testLimit: 10 });
		const w = trainer.initialWeights(createRng(1));
		trainer.dispose();
		const before = tf.memory().numTensors;
		const views = whatTheServerSees(data, spec, w, [0, 1, 2]);
		expect(tf.memory().numTensors).toBe(before);
		expect(views.map((v) => v.cutLayer)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(views[0]).toMatchObject({ layer: 'conv2d_0', shape: [28, 28, 4], floats: 3136 });
		expect(views[0]?.images[0]).toMatchObject({ width: 56, height: 56 });
		expect(views[4]).toMatchObject({ layer: 'flatten_4', shape: [392] });
		expect(views[4]?.images[0]?.tiles).toEqual({ cols: 3, rows: 3, tileWidth: 7, tileHeight: 7 });
		expect(views[0]?.labels).toEqual(Array.from(data.train.y.subarray(0, 3)));
		// an MLP cut after the flatten layer hands the server the image itself
		const mlp: ModelSpec = { kind: 'mlp', hidden: [8] };
		const raw = whatTheServerSees(data, mlp, new Float32Array(784 * 8 + 8 + 8 * 10 + 10), [5], [1]);
		const img = raw[0]?.images[0];
		const x = data.train.x.subarray(5 * 784, 6 * 784);
		const max = Math.max(...x);
		expect(img?.width).toBe(28);
		for (let i = 0; i < 784; i += 37) expect(img?.pixels[i]).toBeCloseTo((x[i] as number) / max, 5);
	});
});
