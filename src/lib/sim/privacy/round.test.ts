import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runFake } from '../testing/sim-harness';
import { epsilonAfter } from './epsilon-after';

const base = {
	rounds: 4,
	clients: 6,
	algorithm: { kind: 'fedavg', clientFraction: 0.5, localEpochs: 1, learningRate: 0.1 }
} as const;

const finalWeights = async (input: object) => {
	const r = await runFake({ ...base, ...input });
	return { weights: [...r.engine.globalWeights], run: r };
};

describe('DP-FedAvg and secure aggregation in the engine', () => {
	it('σ = 0 and an S no delta reaches is FedAvg bit for bit', async () => {
		const plain = await finalWeights({});
		const dp = await finalWeights({
			privacy: { dp: { clip: 1e9, noiseMultiplier: 0 } }
		});
		expect(dp.weights).toEqual(plain.weights);
		const spent = dp.run.of('privacySpent');
		expect(spent).toHaveLength(4);
		expect(spent.every((e) => e.epsilon === Infinity && e.clipped === 0)).toBe(true);
	});

	it('ε grows every round and equals the accountant for q = m/K', async () => {
		const { run } = await finalWeights({ privacy: { dp: { clip: 1, noiseMultiplier: 1.1 } } });
		const eps = run.of('privacySpent').map((e) => e.epsilon);
		for (let i = 1; i < eps.length; i++) expect(eps[i]).toBeGreaterThan(eps[i - 1] as number);
		const dp = { mode: 'central', clip: 1, noiseMultiplier: 1.1, delta: 1e-5 } as const;
		expect(eps[3]).toBe(epsilonAfter(dp, 3 / 6, 4));
		// local DP: no amplification by sampling, far more ε for the same σ
		const local = await finalWeights({
			privacy: { dp: { mode: 'local', clip: 1, noiseMultiplier: 1.1 } }
		});
		expect(local.run.of('privacySpent').at(-1)?.epsilon).toBeGreaterThan(eps[3] as number);
	});

	it('secure aggregation gives FedAvg up to fixed-point rounding, with extra messages', async () => {
		const plain = await finalWeights({});
		const sec = await finalWeights({ privacy: { secureAggregation: true } });
		sec.weights.forEach((w, i) =>
			expect(Math.abs(w - (plain.weights[i] as number))).toBeLessThan(1e-4)
		);
		const rounds = sec.run.of('secureAggregation');
		expect(rounds).toHaveLength(4);
		expect(rounds.every((e) => e.ok && e.survivors === 3 && e.threshold === 3)).toBe(true);
		const msgs = sec.run.of('message').filter((m) => m.kind === 'secagg');
		expect(msgs.reduce((s, m) => s + m.bytes, 0)).toBe(
			rounds.reduce((s, e) => s + e.extraBytes, 0)
		);
	});

	it('clients lost after sharing keys are recovered with t shares, or the round is refused', async () => {
		const lossy = { messageLoss: 0.35 };
		const recovered = await finalWeights({
			rounds: 6,
			devices: lossy,
			privacy: { secureAggregation: true, threshold: 0.5 }
		});
		const strict = await finalWeights({
			rounds: 6,
			devices: lossy,
			privacy: { secureAggregation: true, threshold: 1 }
		});
		const a = recovered.run.of('secureAggregation');
		expect(a.some((e) => e.ok && e.recovered.length > 0)).toBe(true);
		for (const e of a) expect(e.ok).toBe(e.survivors >= e.threshold);
		const b = strict.run.of('secureAggregation');
		expect(b.some((e) => !e.ok && /threshold is t = 3/.test(e.reason ?? ''))).toBe(true);
	});

	it('refuses secure aggregation with a robust rule, naming the reason', () => {
		const r = parseScenario({ privacy: { secureAggregation: true }, aggregator: { kind: 'krum' } });
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.errors.join('\n')).toMatch(
				/privacy\.secureAggregation: the server sees only the sum .*"krum"/
			);
		const bad = parseScenario({ privacy: { dp: { clip: -1 } } });
		expect(!bad.ok && bad.errors[0]).toMatch(/^privacy\.dp\.clip: /);
	});
});
