/**
 * What split learning costs, computed from the layer list alone (pure; no tfjs): compute on each
 * side of the cut, bytes on the wire per epoch next to FedAvg on the same model and data, the
 * number of clients where split learning becomes the cheaper of the two (after Singh, Vepakomma,
 * Gupta, Raskar 2019, "Detailed comparison of communication efficiency of split learning and
 * federated learning", arXiv:1909.09145), and the simulated wall-clock of sequential turns vs
 * SplitFed's parallel ones.
 *
 * Conventions, stated once:
 * - FLOPs are per sample; a multiply-add counts 2 (as in model-spec); the backward pass is taken
 *   as 2× the forward pass (one product for the input gradient, one for the weight gradient).
 * - Floats are 4 bytes; a label travels as an int32 (4 bytes), as tfjs holds it.
 * - Bytes per epoch = one pass over all N training samples: every sample's smashed data goes up
 *   and its gradient comes down once. FedAvg's epoch is one round with C = 1, E = 1: every client
 *   downloads and uploads the whole model.
 * - Sequential split learning hands the client weights (head, and top in U-shaped mode) on K
 *   times an epoch in steady state (none with one client): through the server that is one upload
 *   and one download, peer to peer one transfer. SplitFed sends every client the averaged client
 *   weights and collects them back each round; the server's tails never leave the server.
 * - Time: a client's `computeSpeed` is its whole-model training throughput, i.e. it runs
 *   3·F·computeSpeed FLOP/s for a model of F forward FLOPs per sample; the server runs
 *   `serverSpeedup` times the scenario's nominal client speed. A message takes
 *   latency + bytes·8/bandwidth; every mini-batch pays the latency of each of its messages.
 */
import type { LayerInfo } from '../core/model-spec';
import type { SplitLayout } from './layout';
import { clientParams } from './layout';

export const FLOAT_BYTES = 4;
export const LABEL_BYTES = 4;
/** Backward FLOPs per forward FLOP. */
export const BACKWARD_FACTOR = 2;

/** Forward FLOPs per sample of the whole model. */
export const modelFlops = (layers: readonly LayerInfo[]): number =>
	layers.reduce((s, l) => s + l.flops, 0);

/** FLOPs per sample on each side of the cut. */
export interface SplitFlops {
	readonly clientForward: number;
	readonly clientBackward: number;
	readonly serverForward: number;
	readonly serverBackward: number;
}

export function splitFlops(layout: SplitLayout): SplitFlops {
	const client = layout.headFlops + layout.topFlops;
	return {
		clientForward: client,
		clientBackward: BACKWARD_FACTOR * client,
		serverForward: layout.tailFlops,
		serverBackward: BACKWARD_FACTOR * layout.tailFlops
	};
}

/** FedAvg: the client runs the whole model. */
export function fedAvgFlops(layers: readonly LayerInfo[]): SplitFlops {
	const f = modelFlops(layers);
	return {
		clientForward: f,
		clientBackward: BACKWARD_FACTOR * f,
		serverForward: 0,
		serverBackward: 0
	};
}

/** Bytes one sample puts on the wire in each direction, and messages per mini-batch. */
export function sampleBytes(layout: SplitLayout): { up: number; down: number; messages: number } {
	const q = layout.smashedFloats * FLOAT_BYTES;
	const r = layout.returnFloats * FLOAT_BYTES;
	return layout.labels === 'vanilla'
		? { up: q + LABEL_BYTES, down: q, messages: 2 }
		: { up: q + r, down: q + r, messages: 4 };
}

/** Bytes of one epoch, by what they carry. */
export interface EpochBytes {
	/** Activations: smashed data up (and, U-shaped, the tail's output down). */
	readonly smashed: number;
	/** Gradients: at the cut down (and, U-shaped, at the top cut up). */
	readonly gradients: number;
	readonly labels: number;
	/** Client weights: sequential hand-offs, or SplitFed's distribution and collection. */
	readonly handoffs: number;
	readonly total: number;
}

export type SplitProtocol =
	{ readonly kind: 'split'; readonly handoff: 'server' | 'peer' } | { readonly kind: 'splitfed' };

/** Bytes on the wire for one epoch over `samples` training samples held by `clients` clients. */
export function splitEpochBytes(
	layout: SplitLayout,
	samples: number,
	clients: number,
	protocol: SplitProtocol
): EpochBytes {
	const q = layout.smashedFloats * FLOAT_BYTES;
	const r = layout.returnFloats * FLOAT_BYTES;
	const smashed = samples * (q + r);
	const gradients = samples * (q + r);
	const labels = layout.labels === 'vanilla' ? samples * LABEL_BYTES : 0;
	const weights = clientParams(layout) * FLOAT_BYTES;
	const transfers =
		protocol.kind === 'splitfed'
			? 2 * clients
			: clients > 1
				? (protocol.handoff === 'server' ? 2 : 1) * clients
				: 0;
	const handoffs = transfers * weights;
	return { smashed, gradients, labels, handoffs, total: smashed + gradients + labels + handoffs };
}

