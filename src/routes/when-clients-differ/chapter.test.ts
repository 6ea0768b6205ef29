/** Chapter 3's personalization presets are the example files whose runs its prose quotes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultValues, toScenario, withValues } from '$lib/state/fields';
import { parseScenario } from '$lib/sim/scenario';
import { driftCell, personalCell } from './chapter';

const scenarioOf = (
	cell: typeof personalCell | typeof driftCell,
	label: string
): ReturnType<typeof toScenario> => {
	const p = (cell.presets as readonly { label: string; values: object }[]).find(
		(x) => x.label === label
	);
	if (!p) throw new Error(`no preset ${label}`);
	return toScenario(withValues(withValues(defaultValues(), cell.initial), p.values));
};

describe('chapter 3’s personalization presets', () => {
	it.each([
		['IFCA, k = 2', 'personal-mnist-groups-ifca'],
		['FedAvg + fine-tune', 'personal-mnist-groups-finetune'],
		['Label skew α = 0.1, fine-tuned', 'personal-mnist-skew-finetune']
	])('“%s” is examples/%s.json', (label, file) => {
		const want = parseScenario(readFileSync(`examples/${file}.json`, 'utf8'));
		const got = scenarioOf(personalCell, label);
		expect(got.ok && want.ok).toBe(true);
		if (got.ok && want.ok) expect(got.scenario).toEqual(want.scenario);
	});

	it('“One global model” is the fine-tune run without the fine-tuning', () => {
		const r = scenarioOf(personalCell, 'One global model');
		expect(r.ok && r.scenario.personalization).toEqual({ testSamples: 100, fineTuneEpochs: 0 });
		expect(r.ok && r.scenario.algorithm).toMatchObject({ clusters: 1 });
	});
});

describe('the drift cell’s server optimizers', () => {
	it('FedAvgM sets β = 0.9; FedAdam η = 0.01, β1 = 0.9, β2 = 0.99, τ = 10⁻³', () => {
		const m = scenarioOf(driftCell, 'FedAvgM, β = 0.9');
		expect(m.ok && m.scenario.serverOptimizer).toEqual({
			kind: 'momentum',
			learningRate: 1,
			beta: 0.9
		});
		const a = scenarioOf(driftCell, 'FedAdam, η = 0.01');
		expect(a.ok && a.scenario.serverOptimizer).toEqual({
			kind: 'adam',
			learningRate: 0.01,
			beta1: 0.9,
			beta2: 0.99,
			tau: 0.001
		});
		// FedAdam, then back to FedAvg: plain sgd with rate 1 again
		const values = (label: string) =>
			driftCell.presets.find((x) => x.label === label)?.values ?? {};
		const start = withValues(defaultValues(), driftCell.initial);
		const back = toScenario(
			withValues(withValues(start, values('FedAdam, η = 0.01')), values('FedAvg'))
		);
		expect(back.ok && back.scenario.serverOptimizer).toEqual({ kind: 'sgd', learningRate: 1 });
	});
});
