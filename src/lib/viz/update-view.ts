/**
 * The geometry of the 2-D view of a round's updates (the `updatesProjected` event): which round the
 * playhead shows, the data box (with equal units on both axes, so that distances look like
 * distances), the points that lie too far out to draw and are pinned to the border instead, and
 * the rule labels spread down the right margin so that rules landing together stay readable.
 * Pure: no DOM, no Svelte; the component draws what this returns.
 */
import { scaleLinear } from 'd3';
import type { AggregatorName } from '$lib/sim/robust/aggregate';
import type { EventOf, SimEvent } from '$lib/sim/core/events';
import { RULE_COLORS, RULE_MARKS, type RuleMarker } from './palette';

export type Projected = EventOf<'updatesProjected'>;

/** A point in view units ((0, 0) is "no change") or in pixels. */
export interface Pt {
	readonly x: number;
	readonly y: number;
}

export interface Box {
	readonly x0: number;
	readonly x1: number;
	readonly y0: number;
	readonly y1: number;
}

/** Short names for the view's labels. */
export const RULE_SHORT = {
	mean: 'Mean',
	median: 'Median',
	trimmedMean: 'Trimmed mean',
	krum: 'Krum',
	multiKrum: 'Multi-Krum',
	geometricMedian: 'Geometric median',
	medianOfMeans: 'Median of means',
	bulyan: 'Bulyan',
	centeredClipping: 'Centered clipping',
	meamed: 'MeaMed',
	fltrust: 'FLTrust',
	dnc: 'DnC',
	normClip: 'Norm clipping'
} as const satisfies Record<AggregatorName, string>;

/** Shorter still, for narrow screens. */
export const RULE_TINY = {
	mean: 'Mean',
	median: 'Median',
	trimmedMean: 'Trim. mean',
	krum: 'Krum',
	multiKrum: 'Multi-Krum',
	geometricMedian: 'Geo. median',
	medianOfMeans: 'Med. of means',
	bulyan: 'Bulyan',
	centeredClipping: 'CC',
	meamed: 'MeaMed',
	fltrust: 'FLTrust',
	dnc: 'DnC',
	normClip: 'Clip'
} as const satisfies Record<AggregatorName, string>;

const isRule = (r: string): r is AggregatorName => r in RULE_SHORT;

/** Every round's view of a run, in order (the events of one run). */
export function projections(events: readonly SimEvent[]): Projected[] {
	const out: Projected[] = [];
	for (const e of events) if (e.type === 'updatesProjected') out.push(e);
	return out;
}

/** The latest view at or before simulated time `t`, or null before the first aggregation. */
export function viewAt(views: readonly Projected[], t: number): Projected | null {
	let lo = 0;
	let hi = views.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((views[mid] as Projected).t <= t) lo = mid + 1;
		else hi = mid;
	}
	return views[lo - 1] ?? null;
}

function bbox(points: readonly Pt[]): Box {
	let x0 = Infinity;
	let x1 = -Infinity;
	let y0 = Infinity;
	let y1 = -Infinity;
	for (const p of points) {
		x0 = Math.min(x0, p.x);
		x1 = Math.max(x1, p.x);
		y0 = Math.min(y0, p.y);
		y1 = Math.max(y1, p.y);
	}
	return { x0, x1, y0, y1 };
}

/**
 * The part of the plane the view shows: the honest cloud and "no change" always; anything else
 * (attackers, the rules' aggregates) as long as it lies within `reach` cloud sizes of the cloud's
 * centre. Farther points would shrink the cloud to a dot, so they are pinned to the border.
 */
export function viewBox(honest: readonly Pt[], others: readonly Pt[], reach = 8): Box {
	const core = bbox([{ x: 0, y: 0 }, ...honest]);
	const cx = (core.x0 + core.x1) / 2;
	const cy = (core.y0 + core.y1) / 2;
	const size = Math.max(core.x1 - core.x0, core.y1 - core.y0);
	const s = size > 0 ? size : Math.max(1e-12, ...others.map((p) => Math.hypot(p.x, p.y)));
	const lim = (0.5 + reach) * s;
	const near = others.filter(
		(p) =>
			Number.isFinite(p.x) &&
			Number.isFinite(p.y) &&
			Math.abs(p.x - cx) <= lim &&
			Math.abs(p.y - cy) <= lim
	);
	const b = bbox([{ x: 0, y: 0 }, ...honest, ...near]);
	const pad = 0.08 * Math.max(b.x1 - b.x0, b.y1 - b.y0, s);
	return { x0: b.x0 - pad, x1: b.x1 + pad, y0: b.y0 - pad, y1: b.y1 + pad };
}