/** FedAvg's bytes for one epoch: each of `clients` clients downloads and uploads the model. */
export function fedAvgEpochBytes(params: number, clients: number): number {
	return 2 * clients * params * FLOAT_BYTES;
}

export interface BytesRow {
	readonly clients: number;
	readonly split: number;
	readonly splitfed: number;
	readonly fedavg: number;
}

/** Bytes per epoch of the three protocols for each number of clients in `clientCounts`. */
export function bytesVsClients(
	layout: SplitLayout,
	samples: number,
	clientCounts: readonly number[],
	handoff: 'server' | 'peer' = 'server'
): BytesRow[] {
	const params = layout.headParams + layout.tailParams + layout.topParams;
	return clientCounts.map((k) => ({
		clients: k,
		split: splitEpochBytes(layout, samples, k, { kind: 'split', handoff }).total,
		splitfed: splitEpochBytes(layout, samples, k, { kind: 'splitfed' }).total,
		fedavg: fedAvgEpochBytes(params, k)
	}));
}

/**
 * The smallest number of clients (up to `maxClients`) at which sequential split learning puts
 * fewer bytes on the wire per epoch than FedAvg, or null if it never does in that range. FedAvg
 * grows as 2·K·|W|; split learning as a constant 2·N·q (the data) plus K hand-offs.
 */
export function crossoverClients(
	layout: SplitLayout,
	samples: number,
	handoff: 'server' | 'peer' = 'server',
	maxClients = 10_000
): number | null {
	const params = layout.headParams + layout.tailParams + layout.topParams;
	for (let k = 1; k <= maxClients; k++)
		if (
			splitEpochBytes(layout, samples, k, { kind: 'split', handoff }).total <
			fedAvgEpochBytes(params, k)
		)
			return k;
	return null;
}

/** A client's device, as the cost model needs it. */
export interface Device {
	readonly computeSpeed: number;
	readonly uplinkMbps: number;
	readonly downlinkMbps: number;
	readonly latencyMs: number;
}

/** Compute speeds of the two sides: both in whole-model training samples per second. */
export interface Speeds {
	/** Forward FLOPs per sample of the whole model. */
	readonly modelFlops: number;
	/** The server's throughput, whole-model samples per second. */
	readonly serverSpeed: number;
}

/** One step of a batch's exchange: compute on one side, or messages on the link. */
export type Leg =
	| { readonly kind: 'client' | 'server'; readonly seconds: number }
	| {
			readonly kind: 'send';
			readonly message: 'smashed' | 'gradient';
			readonly up: boolean;
			readonly bytes: number;
			/** Messages it stands for (one per mini-batch). */
			readonly count: number;
	  };

/**
 * The legs of `batches` consecutive mini-batches of `samples` samples in total, in protocol
 * order. Time is linear in samples, and each batch pays each message's latency, so the legs of a
 * group of batches take as long as the batches one by one.
 */
export function exchangeLegs(
	layout: SplitLayout,
	samples: number,
	batches: number,
	device: Device,
	speeds: Speeds
): Leg[] {
	const client = (flops: number): Leg => ({
		kind: 'client',
		seconds: (samples * flops) / (3 * speeds.modelFlops * device.computeSpeed)
	});
	const server = (flops: number): Leg => ({
		kind: 'server',
		seconds: (samples * flops) / (3 * speeds.modelFlops * speeds.serverSpeed)
	});
	const send = (message: 'smashed' | 'gradient', up: boolean, perSample: number): Leg => ({
		kind: 'send',
		message,
		up,
		bytes: samples * perSample,
		count: batches
	});
	const q = layout.smashedFloats * FLOAT_BYTES;
	const r = layout.returnFloats * FLOAT_BYTES;
	const b = BACKWARD_FACTOR;
	if (layout.labels === 'vanilla')
		return [
			client(layout.headFlops),
			send('smashed', true, q + LABEL_BYTES),
			server((1 + b) * layout.tailFlops),
			send('gradient', false, q),
			client(b * layout.headFlops)
		];
	return [
		client(layout.headFlops),
		send('smashed', true, q),
		server(layout.tailFlops),
		send('smashed', false, r),
		client((1 + b) * layout.topFlops),
		send('gradient', true, r),
		server(b * layout.tailFlops),
		send('gradient', false, q),
		client(b * layout.headFlops)
	];
}

