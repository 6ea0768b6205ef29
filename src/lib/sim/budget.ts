/**
 * A run's cost, estimated before it starts: its peak memory (copies of the model held at once,
 * per algorithm and aggregator) and its compute (FLOPs of local training and evaluation), and a
 * budget that refuses what would freeze a tab or run for days, with a message that names the
 * fields to lower and by how much.
 *
 * The estimates are deliberately simple models, calibrated once: a model copy is 4 bytes a
 * parameter; a FedAvg round holds every asked client's update until it aggregates, and each held
 * update costs `UPDATE_COPIES` model copies (measured with the CLI: peak RSS grows by 25.1 MB per
 * client for a 12.6 MB model, blobs, MLP 4×1024, 10 vs 40 clients), plus the global model, the
 * aggregate and the server optimizer's state; training costs three times
 * the forward FLOPs (forward + a backward twice as expensive). `EFFECTIVE_FLOPS` turns FLOPs into
 * seconds; it is measured with `npm run bench` on the project's 2-core machine (≈2.9k samples/s
 * of the 784-200-200-10 MLP ≈ 3.5 GFLOP/s) and is said to be an estimate wherever it is shown.
 */
import { describeModel, paramCount } from './core/model-spec';
import type { Scenario } from './core/schema';
import { modelFlops, BACKWARD_FACTOR } from './split/costs';
import { clientsAsked, clientsPerRound } from './algorithms/sampling';

/** Training throughput assumed by the time estimate, FLOP/s (see the module comment). */
export const EFFECTIVE_FLOPS = 3.5e9;

/** Sizes of the bundled data sets. */
export const DATASET_SHAPES = {
	mnist: { train: 8000, test: 2000, inputShape: [28, 28, 1], classes: 10 },
	blobs: { train: 2000, test: 500, inputShape: [2], classes: 4 }
} as const;

/** Fixed memory of a run besides model copies: the runtime, tfjs and the data set, bytes. */
const BASE_BYTES = { mnist: 250e6, blobs: 200e6 } as const;

/** Model copies that one held client update costs (measured; see the module comment). */
export const UPDATE_COPIES = 2;

export interface Budget {
	/** Peak memory allowed, bytes. */
	readonly memoryBytes: number;
	/** Estimated compute time allowed, seconds at `EFFECTIVE_FLOPS`. */
	readonly seconds: number;
}

/** The browser's budget: half the device's memory (`navigator.deviceMemory`, GB), at most 2 GB; one hour. */
export function browserBudget(deviceMemoryGb?: number): Budget {
	const share = deviceMemoryGb && deviceMemoryGb > 0 ? (deviceMemoryGb * 1e9) / 2 : 2e9;
	return { memoryBytes: Math.min(2e9, share), seconds: 3600 };
}

/** The CLI's default budget (raised with `--memory-gb` and `--hours`): 4 GB and 12 hours. */
export const CLI_BUDGET: Budget = { memoryBytes: 4e9, seconds: 12 * 3600 };

export interface CostEstimate {
	readonly params: number;
	readonly modelBytes: number;
	/** Model-sized copies held at once at the peak. */
	readonly copies: number;
	/** Which part of the run holds them, in words. */
	readonly copiesWhy: string;
	readonly peakBytes: number;
	readonly flops: number;
	/** `flops / EFFECTIVE_FLOPS`. */
	readonly seconds: number;
}

function optimizerCopies(s: Scenario): number {
	const o = (s as { serverOptimizer?: { kind: string } }).serverOptimizer;
	if (!o || o.kind === 'sgd') return 0;
	return o.kind === 'momentum' ? 1 : 2;
}

/** How many clients hold data, their mean share of the training set. */
function samplesPerClient(s: Scenario): number {
	return DATASET_SHAPES[s.dataset].train / s.clients;
}

/** Peak copies of the model and what holds them. */
function copiesOf(s: Scenario): { copies: number; why: string } {
	const a = s.algorithm;
	const fixed = 3 + optimizerCopies(s); // global, aggregate, trainer working copy, optimizer state
	switch (a.kind) {
		case 'fedavg': {
			const asked = clientsAsked(clientsPerRound(a.clientFraction, s.clients), a.overSelection);
			const scaffold = (a as { scaffold?: unknown }).scaffold ? s.clients + 1 : 0;
			return {
				copies: UPDATE_COPIES * asked + fixed + scaffold,
				why: `${asked} client updates held until the round aggregates${scaffold ? `, ${s.clients + 1} SCAFFOLD control variates` : ''}`
			};
		}
		case 'fedasync':
			return {
				copies: UPDATE_COPIES * a.concurrency + fixed,
				why: `${a.concurrency} clients training at once`
			};
		case 'fedbuff':
			return {
				copies: UPDATE_COPIES * (a.concurrency + a.bufferSize) + fixed,
				why: `${a.concurrency} clients training at once and a buffer of ${a.bufferSize}`
			};
		case 'split':
			return { copies: fixed + 1, why: 'one client and the server at a time' };
		case 'splitfed': {
			const m = clientsPerRound(a.clientFraction, s.clients);
			return { copies: UPDATE_COPIES * m + fixed, why: `${m} client heads per round` };
		}
	}
}

