/**
 * The numbers behind the split-learning chapter's figures, computed from a scenario alone (pure;
 * no tfjs, no DOM): the layers of its model and which side of the cut each runs on, the cost table
 * next to FedAvg, bytes per epoch against the number of clients with the crossover (Singh,
 * Vepakomma, Gupta, Raskar 2019, arXiv:1909.09145), and the wall-clock of an epoch with clients
 * taking turns versus SplitFed's parallel clients. The formulas live in src/lib/sim/split-costs.ts.
 */
import type { DatasetName } from '$lib/sim/core/dataset';
import { describeModel, type LayerInfo } from '$lib/sim/core/model-spec';
import type { ModelSpec, Scenario } from '$lib/sim/scenario';
import {
	batchSizesOf,
	crossoverClients,
	fedAvgEpochBytes,
	fedAvgFlops,
	fedAvgRoundSeconds,
	modelFlops,
	parallelRoundSeconds,
	sequentialRoundSeconds,
	splitEpochBytes,
	splitFlops,
	type ClientLoad,
	type EpochBytes
} from '$lib/sim/split/costs';
import { cutProblem, splitLayout, type LabelMode, type SplitLayout } from '$lib/sim/split/layout';

/** What the figures need to know about a dataset (the sizes the engine uses). */
export const DATASET_FACTS: Record<
	DatasetName,
	{ inputShape: readonly number[]; classes: number; train: number }
> = {
	mnist: { inputShape: [28, 28, 1], classes: 10, train: 8000 },
	blobs: { inputShape: [2], classes: 4, train: 2000 }
};

/** The layers of `model` on `dataset`. */
export function modelLayers(model: ModelSpec, dataset: DatasetName): LayerInfo[] {
	const d = DATASET_FACTS[dataset];
	return describeModel(model, d.inputShape, d.classes);
}

/** The cut as the figures draw it: a scenario's split settings, or a plain choice. */
export interface CutChoice {
	readonly cutLayer: number;
	readonly labels: LabelMode;
	readonly topLayers: number;
}

/** The split settings of a scenario (null for a kind that does not cut the model). */
export function cutOf(s: Scenario): CutChoice | null {
	const a = s.algorithm;
	if (a.kind !== 'split' && a.kind !== 'splitfed') return null;
	return { cutLayer: a.cutLayer, labels: a.labels, topLayers: a.topLayers };
}

/** The layout of `cut`, or the reason it does not fit the model. */
export function layoutOf(
	layers: readonly LayerInfo[],
	cut: CutChoice
): { ok: true; layout: SplitLayout } | { ok: false; error: string } {
	const problem = cutProblem(layers.length, cut.cutLayer, cut.labels, cut.topLayers);
	if (problem) return { ok: false, error: problem };
	return { ok: true, layout: splitLayout(layers, cut.cutLayer, cut.labels, cut.topLayers) };
}

/** Where a layer runs: the client's head, the server's tail, or (U-shaped) the client's top. */
export type Side = 'head' | 'tail' | 'top';

export function sideOf(layout: SplitLayout, layer: number): Side {
	if (layer < layout.cutLayer) return 'head';
	return layer < layout.topCut ? 'tail' : 'top';
}

/** `28×28×8`, `200`. */
export function shapeText(shape: readonly number[]): string {
	return shape.join('×');
}

/** A layer in words: `Dense 200, ReLU`, `Conv 5×5, 8 filters, ReLU`, `Max-pool 2×2`, `Flatten`. */
export function layerTitle(l: LayerInfo): string {
	const d = l.layer;
	switch (d.kind) {
		case 'dense':
			return `Dense ${d.units}${d.activation === 'relu' ? ', ReLU' : ' (logits)'}`;
		case 'conv2d':
			return `Conv ${d.kernel}×${d.kernel}, ${d.filters} filters, ReLU`;
		case 'maxpool':
			return `Max-pool ${d.size}×${d.size}`;
		case 'flatten':
			return 'Flatten';
	}
}

/** How one protocol moves the client weights. */
export type Protocol =
	{ kind: 'split'; handoff: 'server' | 'peer' } | { kind: 'splitfed' } | { kind: 'fedavg' };

export function protocolOf(s: Scenario): Protocol {
	const a = s.algorithm;
	if (a.kind === 'split') return { kind: 'split', handoff: a.handoff };
	if (a.kind === 'splitfed') return { kind: 'splitfed' };
	return { kind: 'fedavg' };
}

/** One row of the cost table: the split protocol's figure next to FedAvg's. */
export interface CostRow {
	readonly key: string;
	readonly label: string;
	readonly unit: 'flops' | 'bytes' | 'count';
	readonly split: number | null;
	readonly fedavg: number | null;
	/** A sub-row of the bytes total. */
	readonly part?: boolean;
}

/**
 * The cost table of a cut for `clients` clients holding `samples` training samples in all: compute
 * per sample on each side, weights each side holds, and bytes per epoch by what they carry.
 */