/** `box` grown along one axis so that one unit is as many pixels across as up (w × h pixels). */
export function equalAspect(box: Box, w: number, h: number): Box {
	const bw = box.x1 - box.x0;
	const bh = box.y1 - box.y0;
	if (!(bw > 0 && bh > 0 && w > 0 && h > 0)) return box;
	const unit = Math.max(bw / w, bh / h);
	const cx = (box.x0 + box.x1) / 2;
	const cy = (box.y0 + box.y1) / 2;
	return {
		x0: cx - (unit * w) / 2,
		x1: cx + (unit * w) / 2,
		y0: cy - (unit * h) / 2,
		y1: cy + (unit * h) / 2
	};
}

/**
 * Pixel `p` pinned to the rectangle [x0, x1] × [y0, y1] along the ray from the rectangle's centre:
 * the point itself when inside, else where the ray leaves, with the ray's direction (radians).
 */
export function pin(p: Pt, r: Box): { x: number; y: number; clipped: boolean; angle: number } {
	const cx = (r.x0 + r.x1) / 2;
	const cy = (r.y0 + r.y1) / 2;
	const dx = p.x - cx;
	const dy = p.y - cy;
	const angle = Math.atan2(dy, dx);
	if (p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1)
		return { x: p.x, y: p.y, clipped: false, angle };
	const tx = dx === 0 ? Infinity : (dx > 0 ? r.x1 - cx : r.x0 - cx) / dx;
	const ty = dy === 0 ? Infinity : (dy > 0 ? r.y1 - cy : r.y0 - cy) / dy;
	const t = Math.min(tx, ty);
	return { x: cx + t * dx, y: cy + t * dy, clipped: true, angle };
}

/**
 * Label positions along one axis: at least `gap` apart, in the order of where they want to be,
 * each run of crowded labels centred on where its members want to be, all within [min, max] (when
 * they fit). Returns them in the input's order.
 */
export function spreadLabels(
	wanted: readonly number[],
	gap: number,
	min: number,
	max: number
): number[] {
	const order = wanted
		.map((_, i) => i)
		.sort((a, b) => (wanted[a] as number) - (wanted[b] as number) || a - b);
	// runs of labels that touch, each placed at the mean of (wanted − its offset in the run)
	const runs: { n: number; sum: number }[] = [];
	for (const i of order) {
		runs.push({ n: 1, sum: wanted[i] as number });
		for (;;) {
			const b = runs.at(-1) as { n: number; sum: number };
			const a = runs.at(-2);
			if (!a || a.sum / a.n + a.n * gap <= b.sum / b.n) break;
			runs.splice(-2, 2, { n: a.n + b.n, sum: a.sum + b.sum - b.n * a.n * gap });
		}
	}
	const pos: number[] = [];
	for (const r of runs) for (let k = 0; k < r.n; k++) pos.push(r.sum / r.n + k * gap);
	const n = pos.length;
	for (let k = n - 1; k >= 0; k--)
		pos[k] = Math.min(pos[k] as number, k < n - 1 ? (pos[k + 1] as number) - gap : max);
	for (let k = 0; k < n; k++)
		pos[k] = Math.max(pos[k] as number, k ? (pos[k - 1] as number) + gap : min);
	const out = new Array<number>(n);
	order.forEach((i, k) => (out[i] = pos[k] as number));
	return out;
}

export interface PlacedPoint {
	readonly client: number;
	readonly byzantine: boolean;
	readonly x: number;
	readonly y: number;
	readonly clipped: boolean;
	/** Direction of a pinned point (radians, screen coordinates). */
	readonly angle: number;
}

export interface PlacedRule extends PlacedPoint {
	readonly rule: AggregatorName;
	readonly label: string;
	/** The rule's colour and marker, from the one palette (viz/palette.ts). */
	readonly color: string;
	readonly marker: RuleMarker;
	readonly chosen: boolean;
	/** Where its label sits in the right margin. */
	readonly labelY: number;
	/** Distance from the honest centre, in units of the honest cloud's radius (∞: no honest cloud). */
	readonly offset: number;
}

