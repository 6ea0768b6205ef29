/**
 * `npm run bench [-- --workers N]`: FedAvg on MNIST (MLP 784-200-200-10, 10 clients × 800
 * samples, E = 1, B = 32, 5 rounds) through the engine, against a bare tfjs loop over the same
 * samples on the same backend, all in one run. Prints:
 * - the engine's samples/s with 1 worker (training on this thread) and with N worker threads
 *   (default: one per core), rounds 2–5 (round 1 includes starting the workers), and their ratio;
 * - one step's time split into matrix products and the rest (tape step and lean step), timed
 *   right before and right after the 1-worker run and averaged;
 * - the engine's 1-worker training throughput over the matmul-bound estimate (B / the step's
 *   products alone), and the engine / bare-loop ratio (target ≤ 1.10);
 * - the machine's ceiling for N threads (bench-ceiling.ts): what N CPU-only loops do at once.
 * Numbers on a shared machine are noisy: compare the ratios, which come from one run.
 */
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../lib/ml/backend';
import { buildModel } from '../lib/ml/model';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { defaultWorkers } from '../lib/hosts/node/pool-trainer';
import { createNodeRun } from '../lib/hosts/node/run';
import { layersOf } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';
import { scenarioOrThrow } from '../lib/sim/scenario';
import { parallelCeiling } from './bench-ceiling';
import { meanStep, measureStep } from './bench-step';

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

async function engineRun(
	workers: number,
	step: 'lean' | 'tape' = 'lean'
): Promise<{
	ms: number;
	samples: number;
	accuracy: number;
	evalMs: number;
	/** Rounds 2..ROUNDS only (round 1 includes starting the worker threads). */
	steadyMs: number;
	steadySamples: number;
}> {
	const run = createNodeRun(scenario, { workers, step });
	let samples = 0;
	let steadySamples = 0;
	let round1At = NaN;
	run.engine.on((e) => {
		if (e.type === 'trainingFinished') {
			samples += e.samples;
			if (e.round > 1) steadySamples += e.samples;
		}
		if (e.type === 'evaluated' && e.round === 1) round1At = performance.now();
	});
	const t0 = performance.now();
	await run.engine.run();
	const end = performance.now();
	const ms = end - t0;
	// the engine evaluates after every round; time that part alone to report it separately
	const e0 = performance.now();
	await run.trainer.evaluate(run.engine.globalWeights);
	const evalMs = performance.now() - e0;
	const accuracy = run.engine.metrics.at(-1)?.accuracy ?? NaN;
	run.dispose();
	return { ms, samples, accuracy, evalMs, steadyMs: end - round1At, steadySamples };
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

function workersArg(): number {
	const i = process.argv.indexOf('--workers');
	if (i < 0) return Math.max(2, defaultWorkers());
	const n = Number(process.argv[i + 1]);
	if (!Number.isInteger(n) || n < 1) throw new Error('--workers needs a whole number ≥ 1');
	return n;
}

async function main(): Promise<void> {
	const workers = workersArg();
	const backend = await initNodeBackend('wasm');
	await bareRun(); // warm-up: kernels, wasm compilation, allocator
	const bare = await bareRun();
	const tape = await engineRun(1, 'tape'); // the step as it was before the lean step
	// the step timed right before and right after the 1-worker run it is compared with, averaged:
	// a shared machine's speed drifts within seconds
	const mnist = loadDatasetNode('mnist');
	const stepBefore = await measureStep(mnist);
	const one = await engineRun(1);
	const stepAfter = await measureStep(mnist);
	const many = await engineRun(workers);
	const step = meanStep(stepBefore, stepAfter);
	const ceiling = await parallelCeiling(workers);
	const trainMs = one.ms - ROUNDS * one.evalMs;
	const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
	const perSec = (samples: number, ms: number) => samples / (ms / 1000);
	const oneRate = perSec(one.steadySamples, one.steadyMs);
	const tapeRate = perSec(tape.steadySamples, tape.steadyMs);
	const manyRate = perSec(many.steadySamples, many.steadyMs);
	const oneTrainRate = perSec(one.samples, trainMs);
	const boundRate = perSec(32, step.matmulMs);
	console.log(`backend: ${backend}`);
	console.log(
		`scenario: FedAvg, MNIST MLP 784-200-200-10, 10 clients x 800, E=1, B=32, ${ROUNDS} rounds`
	);
	console.log(
		`engine, 1 worker:  ${fmt(one.ms / ROUNDS)} ms/round, ${fmt(perSec(one.samples, one.ms))} samples/s (incl. test evaluation ${fmt(one.evalMs)} ms/round), final accuracy ${one.accuracy.toFixed(4)}`
	);
	console.log(
		`engine, ${workers} workers: ${fmt(many.ms / ROUNDS)} ms/round, final accuracy ${many.accuracy.toFixed(4)} (${many.accuracy === one.accuracy ? 'identical' : 'DIFFERENT'})`
	);
	console.log(
		`rounds 2-${ROUNDS}: 1 worker, tape step ${fmt(tapeRate)} samples/s; lean step ${fmt(oneRate)} samples/s, ratio ${(oneRate / tapeRate).toFixed(2)}; final accuracy ${tape.accuracy === one.accuracy ? 'identical' : 'DIFFERENT'}`
	);
	console.log(
		`rounds 2-${ROUNDS}: 1 worker ${fmt(oneRate)} samples/s, ${workers} workers ${fmt(manyRate)} samples/s, ratio ${(manyRate / oneRate).toFixed(2)} (target >= 1.7 on 2 cores)`
	);
	console.log(
		`machine ceiling: ${workers} threads of a CPU-only loop do ${ceiling.toFixed(2)}x the work of one; the pool reaches ${((manyRate / oneRate / ceiling) * 100).toFixed(0)} % of it`
	);
	console.log(
		`step (B=32): tape ${step.tapeMs.toFixed(2)} ms = matmul ${step.matmulMs.toFixed(2)} + rest ${(step.tapeMs - step.matmulMs).toFixed(2)} (${step.tapeKernels} kernels); lean ${step.leanMs.toFixed(2)} ms = matmul ${step.matmulMs.toFixed(2)} + rest ${(step.leanMs - step.matmulMs).toFixed(2)} (${step.leanKernels} kernels)`
	);
	console.log(
		`matmul-bound estimate: ${fmt(boundRate)} samples/s; engine 1-worker training ${fmt(oneTrainRate)} samples/s; ratio ${(oneTrainRate / boundRate).toFixed(3)} (target >= 0.6)`
	);
	console.log(
		`bare:    ${fmt(bare.ms / ROUNDS)} ms/round, ${fmt(bare.samples / (bare.ms / 1000))} samples/s`
	);
	console.log(
		`ratio engine/bare (training only, evaluation excluded): ${(trainMs / bare.ms).toFixed(3)}`
	);
	console.log(
		`ratio engine/bare (everything, evaluation included):  ${(one.ms / bare.ms).toFixed(3)}`
	);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