/** The estimated peak memory and compute of a scenario. */
export function estimateCost(s: Scenario): CostEstimate {
	const shape = DATASET_SHAPES[s.dataset];
	const layers = describeModel(s.model, shape.inputShape, shape.classes);
	const params = paramCount(layers);
	const modelBytes = params * 4;
	const { copies, why } = copiesOf(s);
	const a = s.algorithm as {
		localEpochs?: number;
		localSteps?: number;
		batchSize?: number | 'full';
	};
	const perClient = samplesPerClient(s);
	const steps = a.localSteps && a.localSteps > 0 ? a.localSteps : 0;
	const batch = typeof a.batchSize === 'number' ? a.batchSize : perClient;
	const samplesPerRoundPerClient = steps ? steps * batch : (a.localEpochs ?? 1) * perClient;
	const active =
		s.algorithm.kind === 'fedavg' || s.algorithm.kind === 'splitfed'
			? clientsPerRound(s.algorithm.clientFraction, s.clients)
			: s.algorithm.kind === 'split'
				? s.clients
				: Math.max(1, s.algorithm.concurrency);
	const forward = modelFlops(layers);
	const trainFlops = s.rounds * active * samplesPerRoundPerClient * forward * (1 + BACKWARD_FACTOR);
	const evalFlops = s.rounds * shape.test * forward;
	const flops = trainFlops + evalFlops;
	return {
		params,
		modelBytes,
		copies,
		copiesWhy: why,
		peakBytes: BASE_BYTES[s.dataset] + copies * modelBytes,
		flops,
		seconds: flops / EFFECTIVE_FLOPS
	};
}

/** "1.2 GB", "350 MB". */
export function formatBytes(b: number): string {
	if (b >= 1e9) return `${(b / 1e9).toFixed(1)} GB`;
	if (b >= 1e6) return `${Math.round(b / 1e6)} MB`;
	return `${Math.round(b / 1e3)} kB`;
}

/** "≈ 3 min", "≈ 2.5 h", "≈ 4 s". */
export function formatDuration(sec: number): string {
	if (sec < 90) return `${Math.max(1, Math.round(sec))} s`;
	if (sec < 5400) return `${Math.round(sec / 60)} min`;
	if (sec < 3 * 86400) return `${(sec / 3600).toFixed(1)} h`;
	return `${Math.round(sec / 86400)} days`;
}

/** The estimate in a short line: "≈ 1.2 GB, ≈ 3 min on this machine". */
export function describeCost(c: CostEstimate): string {
	return `≈ ${formatBytes(c.peakBytes)}, ≈ ${formatDuration(c.seconds)} of training (estimate)`;
}

/**
 * Problems with `s` under `budget`, each naming the fields to lower and by how much; empty when
 * the run fits.
 */
export function checkBudget(s: Scenario, budget: Budget): string[] {
	const c = estimateCost(s);
	const errors: string[] = [];
	if (c.peakBytes > budget.memoryBytes) {
		const room = (budget.memoryBytes - BASE_BYTES[s.dataset]) / c.modelBytes;
		const factor = Math.max(0, room) / c.copies;
		const hints: string[] = [];
		const a = s.algorithm;
		if (a.kind === 'fedavg' || a.kind === 'splitfed') {
			const held = UPDATE_COPIES * clientsPerRound(a.clientFraction, s.clients);
			const fit = Math.floor(Math.max(0, room - (c.copies - held)) / UPDATE_COPIES);
			hints.push(
				`algorithm.clientFraction (${a.clientFraction} → at most ${Math.max(0, Math.floor((fit / s.clients) * 100) / 100)})`
			);
		}
		if (a.kind === 'fedasync' || a.kind === 'fedbuff')
			hints.push(
				`algorithm.concurrency (${a.concurrency} → about ${Math.max(1, Math.floor(a.concurrency * factor))})`
			);
		hints.push(
			`the model's size (model.${s.model.kind === 'mlp' ? 'hidden' : 'filters'}: ${Math.round(c.params / 1000)}k parameters → at most ${Math.max(1, Math.floor((c.params * factor) / 1000))}k)`
		);
		errors.push(
			`budget: this run would hold ${c.copies} copies of a ${formatBytes(c.modelBytes)} model at once ` +
				`(${c.copiesWhy}), ≈ ${formatBytes(c.peakBytes)}, over the ${formatBytes(budget.memoryBytes)} budget: lower ${hints.join(' or ')}`
		);
	}
	if (c.seconds > budget.seconds) {
		const factor = budget.seconds / c.seconds;
		errors.push(
			`budget: ≈ ${formatDuration(c.seconds)} of training (${c.flops.toExponential(1)} FLOPs at ≈ ${EFFECTIVE_FLOPS / 1e9} GFLOP/s), over the ${formatDuration(budget.seconds)} budget: lower rounds (${s.rounds} → at most ${Math.max(1, Math.floor(s.rounds * factor))}), the local work or the model's size by ${Math.ceil(1 / factor)}×`
		);
	}
	return errors;
}
