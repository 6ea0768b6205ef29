/**
 * The words of a message's card in the network graph: what it is, from whom to whom, its size,
 * round and times on the simulated clock, and what it carries — for an update the server's figures
 * (its norm, its distance to the round's mean update), what became of it, and for a Byzantine one
 * the attack that wrote it. Pure: built from `CardIndex` facts and the playhead.
 */
import type { ActivationSample, MessageKind, NodeId } from '$lib/sim/core/events';
import { activationImage, type GrayImage } from '$lib/sim/split/smashed-image';
import { aggregators, type AggregatorName } from '$lib/sim/robust/aggregate';
import { attacks, type AttackName } from '$lib/sim/robust/attacks';
import type { MessageFacts } from './card-index';
import { formatBytes, formatCount, formatNumber, formatSeconds } from './format';

export interface CardRow {
	readonly label: string;
	readonly value: string;
}

export interface MessageCardText {
	/** "Client update", "Global model", … */
	readonly title: string;
	/** "client 3 → server". */
	readonly route: string;
	/** "in flight (40 %)", "arrived", "lost on the link". */
	readonly status: string;
	readonly rows: readonly CardRow[];
	/** What it carries, one line each. */
	readonly carries: readonly string[];
	/** Written by a Byzantine client's attack. */
	readonly byzantine: boolean;
	/** Smashed data that carries a sample of its activations: their picture, with its caption. */
	readonly picture?: ActivationPicture;
}

export interface ActivationPicture {
	readonly image: GrayImage;
	/** "What the server receives: client 2’s activations at the cut, first sample of the batch". */
	readonly caption: string;
	/** How the numbers are laid out: "16 values, one cell each; dark = large". */
	readonly detail: string;
}

const TITLES = {
	model: 'Global model',
	update: 'Client update',
	smashed: 'Smashed data',
	gradient: 'Cut-layer gradient',
	head: 'Model head hand-off',
	secagg: 'Secure-aggregation message',
	data: 'Raw training data'
} as const satisfies Record<MessageKind, string>;

/** "server", "client 3". */
export function nodeName(id: NodeId): string {
	return id === 'server' ? 'server' : `client ${id}`;
}

/** A time on the simulated clock, fine enough to tell a message's send and arrival apart. */
export function clockTime(t: number): string {
	if (!Number.isFinite(t)) return '–';
	return `${t.toFixed(t < 10 ? 3 : 2)} s`;
}

/** A norm or a distance: three significant digits, exponents for the very large and small. */
export function figure(x: number): string {
	if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : '∞';
	const a = Math.abs(x);
	return a !== 0 && (a >= 1e4 || a < 1e-3) ? x.toExponential(2) : x.toPrecision(3);
}

/** "Sign flip (scale = 4)" from an attack's kind and parameters. */
export function attackText(a: { kind: string; params: Readonly<Record<string, unknown>> }): string {
	const label = a.kind in attacks ? attacks[a.kind as AttackName].label : a.kind;
	const params = Object.entries(a.params)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : String(v)}`);
	return params.length ? `${label} (${params.join(', ')})` : label;
}

function ruleLabel(rule: string): string {
	return rule in aggregators ? aggregators[rule as AggregatorName].label : rule;
}

function status(f: MessageFacts, now: number): string {
	const m = f.message;
	if (now < m.t) return 'not sent yet';
	const span = m.arrives - m.t;
	const p = span > 0 ? (now - m.t) / span : 1;
	if (m.lost) return p >= 0.5 ? 'lost on the link: it never arrives' : 'in flight, will be lost';
	return p >= 1 ? 'arrived' : `in flight (${Math.round(p * 100)} %)`;
}

function updateLines(f: MessageFacts, now: number): string[] {
	const fate = f.fate;
	const m = f.message;
	if (!fate || m.lost) return [];
	const out: string[] = [];
	const agg = fate.aggregated;
	const fig = fate.figures;
	if (fig) {
		out.push(`Norm ‖Δ‖ = ${figure(fig.norm)} (the change to the global model it asks for)`);
		if (fig.distance !== undefined)
			out.push(`Distance to the round's mean update: ${figure(fig.distance)}`);
	}
	if (f.byzantine) {
		const attack = agg?.attack ? attackText(agg.attack) : 'its attack';
		out.push(
			fig?.trainedNorm !== undefined
				? `Byzantine: ${attack} rewrote it; it trained an update of norm ${figure(fig.trainedNorm)} and sends one of norm ${figure(fig.norm)}`
				: `Byzantine: it carries ${attack}`
		);
	}
	if (agg && now >= agg.t)
		out.push(
			fate.discarded
				? `${ruleLabel(agg.rule)} left it out of the aggregate (${clockTime(agg.t)})`
				: `Taken into the ${ruleLabel(agg.rule)} aggregate (${clockTime(agg.t)})`
		);
	else if (fig && agg) out.push(`Measured by the server when it aggregates round ${agg.round}`);
	if (fate.received && now >= m.arrives)
		out.push(
			`Taken in with staleness t − τ = ${fate.received.staleness}, weight ${figure(fate.received.weight)}`
		);
	if (fate.dropped && now >= m.arrives) out.push(`Dropped by the server: ${fate.dropped}`);
	if (!fig && !fate.received && !fate.dropped && !agg)
		out.push(
			now >= m.arrives
				? 'The server reports no figures for it (this algorithm does not measure updates)'
				: 'Its figures are known once the server aggregates'
		);
	return out;
}

