/**
 * How many workers this device gives a run: the trainer workers that train one run's clients at
 * once, and the comparison runs ("Run all", the rule sweep, the heatmap) that go at once, each in
 * its own engine worker. Both are one per core (`navigator.hardwareConcurrency`), capped by the
 * memory budget of `sim/budget.ts` (half of `navigator.deviceMemory`, at most 2 GB): every worker
 * holds its own tfjs runtime and data set.
 */
import { clientsAsked, clientsPerRound } from '../sim/algorithms/sampling';
import { browserBudget, estimateCost } from '../sim/budget';
import type { Scenario } from '../sim/scenario';

/** No more workers than this, whatever the device says. */
export const MAX_WORKERS = 8;

export interface DeviceInfo {
	/** Logical cores (`navigator.hardwareConcurrency`). */
	readonly cores: number;
	/** GB of memory (`navigator.deviceMemory`, Chromium only). */
	readonly memoryGb?: number;
}

/** This device, as the browser reports it (2 cores when it does not). */
export function deviceInfo(): DeviceInfo {
	const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
	const cores = nav?.hardwareConcurrency;
	return {
		cores: cores && cores > 0 ? cores : 2,
		...(nav?.deviceMemory ? { memoryGb: nav.deviceMemory } : {})
	};
}

/** How many clients of `s` can train at once: more workers than that would idle. */
export function concurrentClients(s: Scenario): number {
	const a = s.algorithm;
	switch (a.kind) {
		case 'fedavg':
			return clientsAsked(clientsPerRound(a.clientFraction, s.clients), a.overSelection);
		case 'splitfed':
			return clientsPerRound(a.clientFraction, s.clients);
		case 'fedasync':
		case 'fedbuff':
			return a.concurrency;
		case 'split':
			return 1; // sequential: that is its lesson
	}
}

/** Bytes one more worker holds besides the run itself: a runtime with the data, and 3 model copies. */
function workerBytes(s: Scenario): { run: number; worker: number } {
	const c = estimateCost(s);
	const base = c.peakBytes - c.copies * c.modelBytes;
	return { run: c.peakBytes, worker: base + 3 * c.modelBytes };
}

/**
 * Trainer workers for a run of `s`: `requested` (the link's `workers=`) or one per core, never
 * more than its clients training at once, `MAX_WORKERS`, or what the memory budget leaves beside
 * the run itself; 1 for vanilla split learning.
 */
export function trainerWorkers(s: Scenario, device: DeviceInfo, requested?: number): number {
	const { run, worker } = workerBytes(s);
	const memory = Math.floor((browserBudget(device.memoryGb).memoryBytes - run) / worker);
	const want = requested ?? device.cores;
	return Math.max(1, Math.min(want, MAX_WORKERS, concurrentClients(s), memory));
}

/**
 * Whole runs of `scenarios` to run at once, each in its own engine worker: one per core (or
 * `requested`), as many as fit in the memory budget beside the cell's own run, at most the runs.
 */
export function parallelRuns(
	scenarios: readonly Scenario[],
	device: DeviceInfo,
	requested?: number
): number {
	if (!scenarios.length) return 1;
	const peak = Math.max(...scenarios.map((s) => workerBytes(s).run));
	const memory = Math.floor(browserBudget(device.memoryGb).memoryBytes / peak) - 1;
	const want = requested ?? device.cores;
	return Math.max(1, Math.min(want, MAX_WORKERS, scenarios.length, memory));
}

/** The link's `workers=` (a whole number 1…MAX_WORKERS), or an error message naming it. */
export function parseWorkers(text: string): number | string {
	const n = Number(text);
	return Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS
		? n
		: `Workers (workers=${text.slice(0, 40)}) must be a whole number from 1 to ${MAX_WORKERS}; using one per core.`;
}
