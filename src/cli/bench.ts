/**
 * `npm run bench`: FedAvg on MNIST (MLP 784-200-200-10, 10 clients × 800 samples, E = 1, B = 32,
 * 5 rounds) through the engine, against a bare tfjs loop over the same samples on the same
 * backend. Prints ms per round, samples per second and the engine / bare ratio (target ≤ 1.10).
 */
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../lib/ml/backend';
import { buildModel } from '../lib/ml/model';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { createNodeRun } from '../lib/hosts/node/run';
import { layersOf } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';
import { scenarioOrThrow } from '../lib/sim/scenario';

const ROUNDS = 5;
const scenario = scenarioOrThrow({
	seed: 1,
	dataset: 'mnist',
	rounds: ROUNDS,
	clients: 10,
	model: { kind: 'mlp', hidden: [200, 200] },
	partition: { kind: 'iid' },
	algorithm: { kind: 'fedavg', clientFraction: 1, localEpochs: 1, batchSize: 32, learningRate: 0.1 }
});

async function engineRun(): Promise<{
	ms: number;
	samples: number;
	accuracy: number;
	evalMs: number;
}> {
	const run = createNodeRun(scenario);
	let samples = 0;
	run.engine.on((e) => {
		if (e.type === 'trainingFinished') samples += e.samples;
	});
	const t0 = performance.now();
	await run.engine.run();
	const ms = performance.now() - t0;
	// the engine evaluates after every round; time that part alone to report it separately
	const e0 = performance.now();
	await run.trainer.evaluate(run.engine.globalWeights);
	const evalMs = performance.now() - e0;
	const accuracy = run.engine.metrics.at(-1)?.accuracy ?? NaN;
	run.dispose();
	return { ms, samples, accuracy, evalMs };
}

/** The same samples, the same model and batch size, trained in a plain tfjs loop. */
async function bareRun(): Promise<{ ms: number; samples: number }> {
	const data = loadDatasetNode('mnist');
	const model = buildModel(layersOf(scenario.model, data.inputShape, 10), data.inputShape);
	const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const x = tf.tensor(data.train.x, [data.train.n, 28, 28, 1]);
	const y = tf.tensor1d(Int32Array.from(data.train.y), 'int32');
	const opt = tf.train.sgd(0.1);
	const rng = createRng(1);
	const order = Array.from({ length: data.train.n }, (_, i) => i);
	let samples = 0;
	const t0 = performance.now();
	for (let r = 0; r < ROUNDS; r++) {
		rng.shuffle(order);
		for (let from = 0; from < order.length; from += 32) {
			const idx = order.slice(from, from + 32);
			tf.tidy(() => {
				const ids = tf.tensor1d(idx, 'int32');
				const xb = tf.gather(x, ids);
				const yb = tf.oneHot(tf.gather(y, ids), 10);
				opt.minimize(
					() =>
						tf.losses.softmaxCrossEntropy(
							yb,
							model.apply(xb, { training: true }) as tf.Tensor
						) as tf.Scalar,
					false,
					vars
				);
			});
			samples += idx.length;
		}
		await new Promise((r) => setImmediate(r));
	}
	const ms = performance.now() - t0;
	model.dispose();
	x.dispose();
	y.dispose();
	opt.dispose();
	return { ms, samples };
}

async function main(): Promise<void> {
	const backend = await initNodeBackend('wasm');
	await bareRun(); // warm-up: kernels, wasm compilation, allocator
	const bare = await bareRun();
	const eng = await engineRun();
	const trainMs = eng.ms - ROUNDS * eng.evalMs;
	const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
	console.log(`backend: ${backend}`);
	console.log(
		`scenario: FedAvg, MNIST MLP 784-200-200-10, 10 clients x 800, E=1, B=32, ${ROUNDS} rounds`
	);
	console.log(
		`engine:  ${fmt(eng.ms / ROUNDS)} ms/round, ${fmt(eng.samples / (eng.ms / 1000))} samples/s (incl. test evaluation ${fmt(eng.evalMs)} ms/round), final accuracy ${eng.accuracy.toFixed(4)}`
	);
	console.log(
		`bare:    ${fmt(bare.ms / ROUNDS)} ms/round, ${fmt(bare.samples / (bare.ms / 1000))} samples/s`
	);
	console.log(
		`ratio engine/bare (training only, evaluation excluded): ${(trainMs / bare.ms).toFixed(3)}`
	);
	console.log(
		`ratio engine/bare (everything, evaluation included):  ${(eng.ms / bare.ms).toFixed(3)}`
	);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
