/**
 * Finished and replaced runs kept as ghosts for what-if comparisons, their colours and labels,
 * and the CSV of their metrics.
 */
import type { EventOf } from '../sim/core/events';
import { fieldOf, shortLabel, type FieldKey, type Values } from './fields';

/** One curve of the chart: the shape `MetricsChart` takes. */
export interface Series {
	readonly id: string;
	readonly label: string;
	readonly color: string;
	readonly ghost: boolean;
	readonly points: readonly EventOf<'evaluated'>[];
}

export interface RunRecord {
	/** 1, 2, 3… in the order the runs started. */
	readonly n: number;
	readonly values: Values;
	readonly points: readonly EventOf<'evaluated'>[];
	/** The preset the run was started from, if its values still match it. */
	readonly preset?: string;
	/** The name the user gave the run (shown in the legend instead of the differing fields). */
	readonly name?: string;
}

/** Colour-blind-safe (Okabe–Ito based), readable on light and dark backgrounds. */
export const RUN_COLORS = [
	'#2f6fdf',
	'#e08a00',
	'#16a07a',
	'#d4508f',
	'#8f6ad8',
	'#c8553d',
	'#1a9fc0',
	'#8a8f00'
] as const;

export function runColor(n: number): string {
	return RUN_COLORS[(n - 1) % RUN_COLORS.length] as string;
}

/** How many ghosts stay on the chart. */
export const MAX_GHOSTS = 7;

/**
 * Labels that tell runs apart: `Run n` plus the name the user gave it, else the preset's name, else
 * the fields (among `keys`) whose values differ between the runs. `n` is the run's own number,
 * never its position: removing run 2 leaves runs 1 and 3.
 */
export function runLabels(runs: readonly RunRecord[], keys: readonly FieldKey[]): string[] {
	const varying = keys.filter((k) => {
		const first = JSON.stringify(runs[0]?.values[k]);
		return runs.some((r) => JSON.stringify(r.values[k]) !== first);
	});
	return runs.map((r) => {
		// centralized training's bytes are its one data upload: the legend says so
		const note = r.values.centralized === true ? ' (raw data uploaded once)' : '';
		if (r.name) return `Run ${r.n} · ${r.name}${note}`;
		if (r.preset) return `Run ${r.n} · ${r.preset}${note}`;
		const parts = varying.slice(0, 3).map((k) => shortLabel(fieldOf(k), r.values[k]));
		return parts.length ? `Run ${r.n} · ${parts.join(', ')}${note}` : `Run ${r.n}${note}`;
	});
}

/** The number the next run gets: one more than any run kept (numbers are never reused). */
export function nextRunNumber(runs: readonly Pick<RunRecord, 'n'>[], counter = 0): number {
	return Math.max(counter, ...runs.map((r) => r.n)) + 1;
}

/** `runs` in the order they started (by number): the legend's order. */
export function inRunOrder<T extends { readonly n: number }>(runs: readonly T[]): T[] {
	return [...runs].sort((a, b) => a.n - b.n);
}

const csvCell = (s: string | number) => {
	const text = String(s);
	return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per evaluation of every series: the metrics of all visible runs. */
export function metricsCsv(series: readonly Series[]): string {
	const rows: (string | number)[][] = [
		['run', 'label', 'ghost', 'round', 'sim_time_s', 'accuracy', 'loss', 'bytes_up', 'bytes_down']
	];
	for (const s of series)
		for (const p of s.points)
			rows.push([
				s.id,
				s.label,
				s.ghost ? 1 : 0,
				p.round,
				Number(p.t.toFixed(4)),
				Number(p.accuracy.toFixed(6)),
				Number(p.loss.toFixed(6)),
				p.bytesUp,
				p.bytesDown
			]);
	return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * Both sides' metrics CSVs (as `metricsCsv` writes them) in one table: every row prefixed with
 * its side (A, B) and the value of the knob that differs; one header.
 */
export function sideBySideCsv(
	sides: readonly { readonly side: string; readonly value: string; readonly csv: string }[],
	knob: string
): string {
	const out: string[] = [];
	sides.forEach((s, i) => {
		const [header = '', ...rows] = s.csv.trimEnd().split('\n');
		if (i === 0) out.push(`side,${csvCell(knob)},${header}`);
		for (const r of rows) out.push(`${csvCell(s.side)},${csvCell(s.value)},${r}`);
	});
	return out.join('\n') + '\n';
}

/** The curve id of run `n` (`run-3`): stable across updates. */
export function runId(n: number): string {
	return `run-${n}`;
}

/** The run number of a curve id, or null. */
export function runNumber(id: string): number | null {
	const m = /^run-(\d+)$/.exec(id);
	return m ? Number(m[1]) : null;
}

/** No run named yet. */
export const NO_NAMES: ReadonlyMap<number, string> = new Map();

/** The longest run name kept. */
export const RUN_NAME_MAX = 60;

/** `names` with run `n` named `name` (cleaned: one line, trimmed, cut); an empty name removes it. */
export function renamed(
	names: ReadonlyMap<number, string>,
	n: number,
	name: string
): ReadonlyMap<number, string> {
	const clean = name.replace(/\s+/g, ' ').trim().slice(0, RUN_NAME_MAX);
	const out = new Map(names);
	if (clean) out.set(n, clean);
	else out.delete(n);
	return out;
}

/** The names of the runs that have one. */
export function namesOf(
	runs: readonly { readonly n: number; readonly name?: string }[]
): ReadonlyMap<number, string> {
	return new Map(runs.flatMap((r) => (r.name ? [[r.n, r.name] as const] : [])));
}

/** `names` without the runs numbered `gone`. */
export function withoutNames(
	names: ReadonlyMap<number, string>,
	gone: readonly number[]
): ReadonlyMap<number, string> {
	return new Map([...names].filter(([n]) => !gone.includes(n)));
}
