/**
 * The per-client accuracy chart's data and geometry: from a run's `clientsEvaluated` events, the
 * mean and spread of each model's accuracy over the clients (their own test splits), round by
 * round, and the SVG paths of a band (min–max, and p10–p90 inside it) around the mean. Pure: the
 * component only draws what this returns.
 */
import type { EventOf, SimEvent } from '$lib/sim/core/events';
import { clientSpread, type ClientSpread } from '$lib/sim/personal/spread';
import { formatPercent } from './format';

export type ClientModel = EventOf<'clientsEvaluated'>['model'];

/** Which model was measured, in the chart's words, the order of the legend, and its colour (the runs' palette, readable in both themes). */
export const CLIENT_MODELS = [
	{ model: 'global', label: 'Global model', color: '#2f6fdf' },
	{ model: 'fineTuned', label: 'Fine-tuned per client', color: '#e08a00' },
	{ model: 'cluster', label: 'IFCA: each client’s cluster model', color: '#16a07a' }
] as const satisfies readonly { model: ClientModel; label: string; color: string }[];

export interface SpreadPoint extends ClientSpread {
	readonly round: number;
}

export interface SpreadSeries {
	readonly model: ClientModel;
	readonly label: string;
	readonly color: string;
	readonly points: readonly SpreadPoint[];
}

/**
 * One series per model measured in `events` (legend order), each round's spread of the clients'
 * accuracies, keeping only events at simulated time ≤ `upTo` (the playhead).
 */
export function clientSpreadSeries(events: readonly SimEvent[], upTo = Infinity): SpreadSeries[] {
	const by = new Map<ClientModel, SpreadPoint[]>();
	for (const e of events) {
		if (e.type !== 'clientsEvaluated' || e.t > upTo) continue;
		const s = clientSpread(e.accuracies.map((a) => a.accuracy));
		if (!s) continue;
		let list = by.get(e.model);
		if (!list) by.set(e.model, (list = []));
		list.push({ round: e.round, ...s });
	}
	return CLIENT_MODELS.filter((m) => by.has(m.model)).map((m) => ({
		...m,
		points: by.get(m.model) ?? []
	}));
}

export interface SpreadBox {
	readonly width: number;
	readonly height: number;
	/** Room for the axes: left, right, top, bottom. */
	readonly margin: {
		readonly l: number;
		readonly r: number;
		readonly t: number;
		readonly b: number;
	};
}

export interface SpreadLayout {
	/** Pixel x of a round (rounds 1 … `rounds` span the plot; round 0 sits at the left edge). */
	readonly x: (round: number) => number;
	/** Pixel y of an accuracy (0 at the bottom of the plot, 1 at the top). */
	readonly y: (accuracy: number) => number;
	readonly xTicks: readonly number[];
	readonly yTicks: readonly number[];
	readonly bands: readonly {
		readonly model: ClientModel;
		readonly color: string;
		/** Closed path around min … max. */
		readonly outer: string;
		/** Closed path around p10 … p90. */
		readonly inner: string;
		/** The mean, as a polyline. */
		readonly mean: string;
		/** The mean's points (so that a single round still shows). */
		readonly dots: readonly { readonly x: number; readonly y: number }[];
	}[];
}

const f1 = (v: number) => v.toFixed(1);

/** Whole-round ticks, at most about `max` of them, always including the last round. */
export function roundTicks(rounds: number, max = 6): number[] {
	if (rounds <= 0) return [];
	const step = Math.max(1, Math.ceil(rounds / max));
	const ticks: number[] = [];
	for (let r = step === 1 ? 1 : step; r <= rounds; r += step) ticks.push(r);
	if (ticks.at(-1) !== rounds) ticks.push(rounds);
	return ticks;
}

/** Closed band between `lo` and `hi` of each point, left to right along the top, back along the bottom. */
function bandPath(
	points: readonly SpreadPoint[],
	lo: (p: SpreadPoint) => number,
	hi: (p: SpreadPoint) => number,
	x: (r: number) => number,
	y: (a: number) => number
): string {
	if (!points.length) return '';
	const top = points.map((p) => `${f1(x(p.round))},${f1(y(hi(p)))}`);
	const bottom = [...points].reverse().map((p) => `${f1(x(p.round))},${f1(y(lo(p)))}`);
	return `M${[...top, ...bottom].join('L')}Z`;
}

/** The chart's scales, ticks and paths for `series` over rounds 0 … `rounds`. */
export function spreadLayout(
	series: readonly SpreadSeries[],
	rounds: number,
	box: SpreadBox
): SpreadLayout {
	const { width, height, margin: m } = box;
	const span = Math.max(1, rounds);
	const x = (r: number) => m.l + (r / span) * (width - m.l - m.r);
	const y = (a: number) => height - m.b - a * (height - m.t - m.b);
	return {
		x,
		y,
		xTicks: roundTicks(rounds),
		yTicks: [0, 0.25, 0.5, 0.75, 1],
		bands: series.map((s) => ({
			model: s.model,
			color: s.color,
			outer: bandPath(
				s.points,
				(p) => p.min,
				(p) => p.max,
				x,
				y
			),
			inner: bandPath(
				s.points,
				(p) => p.p10,
				(p) => p.p90,
				x,
				y
			),
			mean: s.points.length
				? `M${s.points.map((p) => `${f1(x(p.round))},${f1(y(p.mean))}`).join('L')}`
				: '',
			dots: s.points.map((p) => ({ x: x(p.round), y: y(p.mean) }))
		}))
	};
}

/** One sentence per model with its latest round: for screen readers and the caption. */
export function spreadSummary(series: readonly SpreadSeries[]): string {
	if (!series.length) return 'No per-client accuracy measured yet.';
	return series
		.map((s) => {
			const p = s.points.at(-1);
			if (!p) return '';
			return (
				`${s.label}, round ${p.round}: mean ${formatPercent(p.mean)} over ${p.n} clients, ` +
				`worst ${formatPercent(p.min)}, best ${formatPercent(p.max)} ` +
				`(10th–90th percentile ${formatPercent(p.p10)}–${formatPercent(p.p90)})`
			);
		})
		.filter(Boolean)
		.join('. ')
		.concat('.');
}
