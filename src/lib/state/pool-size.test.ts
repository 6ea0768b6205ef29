import { describe, expect, it } from 'vitest';
import { estimateCost } from '../sim/budget';
import { scenarioOrThrow, type ScenarioInput } from '../sim/scenario';
import {
	MAX_WORKERS,
	concurrentClients,
	parallelRuns,
	parseWorkers,
	trainerWorkers
} from './pool-size';

const mnist = (input: ScenarioInput = {}) =>
	scenarioOrThrow({ dataset: 'mnist', clients: 10, ...input });

describe('trainerWorkers', () => {
	it.each([
		['one per core', 4, undefined, mnist(), 4],
		['the link asks for 3', 16, 3, mnist(), 3],
		[
			'never more than MAX_WORKERS',
			64,
			undefined,
			mnist({ dataset: 'blobs', clients: 50, model: { kind: 'mlp', hidden: [8] } }),
			MAX_WORKERS
		],
		[
			'never more than the clients training at once (FedAvg, 3 of 10)',
			8,
			undefined,
			mnist({ algorithm: { kind: 'fedavg', clientFraction: 0.3 } }),
			3
		],
		[
			'FedBuff: its concurrency',
			8,
			undefined,
			mnist({ algorithm: { kind: 'fedbuff', concurrency: 2, bufferSize: 2 } }),
			2
		],
		[
			'vanilla split learning stays sequential',
			8,
			4,
			mnist({ model: { kind: 'mlp', hidden: [32] }, algorithm: { kind: 'split', cutLayer: 1 } }),
			1
		]
	] as const)('%s', (_, cores, requested, s, want) => {
		expect(trainerWorkers(s, { cores, memoryGb: 8 }, requested)).toBe(want);
	});

	it('leaves out the workers the memory budget has no room for', () => {
		const s = mnist();
		const c = estimateCost(s);
		// a worker holds the runtime and data (peak minus the run's model copies) and 3 copies
		const worker = c.peakBytes - c.copies * c.modelBytes + 3 * c.modelBytes;
		// 2 GB of device memory: a 1 GB budget
		const fit = Math.floor((1e9 - c.peakBytes) / worker);
		expect(fit).toBeGreaterThanOrEqual(1);
		expect(fit).toBeLessThan(8);
		expect(trainerWorkers(s, { cores: 8, memoryGb: 2 })).toBe(fit);
		// half a GB: no room beside the run, yet one worker always
		expect(trainerWorkers(s, { cores: 8, memoryGb: 0.5 })).toBe(1);
	});

	it('knows how many clients of each algorithm train at once', () => {
		expect(concurrentClients(mnist({ algorithm: { kind: 'fedasync', concurrency: 5 } }))).toBe(5);
		expect(
			concurrentClients(
				mnist({ algorithm: { kind: 'fedavg', clientFraction: 0.5, overSelection: 1.3 } })
			)
		).toBe(7); // ⌈5 · 1.3⌉
	});
});

describe('parallelRuns', () => {
	it('one run per core, at most the runs, and what fits in memory beside the cell', () => {
		const six = Array.from({ length: 6 }, () => mnist());
		expect(parallelRuns(six, { cores: 2 })).toBe(2);
		expect(parallelRuns(six.slice(0, 1), { cores: 8 })).toBe(1);
		const peak = estimateCost(mnist()).peakBytes;
		// 2 GB budget (no deviceMemory): ⌊2 GB / peak⌋ − 1 for the cell's own run
		expect(parallelRuns(six, { cores: 16 })).toBe(Math.min(6, Math.floor(2e9 / peak) - 1));
		expect(parallelRuns(six, { cores: 16, memoryGb: 0.5 })).toBe(1);
		expect(parallelRuns(six, { cores: 16 }, 3)).toBe(3);
	});
});

describe('parseWorkers', () => {
	it('takes a whole number from 1 to MAX_WORKERS, else names the field', () => {
		expect(parseWorkers('2')).toBe(2);
		for (const bad of ['0', '1.5', 'many', '99'])
			expect(parseWorkers(bad)).toMatch(
				/^Workers \(workers=.*\) must be a whole number from 1 to 8/
			);
	});
});
