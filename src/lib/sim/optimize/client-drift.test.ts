/** FedProx, SCAFFOLD, FedNova and partial work: hand-computed pieces and FedAvg reductions. */
import { describe, expect, it } from 'vitest';
import { fednovaUpdates } from './fednova';
import { partialJob } from './partial-work';
import { Scaffold } from './scaffold';
import { createRng } from '../core/rng';
import { parseScenario, type ScenarioInput } from '../scenario';
import { device, runFake } from '../testing/sim-harness';

const fedavg = (algo: Record<string, unknown> = {}, over: ScenarioInput = {}): ScenarioInput => ({
	seed: 5,
	rounds: 3,
	clients: 4,
	algorithm: { kind: 'fedavg', clientFraction: 1, learningRate: 0.1, ...algo },
	...over
});

describe('SCAFFOLD control variates (option II)', () => {
	it('on ½‖w − a‖²: K = 2 steps of η = 0.5 give c_i⁺ = (x − y)/(Kη) = 0.75·(x − a)', () => {
		const a = [3, -1];
		const x = Float32Array.from([1, 1]);
		// plain GD on ½‖w − a‖²: w ← w − η(w − a); two steps of η = 0.5: y = a + 0.25·(x − a)
		const y = Float32Array.from(a.map((ai, i) => ai + 0.25 * ((x[i] as number) - ai)));
		const s = new Scaffold(4, 0.5);
		const ci = s.nextClientVariate(0, x, y, 2);
		expect(Array.from(ci)).toEqual([0.75 * (1 - 3), 0.75 * (1 + 1)]); // [−1.5, 1.5]
	});

	it('commits c ← c + (1/N)·Σ Δc_i and corrects by c − c_i', () => {
		const s = new Scaffold(4, 0.25);
		expect(s.correction(0, 2)).toBeUndefined(); // zero at the start: plain SGD
		const x = Float32Array.from([1, 2]);
		const ci = s.nextClientVariate(0, x, Float32Array.from([0.5, 2.5]), 2); // [1, −1]
		expect(Array.from(ci)).toEqual([1, -1]);
		s.commit(new Map([[0, ci]]));
		expect(Array.from(s.serverVariate(2))).toEqual([0.25, -0.25]);
		expect(Array.from(s.correction(0, 2) as Float32Array)).toEqual([-0.75, 0.75]);
		expect(Array.from(s.correction(1, 2) as Float32Array)).toEqual([0.25, -0.25]);
		// the next c_i⁺ of client 0 subtracts c and adds its old c_i: y = x gives c_i − c
		expect(Array.from(s.nextClientVariate(0, x, x, 1))).toEqual([0.75, -0.75]);
	});

	it('zero control variates and one local step: FedAvg first round, at twice the bytes', async () => {
		const one = { rounds: 1 };
		const plain = await runFake(fedavg({ localSteps: 1 }, one));
		const scaffold = await runFake(fedavg({ localSteps: 1, scaffold: true }, one));
		expect(scaffold.engine.globalWeights).toEqual(plain.engine.globalWeights);
		const bytes = (r: typeof plain) => r.of('message').map((m) => m.bytes);
		expect(bytes(scaffold)).toEqual(bytes(plain).map((b) => 2 * b));
		expect(scaffold.of('evaluated')[0]?.bytesUp).toBe(2 * (plain.of('evaluated')[0]?.bytesUp ?? 0));
	});

	it('corrects the local steps from round 2 on', async () => {
		const run = await runFake(fedavg({ scaffold: true }));
		const jobs = run.trainer.jobs;
		expect(jobs.slice(0, 4).every((j) => j.correction === undefined)).toBe(true);
		expect(jobs.slice(4).every((j) => j.correction instanceof Float32Array)).toBe(true);
	});
});