export interface ViewLayout {
	readonly width: number;
	readonly height: number;
	/** The plotting rectangle, in pixels. */
	readonly plot: Box;
	/** "No change", in pixels. */
	readonly origin: Pt;
	readonly points: readonly PlacedPoint[];
	readonly rules: readonly PlacedRule[];
	/** The x of the label column (left edge). */
	readonly labelX: number;
	/** Points pinned to the border, and how far out the farthest really is (in cloud radii). */
	readonly pinned: { readonly count: number; readonly farthest: number };
}

export interface LayoutOptions {
	readonly width: number;
	readonly height: number;
	/** The rule the server uses (drawn emphasised). */
	readonly chosen: string;
	/** Width kept for the rule labels at the right. */
	readonly labelWidth: number;
	readonly margin?: number;
	/** How many honest-cloud sizes around the cloud are drawn (see `viewBox`); default 8. */
	readonly reach?: number;
}

/** Lays out one round's view in a `width` × `height` box. */
export function layoutView(view: Projected, o: LayoutOptions): ViewLayout {
	const m = o.margin ?? 14;
	const plot: Box = {
		x0: m,
		x1: Math.max(m + 40, o.width - o.labelWidth - m),
		y0: m,
		y1: o.height - m - 14
	};
	const honest = view.points.filter((p) => !p.byzantine);
	const others = [...view.points.filter((p) => p.byzantine), ...view.aggregates];
	const data = equalAspect(viewBox(honest, others, o.reach), plot.x1 - plot.x0, plot.y1 - plot.y0);
	const sx = scaleLinear().domain([data.x0, data.x1]).range([plot.x0, plot.x1]);
	const sy = scaleLinear().domain([data.y0, data.y1]).range([plot.y1, plot.y0]);
	const centre = honest.length
		? {
				x: honest.reduce((s, p) => s + p.x, 0) / honest.length,
				y: honest.reduce((s, p) => s + p.y, 0) / honest.length
			}
		: { x: 0, y: 0 };
	const radius = Math.max(0, ...honest.map((p) => Math.hypot(p.x - centre.x, p.y - centre.y)));
	const rel = (p: Pt) => {
		const d = Math.hypot(p.x - centre.x, p.y - centre.y);
		return radius > 0 ? d / radius : d > 0 ? Infinity : 0;
	};
	const place = (p: Pt) => pin({ x: sx(p.x), y: sy(p.y) }, plot);
	let count = 0;
	let farthest = 0;
	const points = view.points.map((p) => {
		const at = place(p);
		if (at.clipped) {
			count++;
			farthest = Math.max(farthest, rel(p));
		}
		return { client: p.client, byzantine: p.byzantine, ...at };
	});
	const known = view.aggregates.filter((a) => isRule(a.rule));
	const rules = known.map((a) => {
		const rule = a.rule as AggregatorName;
		const at = place(a);
		if (at.clipped) {
			count++;
			farthest = Math.max(farthest, rel(a));
		}
		return {
			client: -1,
			byzantine: false,
			rule,
			label: RULE_SHORT[rule],
			color: RULE_COLORS[rule],
			marker: RULE_MARKS[rule].marker,
			chosen: rule === o.chosen,
			offset: rel(a),
			...at
		};
	});
	const labelYs = spreadLabels(
		rules.map((r) => r.y),
		15,
		plot.y0 + 4,
		plot.y1 - 4
	);
	return {
		width: o.width,
		height: o.height,
		plot,
		origin: pin({ x: sx(0), y: sy(0) }, plot),
		points,
		rules: rules.map((r, i) => ({ ...r, labelY: labelYs[i] ?? r.y })),
		labelX: plot.x1 + 18,
		pinned: { count, farthest }
	};
}

/**
 * How many points sit on each spot (within `tol` pixels): the count on the first point of each
 * stack, 0 on the others. Colluding attackers (ALIE) send one and the same update.
 */
