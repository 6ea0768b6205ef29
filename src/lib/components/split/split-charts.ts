/**
 * chart.js data and options of the split-learning chapter's two charts, built from plain numbers
 * (pure apart from registering the log scale once): bytes per epoch against the number of
 * clients on log–log axes with the crossover marked, and the leak AUC of the label attacks over
 * training with the chance line.
 */
import { LogarithmicScale, type ChartDataset } from 'chart.js';
import { formatBytes } from '$lib/viz/format';
import {
	axisColors,
	axisTitle,
	BASE_OPTIONS,
	Chart,
	legendOptions,
	type ChartTheme,
	type LineChartSpec
} from '../charts/chart-setup';
import type { TrafficPoint } from './split-figures';

Chart.register(LogarithmicScale);

export type XY = { x: number; y: number };
export type XYDataset = ChartDataset<'line', XY[]>;

export type XYChart = LineChartSpec;

/** CSS height of the chapter's charts. */
export const SPLIT_CHART_HEIGHT = 'clamp(270px, 36vw, 320px)';

/** The protocols' colours (mid-tones that read on light and dark backgrounds). */
export const PROTOCOL_COLORS = {
	server: '#8b5cf6',
	peer: '#06b6d4',
	splitfed: '#f59e0b',
	fedavg: '#3b82f6'
} as const;

const isPow10 = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

function line(label: string, color: string, data: XY[], dash: number[] = []): XYDataset {
	return {
		label,
		data,
		borderColor: color,
		backgroundColor: color,
		borderWidth: 2.25,
		borderDash: dash,
		pointRadius: 0,
		pointHoverRadius: 4,
		tension: 0
	};
}

function marker(label: string, color: string, at: XY): XYDataset {
	return {
		label,
		data: [at],
		borderColor: color,
		backgroundColor: color,
		showLine: false,
		pointRadius: 5.5,
		pointHoverRadius: 7,
		pointStyle: 'circle'
	};
}

/**
 * Bytes per epoch of sequential split learning (both hand-offs), SplitFed and FedAvg against the
 * number of clients, with a dot where split learning (each hand-off) becomes the cheaper.
 */
export function trafficChart(
	points: readonly TrafficPoint[],
	crossover: { server: number | null; peer: number | null },
	theme: ChartTheme,
	current?: number
): XYChart {
	const series = (f: (p: TrafficPoint) => number) => points.map((p) => ({ x: p.clients, y: f(p) }));
	const at = (k: number | null, f: (p: TrafficPoint) => number): XY | null => {
		if (k === null) return null;
		const p = points.find((q) => q.clients >= k);
		return p ? { x: p.clients, y: f(p) } : null;
	};
	const datasets: XYDataset[] = [
		line(
			'Split learning, hand-off via server',
			PROTOCOL_COLORS.server,
			series((p) => p.server)
		),
		line(
			'Split learning, peer to peer',
			PROTOCOL_COLORS.peer,
			series((p) => p.peer),
			[7, 4]
		),
		// SplitFed moves the client weights down and up once per client, as a hand-off through the
		// server does: its line lies on that one, so it is drawn over it, thick and dotted
		// (chart.js draws the lowest `order` last, on top)
		{
			...line(
				'SplitFed',
				PROTOCOL_COLORS.splitfed,
				series((p) => p.splitfed),
				[2, 6]
			),
			borderWidth: 3.5,
			order: -1
		},
		line(
			'FedAvg (whole model)',
			PROTOCOL_COLORS.fedavg,
			series((p) => p.fedavg)
		)
	];
	const xs = at(crossover.server, (p) => p.server);
	const xp = at(crossover.peer, (p) => p.peer);
	if (xs) datasets.push(marker('', PROTOCOL_COLORS.server, xs));
	if (xp) datasets.push(marker('', PROTOCOL_COLORS.peer, xp));
	if (current !== undefined) {
		const ys = points.flatMap((p) => [p.server, p.fedavg, p.peer]);
		datasets.push({
			...line('', theme.muted, [
				{ x: current, y: Math.min(...ys) },
				{ x: current, y: Math.max(...ys) }
			]),
			borderWidth: 1,
			borderDash: [3, 3]
		});
	}
	const maxX = points.at(-1)?.clients ?? 1000;
	return {
		datasets,
		options: {
			...BASE_OPTIONS,
			scales: {
				x: {
					type: 'logarithmic',
					min: 1,
					max: maxX,
					title: axisTitle('Clients K', theme),
					...axisColors(theme),
					ticks: {
						color: theme.muted,
						autoSkip: false,
						maxRotation: 0,
						callback: (v) => (isPow10(Number(v)) ? String(v) : '')
					}
				},
				y: {
					type: 'logarithmic',
					title: axisTitle('Bytes per epoch', theme),
					...axisColors(theme),
					ticks: {
						color: theme.muted,
						autoSkip: false,
						callback: (v) => (isPow10(Number(v)) ? formatBytes(Number(v)) : '')
					}
				}
			},
			plugins: {
				legend: legendOptions(theme),
				tooltip: {
					filter: (item) => item.dataset.label !== '',
					callbacks: {
						title: (items) => `K = ${items[0]?.parsed.x ?? ''} clients`,
						label: (item) => `${item.dataset.label}: ${formatBytes(item.parsed.y ?? NaN)}`
					}
				}
			}
		}
	};
}

/** One curve of the leakage chart. */
export interface AucSeries {
	readonly label: string;
	readonly color: string;
	readonly dash?: number[];
	readonly points: readonly XY[];
}

/** Leak AUC (0.5 = chance, 1 = every positive found) against batches trained. */
export function leakageChart(series: readonly AucSeries[], theme: ChartTheme): XYChart {
	const maxX = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x)));
	const datasets: XYDataset[] = series.map((s) => ({
		...line(s.label, s.color, [...s.points], s.dash),
		pointRadius: 2
	}));
	datasets.push({
		...line('chance (0.5)', theme.muted, [
			{ x: 0, y: 0.5 },
			{ x: maxX, y: 0.5 }
		]),
		borderWidth: 1,
		borderDash: [2, 4]
	});
	return {
		datasets,
		options: {
			...BASE_OPTIONS,
			scales: {
				x: {
					type: 'linear',
					min: 0,
					max: maxX,
					title: axisTitle('Mini-batches trained', theme),
					...axisColors(theme),
					ticks: { color: theme.muted, precision: 0, maxTicksLimit: 8 }
				},
				y: {
					type: 'linear',
					min: 0.3,
					max: 1,
					title: axisTitle('Leak AUC', theme),
					...axisColors(theme),
					ticks: { color: theme.muted, stepSize: 0.1 }
				}
			},
			plugins: {
				legend: legendOptions(theme),
				tooltip: {
					callbacks: {
						title: (items) => `after ${items[0]?.parsed.x ?? ''} batches`,
						label: (item) => `${item.dataset.label}: ${(item.parsed.y ?? NaN).toFixed(2)}`
					}
				}
			}
		}
	};
}