describe('FedProx', () => {
	it('μ = 0 is FedAvg bit for bit; μ > 0 puts the proximal term in every job', async () => {
		const plain = await runFake(fedavg());
		const zero = await runFake(fedavg({ proximalMu: 0 }));
		expect(zero.events).toEqual(plain.events);
		const prox = await runFake(fedavg({ proximalMu: 0.01 }));
		expect(prox.trainer.jobs.every((j) => j.proximalRho === 0.01)).toBe(true);
	});

	it('partial work cuts a job to the steps that fit, at least one', () => {
		const job = { epochs: 2, batchSize: 10, learningRate: 0.1, rng: createRng(1) };
		// 100 samples at 10 samples/s: 20 s for the whole 2 epochs
		expect(partialJob(job, 100, 20, 10)).toBe(job);
		expect(partialJob(job, 100, 7.5, 10).steps).toBe(7);
		expect(partialJob(job, 100, 0.1, 10).steps).toBe(1);
	});

	it('a straggler past the deadline sends the steps it finished instead of being dropped', async () => {
		// 4 clients of 500 samples; client 3 needs 10 s for its epoch, the deadline is 5.5 s
		const devices = [device(1), device(1), device(1), device(10)];
		const algo = { deadline: 5.5, batchSize: 50 };
		const dropped = await runFake(fedavg(algo, { rounds: 10 }), devices);
		expect(dropped.of('updateDropped').map((e) => [e.round, e.client])).toEqual([[1, 3]]);
		expect(dropped.of('aggregated')[0]?.contributors).toEqual([0, 1, 2]);
		const partial = await runFake(fedavg({ ...algo, partialWork: true }, { rounds: 1 }), devices);
		expect(partial.of('updateDropped')).toEqual([]);
		expect(partial.of('aggregated')[0]?.contributors).toEqual([0, 1, 2, 3]);
		// 5.5 s at 50 samples/s (less the near-instant links): 5 whole batches of 50
		const straggler = partial.of('trainingStarted').find((e) => e.client === 3);
		expect(straggler?.samples).toBe(250);
	});

	it('partial work without a deadline is refused, naming the field', () => {
		const r = parseScenario({ algorithm: { kind: 'fedavg', partialWork: true } });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatch(/^algorithm\.partialWork: /);
	});
});

describe('FedNova', () => {
	it('normalises unequal steps: y_i′ = x + (τ_eff/τ_i)·(y_i − x)', () => {
		const x = Float32Array.from([0, 0]);
		// n = [1, 3] so p = [¼, ¾]; τ = [1, 4]; τ_eff = ¼·1 + ¾·4 = 3.25
		const updates = [
			{ client: 0, samples: 1, weights: Float32Array.from([1, 0]) },
			{ client: 1, samples: 3, weights: Float32Array.from([0, 4]) }
		];
		const out = fednovaUpdates(x, updates, [1, 4]);
		expect(Array.from(out[0]?.weights ?? [])).toEqual([3.25, 0]);
		expect(Array.from(out[1]?.weights ?? [])).toEqual([0, 3.25]);
		// the weighted mean: x − τ_eff·Σ p_i·d_i with d = [(−1, 0), (0, −1)]: (0.8125, 2.4375)
		// where FedAvg's mean would be (0.25, 3): the client that walked 4 steps no longer dominates
	});

	it('equal steps: the updates pass unchanged (FedAvg bit for bit)', async () => {
		const plain = await runFake(fedavg());
		const nova = await runFake(fedavg({ fednova: true }));
		expect(nova.engine.globalWeights).toEqual(plain.engine.globalWeights);
	});

	it('refuses FedNova together with SCAFFOLD', () => {
		const r = parseScenario({ algorithm: { kind: 'fedavg', fednova: true, scaffold: true } });
		expect(r.ok).toBe(false);
	});
});

describe('fine-tuning settings that would measure nothing', () => {
	it.each([
		[{ personalization: { fineTuneEpochs: 2 } }, /testSamples > 0/],
		[
			{
				algorithm: { kind: 'fedavg', clusters: 2 },
				personalization: { testSamples: 50, fineTuneEpochs: 2 }
			},
			/IFCA/
		]
	] as const)('%j is refused, naming personalization.fineTuneEpochs', (input, why) => {
		const r = parseScenario(input as ScenarioInput);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors).toHaveLength(1);
			expect(r.errors[0]).toMatch(/^personalization\.fineTuneEpochs: /);
			expect(r.errors[0]).toMatch(why);
		}
	});

	it('with a per-client split and one global model it is accepted', () => {
		const r = parseScenario({ personalization: { testSamples: 50, fineTuneEpochs: 2 } });
		expect(r.ok).toBe(true);
	});
});
