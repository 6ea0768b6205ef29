/** Local steps and server optimizers inside the engine (fake trainer: instant and exact). */
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from '../scenario';
import { runFake } from '../testing/sim-harness';

const fedavg = (algo: Record<string, unknown> = {}, over: ScenarioInput = {}): ScenarioInput => ({
	seed: 3,
	rounds: 3,
	clients: 4,
	algorithm: { kind: 'fedavg', clientFraction: 1, learningRate: 0.1, ...algo },
	...over
});

const deltaOf = (a: Float32Array, b: Float32Array) => Array.from(a, (x, i) => x - (b[i] as number));

describe('server optimizers in FedAvg', () => {
	it('sgd with η_g = 1 is FedAvg bit for bit (same events, same model)', async () => {
		const plain = await runFake(fedavg());
		const sgd = await runFake(fedavg({}, { serverOptimizer: { kind: 'sgd', learningRate: 1 } }));
		expect(sgd.events).toEqual(plain.events);
		expect(sgd.engine.globalWeights).toEqual(plain.engine.globalWeights);
	});

	it('sgd with η_g = 0.5 moves the global model half as far in round 1', async () => {
		const one = { rounds: 1 };
		const plain = await runFake(fedavg({}, one));
		const w0 = plain.trainer.initial as Float32Array;
		const half = await runFake(
			fedavg({}, { ...one, serverOptimizer: { kind: 'sgd', learningRate: 0.5 } })
		);
		const want = deltaOf(plain.engine.globalWeights, w0).map((d) => d / 2);
		deltaOf(half.engine.globalWeights, w0).forEach((d, i) =>
			expect(d).toBeCloseTo(want[i] as number, 6)
		);
	});

	it('momentum (FedAvgM) changes the run; the rounds still finish and evaluate', async () => {
		const plain = await runFake(fedavg());
		const m = await runFake(fedavg({}, { serverOptimizer: { kind: 'momentum', beta: 0.9 } }));
		expect(m.of('evaluated')).toHaveLength(3);
		expect(m.engine.globalWeights).not.toEqual(plain.engine.globalWeights);
	});

	it('works in FedBuff too (sgd η_g = 1 leaves it untouched)', async () => {
		const buff = (over: ScenarioInput = {}) =>
			fedavg({}, { algorithm: { kind: 'fedbuff', concurrency: 2, bufferSize: 2 }, ...over });
		const plain = await runFake(buff());
		const sgd = await runFake(buff({ serverOptimizer: { kind: 'sgd', learningRate: 1 } }));
		expect(sgd.engine.globalWeights).toEqual(plain.engine.globalWeights);
		const adam = await runFake(buff({ serverOptimizer: { kind: 'adam' } }));
		expect(adam.engine.globalWeights).not.toEqual(plain.engine.globalWeights);
	});

	it('is refused for algorithms without a global model step', () => {
		const r = parseScenario({
			algorithm: { kind: 'fedasync' },
			serverOptimizer: { kind: 'momentum' }
		});
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join()).toMatch(/^serverOptimizer\.kind: .*"fedavg" or "fedbuff"/);
	});

	it('names the field of a bad value', () => {
		const r = parseScenario({ serverOptimizer: { kind: 'adam', tau: 0 } });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatch(/^serverOptimizer\.tau: /);
	});
});

describe('localSteps', () => {
	it('trains k mini-batches per client instead of epochs', async () => {
		const run = await runFake(fedavg({ localSteps: 2, batchSize: 10 }));
		for (const job of run.trainer.jobs) expect(job.steps).toBe(2);
		for (const e of run.of('trainingStarted')) expect(e.samples).toBe(20);
	});

	it.each(['fedasync', 'fedbuff'] as const)(
		'works in %s too (k steps per update)',
		async (kind) => {
			const algo = { kind, concurrency: 2, localSteps: 3, batchSize: 10 };
			const run = await runFake({ seed: 3, rounds: 3, clients: 4, algorithm: algo });
			expect(run.trainer.jobs.length).toBeGreaterThan(0);
			for (const job of run.trainer.jobs) expect(job.steps).toBe(3);
			for (const e of run.of('trainingStarted')) expect(e.samples).toBe(30);
			const plain = await runFake({ seed: 3, rounds: 3, clients: 4, algorithm: { kind } });
			for (const job of plain.trainer.jobs) expect('steps' in job).toBe(false);
		}
	);

	it('0 (the default) leaves the job in epochs, as before', async () => {
		const run = await runFake(fedavg());
		for (const job of run.trainer.jobs) expect('steps' in job).toBe(false);
	});
});
