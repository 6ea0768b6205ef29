import { describe, expect, it } from 'vitest';
import {
	CLI_BUDGET,
	EFFECTIVE_FLOPS,
	UPDATE_COPIES,
	browserBudget,
	checkBudget,
	estimateCost,
	formatDuration
} from './budget';
import { scenarioOrThrow } from './scenario';

describe('estimateCost', () => {
	it('counts parameters, copies and FLOPs by hand for a small MLP on blobs', () => {
		// blobs: 2 inputs, 4 classes; MLP [8]: 2·8+8 + 8·4+4 = 60 parameters, 240 bytes.
		const s = scenarioOrThrow({
			dataset: 'blobs',
			clients: 4,
			rounds: 2,
			model: { kind: 'mlp', hidden: [8] },
			algorithm: { kind: 'fedavg', clientFraction: 0.5, localEpochs: 3 }
		});
		const c = estimateCost(s);
		expect(c.params).toBe(60);
		expect(c.modelBytes).toBe(240);
		// 2 clients per round, each update 2 copies, + global, aggregate, trainer copy
		expect(c.copies).toBe(UPDATE_COPIES * 2 + 3);
		// forward FLOPs per sample: 2·(2·8) + 2·(8·4) = 96 (multiply-adds count 2; bias/ReLU not)
		const forward = c.flops / (2 * 2 * 3 * 500 * 3 + 2 * 500);
		expect(forward).toBeGreaterThanOrEqual(96);
		expect(forward).toBeLessThan(130);
		expect(c.seconds).toBeCloseTo(c.flops / EFFECTIVE_FLOPS, 12);
	});

	it('charges server-optimizer state: momentum one copy, Adam two', () => {
		const base = { dataset: 'blobs', model: { kind: 'mlp', hidden: [8] } } as const;
		const sgd = estimateCost(scenarioOrThrow(base)).copies;
		const m = estimateCost(
			scenarioOrThrow({ ...base, serverOptimizer: { kind: 'momentum' } })
		).copies;
		const adam = estimateCost(
			scenarioOrThrow({ ...base, serverOptimizer: { kind: 'adam' } })
		).copies;
		expect([m - sgd, adam - sgd]).toEqual([1, 2]);
	});
});

describe('checkBudget', () => {
	it('passes every example-sized run', () => {
		expect(checkBudget(scenarioOrThrow({}), browserBudget())).toEqual([]);
	});

	it('refuses the schema-legal monster, naming the fields to lower and by how much', () => {
		const s = scenarioOrThrow({
			clients: 500,
			rounds: 1000,
			model: { kind: 'mlp', hidden: [1024, 1024, 1024, 1024] },
			algorithm: { kind: 'fedavg', clientFraction: 1, localEpochs: 50 }
		});
		const errors = checkBudget(s, browserBudget(8));
		expect(errors).toHaveLength(2);
		expect(errors[0]).toMatch(
			/1003 copies .* over the 2\.0 GB budget: lower algorithm\.clientFraction \(1 → at most 0\.\d+\)/
		);
		expect(errors[0]).toMatch(/model\.hidden/);
		expect(errors[1]).toMatch(/over the 60 min budget: lower rounds \(1000 → at most \d+\)/);
		// the suggested client fraction really fits
		const frac = Number(/at most (0\.\d+)/.exec(errors[0] as string)?.[1]);
		const fixed = scenarioOrThrow({
			...s,
			rounds: 1,
			algorithm: { ...s.algorithm, clientFraction: frac, localEpochs: 1 }
		});
		expect(checkBudget(fixed, browserBudget(8))[0] ?? '').not.toMatch(/copies/);
		expect(checkBudget(s, { ...CLI_BUDGET, memoryBytes: 64e9, seconds: 1e9 })).toEqual([]);
	});

	it('uses half the device memory up to 2 GB in the browser', () => {
		expect(browserBudget(2).memoryBytes).toBe(1e9);
		expect(browserBudget(16).memoryBytes).toBe(2e9);
		expect(browserBudget(undefined).memoryBytes).toBe(2e9);
	});

	it('formats durations', () => {
		expect([formatDuration(4), formatDuration(180), formatDuration(9000)]).toEqual([
			'4 s',
			'3 min',
			'2.5 h'
		]);
	});
});
