/**
 * Every server optimizer composes with what produces the aggregate Δ (Reddi et al. 2021,
 * arXiv:2003.00295): a robust rule under attack, FedBuff's buffer, and the distributed-SGD
 * setting (one local step). In round 1 nothing before the server step depends on the optimizer,
 * so the plain run's new model P (sgd, η_g = 1) is the proposal, Δ = P − x₀, and the optimizer's
 * run must end round 1 at its first step from x₀ along Δ, written out here by hand per optimizer.
 */
import { describe, expect, it } from 'vitest';
import type { ServerOptimizerSpec } from '../core/schema';
import { aggregators, aggregatorNames } from '../robust/aggregate';
import { parseScenario, type ScenarioInput } from '../scenario';
import { runFake } from '../testing/sim-harness';

const TAU = 0.01;
/** Each optimizer with settings that move round 1 away from plain FedAvg, and its first step. */
const OPTIMIZERS: readonly [string, ServerOptimizerSpec, (x: number, d: number) => number][] = [
	['sgd η_g = 0.5', { kind: 'sgd', learningRate: 0.5 }, (x, d) => x + 0.5 * d],
	// v = Δ in round 1
	['momentum η_g = 0.5', { kind: 'momentum', learningRate: 0.5, beta: 0.9 }, (x, d) => x + 0.5 * d],
	[
		'adam',
		{ kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.99, tau: TAU },
		(x, d) => x + (0.05 * 0.1 * d) / (Math.sqrt(0.99 * TAU * TAU + 0.01 * d * d) + TAU)
	],
	[
		'yogi',
		{ kind: 'yogi', learningRate: 0.05, beta1: 0.9, beta2: 0.99, tau: TAU },
		(x, d) =>
			x +
			(0.05 * 0.1 * d) / (Math.sqrt(TAU * TAU - 0.01 * d * d * Math.sign(TAU * TAU - d * d)) + TAU)
	],
	[
		'adagrad',
		{ kind: 'adagrad', learningRate: 0.05, beta1: 0.9, beta2: 0.99, tau: TAU },
		(x, d) => x + (0.05 * 0.1 * d) / (Math.sqrt(TAU * TAU + d * d) + TAU)
	]
];

/** Runs `input` for one round plainly and with `opt`; checks the optimizer's first step by hand. */
async function expectFirstStep(
	input: ScenarioInput,
	opt: ServerOptimizerSpec,
	step: (x: number, d: number) => number
) {
	const plain = await runFake({ ...input, rounds: 1 });
	const run = await runFake({ ...input, rounds: 1, serverOptimizer: opt });
	const x0 = run.trainer.initial as Float32Array;
	expect(plain.trainer.initial).toEqual(x0);
	const p = plain.engine.globalWeights;
	const moved = Array.from(p).some((v, i) => v !== x0[i]);
	expect(moved, 'the plain round moved the model').toBe(true);
	run.engine.globalWeights.forEach((w, i) =>
		expect(w).toBeCloseTo(step(x0[i] as number, (p[i] as number) - (x0[i] as number)), 6)
	);
	return { plain, run };
}

const attacked = (aggregator: ScenarioInput['aggregator'], algo: Record<string, unknown> = {}) =>
	({
		seed: 5,
		clients: 12,
		algorithm: { kind: 'fedavg', clientFraction: 1, learningRate: 0.1, ...algo },
		byzantine: { fraction: 0.2, attack: { kind: 'signFlip', scale: 4 } },
		aggregator
	}) satisfies ScenarioInput;

describe.each(OPTIMIZERS)('server optimizer %s', (_name, opt, step) => {
	it('applies the median’s Δ under a sign-flip attack (not the mean’s)', async () => {
		const { plain } = await expectFirstStep(attacked({ kind: 'median' }), opt, step);
		const mean = await runFake({ ...attacked({ kind: 'mean' }), rounds: 1 });
		expect(mean.engine.globalWeights).not.toEqual(plain.engine.globalWeights);
	});

	it('applies FedBuff’s buffered Δ', async () => {
		await expectFirstStep(
			{
				seed: 5,
				clients: 6,
				algorithm: { kind: 'fedbuff', concurrency: 3, bufferSize: 2, learningRate: 0.1 }
			},
			opt,
			step
		);
	});

	it('runs distributed SGD (one local step) with the trimmed mean, round after round', async () => {
		const input = attacked({ kind: 'trimmedMean', beta: 0.2 }, { localSteps: 1, batchSize: 8 });
		const { run } = await expectFirstStep(input, opt, step);
		for (const job of run.trainer.jobs) expect(job.steps).toBe(1);
		const three = await runFake({ ...input, rounds: 3, serverOptimizer: opt });
		expect(three.of('evaluated')).toHaveLength(3);
		expect(three.engine.globalWeights.every(Number.isFinite)).toBe(true);
	});
});

describe('FedAdam after every aggregation rule of the registry', () => {
	const adam = OPTIMIZERS[2] as (typeof OPTIMIZERS)[number];
	it.each(aggregatorNames.map((n) => [n]))('%s', async (name) => {
		const input = attacked(aggregators[name].defaults);
		const parsed = parseScenario({
			...input,
			dataset: 'blobs',
			model: { kind: 'mlp', hidden: [] }
		});
		expect(parsed.ok ? [] : parsed.errors).toEqual([]);
		await expectFirstStep(input, adam[1], adam[2]);
	});
});