/** Seconds a message (or `count` back-to-back messages) of `bytes` takes on a link. */
export function transferSeconds(device: Device, up: boolean, bytes: number, count = 1): number {
	const mbps = up ? device.uplinkMbps : device.downlinkMbps;
	return (count * device.latencyMs) / 1000 + (bytes * 8) / (mbps * 1e6);
}

/** Seconds of one leg. */
export function legSeconds(leg: Leg, device: Device): number {
	return leg.kind === 'send' ? transferSeconds(device, leg.up, leg.bytes, leg.count) : leg.seconds;
}

/** At most this many smashed/gradient message events per client turn; batches are grouped evenly. */
export const EXCHANGE_EVENTS_PER_TURN = 8;

/** Splits the batches of a turn into at most `groups` runs of consecutive batches. */
export function groupBatches(
	batchSizes: readonly number[],
	groups = EXCHANGE_EVENTS_PER_TURN
): { batches: number; samples: number }[] {
	const g = Math.min(groups, batchSizes.length);
	const out: { batches: number; samples: number }[] = [];
	for (let i = 0; i < g; i++) {
		const from = Math.floor((i * batchSizes.length) / g);
		const to = Math.floor(((i + 1) * batchSizes.length) / g);
		let samples = 0;
		for (let j = from; j < to; j++) samples += batchSizes[j] as number;
		out.push({ batches: to - from, samples });
	}
	return out;
}

/** Mini-batch sizes of `epochs` passes over `samples` samples (the last batch may be short). */
export function batchSizesOf(
	samples: number,
	epochs: number,
	batchSize: number | 'full'
): number[] {
	const b = batchSize === 'full' ? samples : Math.min(batchSize, samples);
	const out: number[] = [];
	for (let e = 0; e < epochs && b > 0; e++)
		for (let from = 0; from < samples; from += b) out.push(Math.min(b, samples - from));
	return out;
}

/** Seconds of one client's turn: all its batches through the protocol, one after another. */
export function turnSeconds(
	layout: SplitLayout,
	batchSizes: readonly number[],
	device: Device,
	speeds: Speeds
): number {
	let t = 0;
	for (const g of groupBatches(batchSizes))
		for (const leg of exchangeLegs(layout, g.samples, g.batches, device, speeds))
			t += legSeconds(leg, device);
	return t;
}

/** Seconds to move the client weights from client `from` to client `to`. */
export function handoffSeconds(
	layout: SplitLayout,
	handoff: 'server' | 'peer',
	from: Device,
	to: Device
): number {
	const bytes = clientParams(layout) * FLOAT_BYTES;
	return handoff === 'peer'
		? transferSeconds(from, true, bytes)
		: transferSeconds(from, true, bytes) + transferSeconds(to, false, bytes);
}

/** A client as the wall-clock estimates need it: its device and its mini-batches. */
export interface ClientLoad {
	readonly device: Device;
	readonly batchSizes: readonly number[];
}

/**
 * Simulated seconds of one round of sequential split learning: every client's turn, one after
 * another, with a hand-off before each turn but the very first of the run (`first`).
 */
export function sequentialRoundSeconds(
	layout: SplitLayout,
	clients: readonly ClientLoad[],
	speeds: Speeds,
	handoff: 'server' | 'peer',
	first = false
): number {
	let t = 0;
	clients.forEach((c, i) => {
		const prev = clients[(i + clients.length - 1) % clients.length] as ClientLoad;
		if (clients.length > 1 && !(first && i === 0))
			t += handoffSeconds(layout, handoff, prev.device, c.device);
		t += turnSeconds(layout, c.batchSizes, c.device, speeds);
	});
	return t;
}

/**
 * Simulated seconds of one SplitFed round: the clients work in parallel (client weights down,
 * their turn, client weights up); the round lasts as long as the slowest client.
 */
export function parallelRoundSeconds(
	layout: SplitLayout,
	clients: readonly ClientLoad[],
	speeds: Speeds
): number {
	const bytes = clientParams(layout) * FLOAT_BYTES;
	return clients.reduce(
		(worst, c) =>
			Math.max(
				worst,
				transferSeconds(c.device, false, bytes) +
					turnSeconds(layout, c.batchSizes, c.device, speeds) +
					transferSeconds(c.device, true, bytes)
			),
		0
	);
}

/** Simulated seconds of one FedAvg round (C = 1) on the same devices: the slowest client. */
export function fedAvgRoundSeconds(params: number, clients: readonly ClientLoad[]): number {
	const bytes = params * FLOAT_BYTES;
	return clients.reduce((worst, c) => {
		const samples = c.batchSizes.reduce((a, b) => a + b, 0);
		return Math.max(
			worst,
			transferSeconds(c.device, false, bytes) +
				samples / c.device.computeSpeed +
				transferSeconds(c.device, true, bytes)
		);
	}, 0);
}
