/**
 * The curves' data: which number of an `evaluated` event goes on which axis, and how the axes
 * are labelled and formatted. Shared by the chart.js chart, the SVG export and the CSV export.
 */
import type { EventOf } from '$lib/sim/core/events';
import { formatBytes, formatLoss, formatPercent, timeTickFormatter } from './format';

export type Metric = 'accuracy' | 'loss';
export type XAxis = 'round' | 'time' | 'bytes';

/** A point of a curve. */
export interface XY {
	readonly x: number;
	readonly y: number;
}

export const METRIC_LABELS = {
	accuracy: 'Test accuracy',
	loss: 'Test loss'
} as const satisfies Record<Metric, string>;

export const X_LABELS = {
	round: 'Round',
	time: 'Simulated time',
	bytes: 'Bytes communicated (up + down)'
} as const satisfies Record<XAxis, string>;

/** The x value of an evaluation: its round, its simulated time, or the bytes sent so far. */
export function xOf(e: EventOf<'evaluated'>, axis: XAxis): number {
	if (axis === 'round') return e.round;
	if (axis === 'time') return e.t;
	return e.bytesUp + e.bytesDown;
}

/** The curve of one run: (x, metric) for every evaluation whose metric is finite. */
export function seriesPoints(
	points: readonly EventOf<'evaluated'>[],
	metric: Metric,
	axis: XAxis
): XY[] {
	const out: XY[] = [];
	for (const e of points) {
		const y = e[metric];
		if (Number.isFinite(y)) out.push({ x: xOf(e, axis), y });
	}
	return out;
}

/** Formats a metric value for tooltips and captions. */
export function formatMetric(metric: Metric, y: number): string {
	return metric === 'accuracy' ? formatPercent(y) : formatLoss(y);
}

/** Tick labels of the y axis. */
export function yTickFormatter(metric: Metric): (y: number) => string {
	return metric === 'accuracy' ? (y) => `${Math.round(y * 1000) / 10} %` : (y) => String(y);
}

/** Tick labels of the x axis, given the largest x shown (time picks one unit for all ticks). */
export function xTickFormatter(axis: XAxis, max: number): (x: number) => string {
	if (axis === 'time') return timeTickFormatter(max);
	if (axis === 'bytes') return formatBytes;
	return (x) => String(x);
}

/**
 * The y axis's range: `zero` starts at 0 (accuracy spans 0–100 %, loss 0 to its largest value),
 * so a gap between curves looks as large as it is; `zoomed` fits the data (5 %-steps for accuracy),
 * which shows small differences but exaggerates them. The default is `zero`.
 */
export type YRange = 'zero' | 'zoomed';

export const Y_RANGES = ['zero', 'zoomed'] as const satisfies readonly YRange[];

/** The y axis's [min, max] for the `ys` shown (finite values only count). */
export function yDomain(metric: Metric, range: YRange, ys: readonly number[]): [number, number] {
	const finite = ys.filter(Number.isFinite);
	if (metric === 'accuracy') {
		if (range === 'zero' || !finite.length) return [0, 1];
		// the epsilon keeps float noise (0.42 - 0.02 = 0.3999…) from dropping a whole step
		const lo = Math.floor((Math.min(...finite) - 0.02) * 20 + 1e-9) / 20;
		const hi = Math.ceil((Math.max(...finite) + 0.02) * 20 - 1e-9) / 20;
		return [round6(Math.max(0, lo)), round6(Math.min(1, hi))];
	}
	if (!finite.length) return [0, 1];
	const min = Math.min(...finite);
	const max = Math.max(...finite);
	if (range === 'zero') return [0, max > 0 ? round6(max * 1.05) : 1];
	const pad = max > min ? (max - min) * 0.08 : Math.abs(max) * 0.1 || 0.1;
	return [round6(Math.max(0, min - pad)), round6(max + pad)];
}

/** Rounds away float noise (0.15000000000000002). */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
