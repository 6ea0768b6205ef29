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