export function stacks(points: readonly Pt[], tol = 1): number[] {
	const out = points.map(() => 1);
	for (let i = 0; i < points.length; i++) {
		if (out[i] === 0) continue;
		const a = points[i] as Pt;
		for (let j = i + 1; j < points.length; j++) {
			const b = points[j] as Pt;
			if (out[j] !== 0 && Math.abs(a.x - b.x) <= tol && Math.abs(a.y - b.y) <= tol) {
				out[i] = (out[i] as number) + 1;
				out[j] = 0;
			}
		}
	}
	return out;
}

/**
 * The rules every view draws when it can (robust/round.ts: the later ones, from Bulyan on, appear
 * only when they are the chosen rule, so their absence needs no reason).
 */
const ALWAYS_DRAWN: readonly AggregatorName[] = [
	'mean',
	'median',
	'trimmedMean',
	'krum',
	'multiKrum',
	'geometricMedian',
	'medianOfMeans'
];

/** The rules missing from a view, each with the reason it is not drawn. */
export function missingRules(
	view: Projected,
	nonFinite: readonly number[]
): { rule: AggregatorName; why: string }[] {
	const shown = new Set(view.aggregates.map((a) => a.rule));
	return ALWAYS_DRAWN.filter((r) => !shown.has(r)).map((rule) => ({
		rule,
		why:
			rule === 'mean' && nonFinite.length
				? 'it takes in the non-finite updates'
				: 'its precondition fails for this round'
	}));
}

/** Each round's `aggregated` event (who was discarded, who sent non-finite values). */
export function aggregations(events: readonly SimEvent[]): Map<number, EventOf<'aggregated'>> {
	const out = new Map<number, EventOf<'aggregated'>>();
	for (const e of events) if (e.type === 'aggregated') out.set(e.round, e);
	return out;
}

/** Honest points first, then the attackers on top (they may hide right under a rule). */
export function drawOrder<P extends { readonly byzantine: boolean }>(points: readonly P[]): P[] {
	return [...points.filter((p) => !p.byzantine), ...points.filter((p) => p.byzantine)];
}

/** The view in one sentence, for screen readers. */
export function describeView(view: Projected, layout: ViewLayout): string {
	const byz = view.points.filter((p) => p.byzantine).length;
	const far = layout.rules
		.map((r) => `${r.label} ${Number.isFinite(r.offset) ? r.offset.toFixed(1) : 'far'}`)
		.join(', ');
	return `Round ${view.round}: ${view.points.length - byz} honest and ${byz} Byzantine updates. Distance of each rule's aggregate from the honest centre, in honest-cloud radii: ${far}.`;
}

/** The per-client figures the rule reported (`aggregated.why`). */
export type RuleWhy = NonNullable<EventOf<'aggregated'>['why']>;

const figure = (x: number) =>
	Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(3);

/** "Krum score …: 12.300; norm before clipping …: 3.210" for one client ('' if none). */
export function whyOf(client: number, why: RuleWhy = []): string {
	return why
		.map((w) => {
			const v = w.values.find((x) => x.client === client);
			return v ? `${w.measure}: ${figure(v.value)}` : '';
		})
		.filter(Boolean)
		.join('; ');
}

/**
 * One line per measure for the caption: the clients with the largest figure first (or, for the
 * trust score, the smallest), at most `top` of them: what the rule held against whom.
 */
export function whyLines(why: RuleWhy = [], top = 4): string[] {
	return why.map((w) => {
		const asc = /trust/.test(w.measure);
		const sorted = [...w.values].sort((a, b) => (asc ? a.value - b.value : b.value - a.value));
		const shown = sorted.slice(0, top).map((v) => `client ${v.client} ${figure(v.value)}`);
		return `${w.measure}: ${shown.join(', ')}${sorted.length > top ? ', …' : ''}`;
	});
}

/** A point's tooltip: whose update, whether the rule left it out, and the rule's figure for it. */
export function pointTitle(p: PlacedPoint, discarded: readonly number[], why?: RuleWhy): string {
	const because = whyOf(p.client, why);
	return (
		`Client ${p.client}: ${p.byzantine ? 'Byzantine' : 'honest'}` +
		(discarded.includes(p.client) ? ', left out by the rule' : '') +
		(p.clipped ? ' (far off the chart)' : '') +
		(because ? ` — ${because}` : '')
	);
}

/** An SVG path of a diamond of radius `r` around the origin (a rule's marker). */
export function diamond(r: number): string {
	return `M0,${-r}L${r},0L0,${r}L${-r},0Z`;
}