function carries(f: MessageFacts, now: number): string[] {
	const m = f.message;
	const n = m.count && m.count > 1 ? `${formatCount(m.count)} ` : 'one ';
	switch (m.kind) {
		case 'update':
			return updateLines(f, now);
		case 'model':
			return ['The global model’s weights, for local training'];
		case 'smashed': {
			const batches = `${n}mini-batch${m.count && m.count > 1 ? 'es' : ''}`;
			const down = m.from === 'server';
			const sampled = m.activations
				? ''
				: ` (the event stream keeps a sample of them only on the first smashed message ${down ? 'down' : 'up'} of a client’s turn)`;
			// U-shaped: the server part's output goes down to the client's top layers
			return [
				down
					? `The server part’s output for ${batches}, for the client’s top layers (the labels stay on the client)${sampled}`
					: `The cut layer’s activations of ${batches}, and their labels${sampled}`
			];
		}
		case 'gradient':
			return [
				`The loss gradient at the cut layer for ${n}mini-batch${m.count && m.count > 1 ? 'es' : ''}`
			];
		case 'head':
			return ['The client-side part of the model, handed to the next client'];
		case 'secagg':
			return ['Keys, secret shares or unmasking shares of secure aggregation'];
		case 'data':
			return ['The raw training data, uploaded once before training'];
	}
}

const dims = (shape: readonly number[]) => shape.join(' × ');

/** The picture of the activations a smashed message carries (see split/activation-sample.ts). */
export function activationPicture(
	a: ActivationSample,
	from: NodeId,
	to: NodeId,
	count = 1
): ActivationPicture {
	const batch = count > 1 ? 'the first of these batches' : 'the batch';
	const [h, w, c] = a.cut;
	let detail: string;
	if (a.cut.length === 3 && h !== undefined && w !== undefined && c !== undefined) {
		const kept = a.shape[2] ?? 0;
		const channels =
			kept === c ? `all ${c} channels` : `channel${kept > 1 ? `s 1–${kept}` : ' 1'} of ${c}`;
		const pooled = a.pool > 1 ? `, ${a.pool} × ${a.pool} blocks averaged` : '';
		const tiles = kept > 1 ? ', one tile each' : '';
		detail = `${dims(a.cut)} at the cut: ${channels}${tiles}${pooled}; dark = large`;
	} else {
		const n = a.cut.reduce((x, y) => x * y, 1);
		detail =
			a.pool > 1
				? `${formatCount(n)} values, averaged in runs of ${a.pool} to ${a.values.length}; dark = large`
				: `${formatCount(n)} values, one cell each; dark = large`;
	}
	return {
		image: activationImage(a.values, a.shape),
		caption:
			from === 'server'
				? `What client ${String(to)} receives: the server part’s output, first sample of ${batch}`
				: `What the server receives: client ${from}’s activations at the cut, first sample of ${batch}`,
		detail
	};
}

/** The card of message `f` at simulated time `now`. */
export function messageCard(f: MessageFacts, now: number): MessageCardText {
	const m = f.message;
	const rows: CardRow[] = [
		{
			label: 'Size',
			value: `${formatBytes(m.bytes)}${m.count && m.count > 1 ? ` in ${formatCount(m.count)} messages` : ''}`
		},
		{ label: 'Round', value: String(m.round) },
		{ label: 'Sent', value: clockTime(m.t) },
		{
			label: m.lost ? 'Would arrive' : 'Arrives',
			value: `${clockTime(m.arrives)} (${formatSeconds(m.arrives - m.t)} on the link)`
		}
	];
	if (m.staleness !== undefined) rows.push({ label: 'Staleness', value: `t − τ = ${m.staleness}` });
	return {
		title: TITLES[m.kind],
		route: `${nodeName(m.from)} → ${nodeName(m.to)}`,
		status: status(f, now),
		rows,
		carries: carries(f, now),
		byzantine: f.byzantine,
		...(m.kind === 'smashed' &&
			m.activations && { picture: activationPicture(m.activations, m.from, m.to, m.count) })
	};
}