export function costRows(
	layout: SplitLayout,
	samples: number,
	clients: number,
	protocol: Exclude<Protocol, { kind: 'fedavg' }>
): CostRow[] {
	const f = splitFlops(layout);
	const fa = fedAvgFlops(layout.layers);
	const params = layout.headParams + layout.tailParams + layout.topParams;
	const b: EpochBytes = splitEpochBytes(layout, samples, clients, protocol);
	const fedavg = fedAvgEpochBytes(params, clients);
	return [
		{
			key: 'client-flops',
			label: 'Client compute per sample (forward + backward)',
			unit: 'flops',
			split: f.clientForward + f.clientBackward,
			fedavg: fa.clientForward + fa.clientBackward
		},
		{
			key: 'server-flops',
			label: 'Server compute per sample',
			unit: 'flops',
			split: f.serverForward + f.serverBackward,
			fedavg: 0
		},
		{
			key: 'client-params',
			label: 'Weights on a client',
			unit: 'count',
			split: layout.headParams + layout.topParams,
			fedavg: params
		},
		{
			key: 'smashed',
			label: 'Smashed data',
			unit: 'bytes',
			split: b.smashed,
			fedavg: null,
			part: true
		},
		{
			key: 'gradients',
			label: 'Gradients',
			unit: 'bytes',
			split: b.gradients,
			fedavg: null,
			part: true
		},
		{ key: 'labels', label: 'Labels', unit: 'bytes', split: b.labels, fedavg: null, part: true },
		{
			key: 'handoffs',
			label: protocol.kind === 'splitfed' ? 'Client weights down and up' : 'Head hand-offs',
			unit: 'bytes',
			split: b.handoffs,
			fedavg: null,
			part: true
		},
		{
			key: 'models',
			label: 'Whole models down and up',
			unit: 'bytes',
			split: null,
			fedavg,
			part: true
		},
		{ key: 'total', label: 'Bytes per epoch', unit: 'bytes', split: b.total, fedavg }
	];
}

/** Bytes per epoch of each protocol at one number of clients. */
export interface TrafficPoint {
	readonly clients: number;
	readonly server: number;
	readonly peer: number;
	readonly splitfed: number;
	readonly fedavg: number;
}

/** Client counts 1, 2, 3, …, on a roughly geometric grid up to `max` (for a log axis). */
export function clientGrid(max: number): number[] {
	const out = new Set<number>();
	for (let k = 1; k <= Math.min(max, 10); k++) out.add(k);
	for (let x = 10; x <= max; x *= 1.15) out.add(Math.round(x));
	out.add(max);
	return [...out].sort((a, b) => a - b);
}

/** Bytes per epoch against the number of clients, and where split learning gets cheaper. */
export function trafficCurve(
	layout: SplitLayout,
	samples: number,
	maxClients = 1000
): {
	points: TrafficPoint[];
	crossover: { server: number | null; peer: number | null };
} {
	const params = layout.headParams + layout.tailParams + layout.topParams;
	const points = clientGrid(maxClients).map((k) => ({
		clients: k,
		server: splitEpochBytes(layout, samples, k, { kind: 'split', handoff: 'server' }).total,
		peer: splitEpochBytes(layout, samples, k, { kind: 'split', handoff: 'peer' }).total,
		splitfed: splitEpochBytes(layout, samples, k, { kind: 'splitfed' }).total,
		fedavg: fedAvgEpochBytes(params, k)
	}));
	return {
		points,
		crossover: {
			server: crossoverClients(layout, samples, 'server', maxClients),
			peer: crossoverClients(layout, samples, 'peer', maxClients)
		}
	};
}

/** Simulated seconds of one epoch over all the data with `clients` equal clients. */
export interface WallClockRow {
	readonly clients: number;
	readonly sequential: number;
	readonly splitfed: number;
	readonly fedavg: number;
}

/**
 * One epoch on the scenario's devices (every client alike, the data dealt out evenly): clients
 * taking turns (a hand-off before every turn), SplitFed's parallel clients, and FedAvg (C = 1).
 */
export function wallClock(
	layout: SplitLayout,
	s: Scenario,
	samples: number,
	clientCounts: readonly number[]
): WallClockRow[] {
	const a = s.algorithm;
	const batch = 'batchSize' in a ? a.batchSize : 32;
	const speedup = a.kind === 'split' || a.kind === 'splitfed' ? a.serverSpeedup : 10;
	const handoff = a.kind === 'split' ? a.handoff : 'server';
	const speeds = {
		modelFlops: modelFlops(layout.layers),
		serverSpeed: speedup * s.devices.computeSpeed
	};
	const params = layout.headParams + layout.tailParams + layout.topParams;
	return clientCounts.map((k) => {
		const loads: ClientLoad[] = Array.from({ length: k }, (_, i) => ({
			device: s.devices,
			batchSizes: batchSizesOf(
				Math.floor((samples * (i + 1)) / k) - Math.floor((samples * i) / k),
				1,
				batch
			)
		}));
		return {
			clients: k,
			sequential: sequentialRoundSeconds(layout, loads, speeds, handoff),
			splitfed: parallelRoundSeconds(layout, loads, speeds),
			fedavg: fedAvgRoundSeconds(params, loads)
		};
	});
}

/** `1.19 MFLOP`, `252 kFLOP`, `0 FLOP`. */
export function formatFlops(f: number): string {
	if (f === 0) return '0 FLOP';
	const units = ['FLOP', 'kFLOP', 'MFLOP', 'GFLOP'] as const;
	let v = f;
	let u = 0;
	while (v >= 999.5 && u < units.length - 1) {
		v /= 1000;
		u++;
	}
	const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
	return `${Number(v.toFixed(digits))} ${units[u]}`;
}
