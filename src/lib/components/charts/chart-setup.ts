/**
 * chart.js, registered once with only what a line chart of curves needs (tree-shaken), the parts
 * every chart's options share (axes, legend, interaction in the theme's colours), and the pure
 * builders of the metrics chart's datasets and options from `RunSeries`. `ChartCanvas.svelte` is
 * the only place that creates a chart on the page.
 */
import {
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Title,
	Tooltip,
	type ChartDataset,
	type ChartOptions,
	type Plugin
} from 'chart.js';
import {
	formatMetric,
	METRIC_LABELS,
	seriesPoints,
	X_LABELS,
	xTickFormatter,
	yTickFormatter,
	type Metric,
	type XAxis,
	type XY
} from '$lib/viz/series';
import { withAlpha, type ThemeColors } from '$lib/state/theme-colors.svelte';
import type { RunSeries } from './types';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Title);
Chart.defaults.font.family =
	"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export { Chart };

export type LineDataset = ChartDataset<'line', XY[]> & { runId?: string };

/** Concrete colours (canvas cannot read CSS variables) resolved from the page's theme. */
export type ChartTheme = ThemeColors;

/** What a line chart draws: built from plain data and the theme by a pure function. */
export interface LineChartSpec {
	readonly datasets: LineDataset[];
	readonly options: ChartOptions<'line'>;
}

/** An axis title in the theme's text colour. */
export function axisTitle(text: string, theme: ChartTheme) {
	return { display: true, text, color: theme.fg, font: { size: 12 } };
}

/** Grid, border and tick colours of an axis. */
export function axisColors(theme: ChartTheme) {
	return { grid: { color: theme.grid }, border: { color: theme.muted } };
}

/** The legend under a chart: one line sample per curve (curves labelled '' are left out). */
export function legendOptions(theme: ChartTheme) {
	return {
		display: true,
		position: 'bottom' as const,
		labels: {
			color: theme.fg,
			usePointStyle: true,
			pointStyle: 'line' as const,
			pointStyleWidth: 28,
			boxHeight: 8,
			padding: 14,
			filter: (item: { text: string }) => item.text !== ''
		}
	};
}

/** What every chart shares: sized by its box, drawn at once (no animation), data given as {x, y}. */
export const BASE_OPTIONS = {
	responsive: true,
	maintainAspectRatio: false,
	animation: false,
	parsing: false,
	interaction: { mode: 'nearest', axis: 'x', intersect: false },
	layout: { padding: { left: 4, right: 12, top: 4 } }
} as const satisfies ChartOptions<'line'>;

/** Lighter than the live run: ghosts are drawn at this opacity, thinner and dashed. */
export const GHOST_ALPHA = 0.45;

/** Pixels a curve may overflow the plot: the last point (and one at 100 %) is drawn whole. */
export const CURVE_CLIP = 8;

/** Live runs show their points while they are few; ghosts are lighter, thinner and dashed. */
export function styleOf(run: RunSeries, n: number): Partial<LineDataset> {
	return run.ghost
		? {
				borderColor: withAlpha(run.color, GHOST_ALPHA),
				backgroundColor: withAlpha(run.color, GHOST_ALPHA),
				borderWidth: 1.5,
				borderDash: [6, 4],
				pointRadius: 0,
				pointHoverRadius: 3,
				order: 1,
				clip: CURVE_CLIP
			}
		: {
				borderColor: run.color,
				backgroundColor: run.color,
				borderWidth: 2.5,
				borderDash: [],
				pointRadius: n <= 40 ? 2.5 : 0,
				pointHoverRadius: 4.5,
				order: 0,
				clip: CURVE_CLIP
			};
}

/**
 * The chart's datasets for `runs`, reusing the dataset object of a run id seen before (chart.js
 * keys its per-dataset state, e.g. a series hidden from the legend, by that object).
 */
export function buildDatasets(
	runs: readonly RunSeries[],
	metric: Metric,
	xAxis: XAxis,
	cache: Map<string, LineDataset>
): LineDataset[] {
	const seen = new Set<string>();
	const out = runs.map((run) => {
		seen.add(run.id);
		const data = seriesPoints(run.points, metric, xAxis);
		const ds: LineDataset = cache.get(run.id) ?? { runId: run.id, data: [] };
		Object.assign(ds, styleOf(run, data.length), { label: run.label, data });
		cache.set(run.id, ds);
		return ds;
	});
	for (const id of [...cache.keys()]) if (!seen.has(id)) cache.delete(id);
	return out;
}

/**
 * Line chart options for a metric against an x axis, in the given theme, with the y axis spanning
 * `yRange` (see `yDomain`: from 0 unless the user zooms). The legend lists the curves in the order
 * of the datasets (the runs' order), not in drawing order (the live run is drawn on top).
 */
export function buildOptions(
	metric: Metric,
	xAxis: XAxis,
	theme: ChartTheme,
	yRange: readonly [number, number],
	title?: string
): ChartOptions<'line'> {
	const legend = legendOptions(theme);
	return {
		...BASE_OPTIONS,
		normalized: true,
		spanGaps: true,
		scales: {
			x: {
				type: 'linear',
				min: 0,
				title: axisTitle(X_LABELS[xAxis], theme),
				...axisColors(theme),
				ticks: {
					color: theme.muted,
					maxTicksLimit: 8,
					precision: xAxis === 'round' ? 0 : undefined,
					callback(value) {
						return xTickFormatter(xAxis, this.max)(Number(value));
					}
				}
			},
			y: {
				type: 'linear',
				min: yRange[0],
				max: yRange[1],
				title: axisTitle(METRIC_LABELS[metric], theme),
				...axisColors(theme),
				ticks: {
					color: theme.muted,
					maxTicksLimit: 7,
					callback: (value) => yTickFormatter(metric)(Number(value))
				}
			}
		},
		plugins: {
			title: {
				display: Boolean(title),
				text: title ?? '',
				color: theme.fg,
				align: 'start',
				font: { size: 14, weight: 600 }
			},
			legend: {
				...legend,
				labels: {
					...legend.labels,
					sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0)
				}
			},
			tooltip: {
				callbacks: {
					title: (items) => {
						const x = items[0]?.parsed.x;
						if (x === undefined || x === null) return '';
						const scaleMax = items[0]?.chart.scales.x?.max ?? x;
						return `${X_LABELS[xAxis]}: ${xTickFormatter(xAxis, scaleMax)(x)}`;
					},
					label: (item) =>
						`${item.dataset.label ?? ''}: ${formatMetric(metric, item.parsed.y ?? NaN)}`
				}
			}
		}
	};
}

/** Fills the canvas with a colour before drawing (PNG exports are not transparent). */
export function backgroundPlugin(fill: string): Plugin<'line'> {
	return {
		id: 'exportBackground',
		beforeDraw(chart) {
			const { ctx, width, height } = chart;
			ctx.save();
			ctx.fillStyle = fill;
			ctx.fillRect(0, 0, width, height);
			ctx.restore();
		}
	};
}
