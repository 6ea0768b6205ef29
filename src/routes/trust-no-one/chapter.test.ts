/** The Byzantine chapter's presets are the runs its prose quotes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultValues, toScenario, withValues } from '$lib/state/fields';
import { parseScenario } from '$lib/sim/scenario';
import { byzantineCell } from './chapter';

const preset = (label: string) => {
	const p = byzantineCell.presets.find((x) => x.label === label);
	if (!p) throw new Error(`no preset ${label}`);
	return withValues(withValues(defaultValues(), byzantineCell.initial), p.values);
};

describe('the Byzantine chapter’s presets', () => {
	it('“Distributed SGD” is examples/byzantine-dsgd-alie-median.json, field for field', () => {
		const file = parseScenario(readFileSync('examples/byzantine-dsgd-alie-median.json', 'utf8'));
		const cell = toScenario(preset('Distributed SGD'));
		expect(cell.ok && file.ok).toBe(true);
		if (cell.ok && file.ok) expect(cell.scenario).toEqual(file.scenario);
	});

	it('“FedAvg setting” trains whole epochs with plain averaging on the server', () => {
		const r = toScenario(preset('FedAvg setting'));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.scenario.algorithm).toMatchObject({ kind: 'fedavg', localSteps: 0, localEpochs: 1 });
		expect(r.scenario.serverOptimizer).toEqual({ kind: 'sgd', learningRate: 1 });
	});
});
