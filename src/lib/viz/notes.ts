/**
 * Notes pinned on chart points ("here the stragglers were dropped"): which point a note sits on
 * for the metric and x axis shown, how its text wraps, and where its label box goes so that it
 * stays inside the plot. Pure geometry shared by the chart.js plugin (the live chart and the PNG
 * export) and the SVG export, so that every picture puts the note in the same place.
 */
import type { EventOf } from '$lib/sim/core/events';
import { xOf, type Metric, type XAxis } from './series';

/** A note on one evaluation of one run. */
export interface Note {
	/** The run's number (`Run 3`). */
	readonly run: number;
	/** The round whose evaluation the note is pinned to. */
	readonly round: number;
	readonly text: string;
}

/** The longest note kept (characters). */
export const NOTE_MAX_LENGTH = 140;
/** Characters a line of a note's label holds before it wraps. */
export const NOTE_LINE_CHARS = 26;
/** Lines a note's label shows at most (the rest ends in an ellipsis). */
export const NOTE_MAX_LINES = 3;

/** A note ready to draw: its point in data coordinates, its lines, its run's colour. */
export interface DrawnNote {
	readonly x: number;
	readonly y: number;
	readonly lines: readonly string[];
	readonly color: string;
}

/** The same point: one note per evaluation of a run. */
export function sameNotePoint(a: Pick<Note, 'run' | 'round'>, b: Pick<Note, 'run' | 'round'>) {
	return a.run === b.run && a.round === b.round;
}

/** A note's text as typed, cleaned: one line of single spaces, at most `NOTE_MAX_LENGTH` long. */
export function cleanNoteText(text: string): string {
	return text.replace(/\s+/g, ' ').trim().slice(0, NOTE_MAX_LENGTH);
}

/**
 * Words into lines of at most `width` characters (a longer word is cut), at most `maxLines` lines;
 * a text that does not fit ends in "…".
 */
export function wrapText(
	text: string,
	width = NOTE_LINE_CHARS,
	maxLines = NOTE_MAX_LINES
): string[] {
	const lines: string[] = [];
	let line = '';
	for (const raw of text.split(' ').filter(Boolean)) {
		let word = raw;
		while (word.length > width) {
			if (line) lines.push(line);
			lines.push(word.slice(0, width));
			word = word.slice(width);
			line = '';
		}
		if (!line) line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	const last = kept[maxLines - 1] as string;
	kept[maxLines - 1] = `${last.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
	return kept;
}

/**
 * The data point of `note` for the metric and x axis shown: the evaluation of its round, or null
 * when the run has not evaluated that round (yet) or the metric is not a number there.
 */
export function noteAnchor(
	note: Pick<Note, 'round'>,
	points: readonly EventOf<'evaluated'>[],
	metric: Metric,
	axis: XAxis
): { x: number; y: number } | null {
	const e = points.find((p) => p.round === note.round);
	if (!e || !Number.isFinite(e[metric])) return null;
	return { x: xOf(e, axis), y: e[metric] };
}

/** A rectangle in pixels, top-left corner and size. */
export interface Box {
	readonly x: number;
	readonly y: number;
	readonly w: number;
	readonly h: number;
}

/** The plot's edges in pixels. */
export interface Area {
	readonly left: number;
	readonly top: number;
	readonly right: number;
	readonly bottom: number;
}

/**
 * Where a `w` × `h` label for the point (`px`, `py`) goes: above and to the right of the point,
 * `gap` pixels away; to the left when that would cross the right edge, below when it would cross
 * the top; then moved inside the area (a label never hangs off the plot).
 */
export function placeNote(px: number, py: number, w: number, h: number, area: Area, gap = 12): Box {
	let x = px + gap;
	if (x + w > area.right) x = px - gap - w;
	let y = py - gap - h;
	if (y < area.top) y = py + gap;
	x = Math.min(Math.max(x, area.left), Math.max(area.left, area.right - w));
	y = Math.min(Math.max(y, area.top), Math.max(area.top, area.bottom - h));
	return { x, y, w, h };
}

/** The point on the box's edge nearest to (`px`, `py`): where the leader line from the point ends. */
export function leaderEnd(px: number, py: number, box: Box): { x: number; y: number } {
	return {
		x: Math.min(Math.max(px, box.x), box.x + box.w),
		y: Math.min(Math.max(py, box.y), box.y + box.h)
	};
}

/** Label metrics shared by the canvas and the SVG drawing. */
export const NOTE_FONT_PX = 12;
export const NOTE_LINE_HEIGHT = 15;
export const NOTE_PAD = 6;

/** A label's size for `lines`, given a way to measure a line's width in pixels. */
export function noteSize(
	lines: readonly string[],
	measure: (line: string) => number
): { w: number; h: number } {
	const w = Math.max(0, ...lines.map(measure));
	return { w: Math.ceil(w) + 2 * NOTE_PAD, h: lines.length * NOTE_LINE_HEIGHT + 2 * NOTE_PAD - 3 };
}

/** A note as the chart takes it: on the run with curve id `runId`. */
export interface PinnedNote {
	readonly runId: string;
	readonly round: number;
	readonly text: string;
}

/**
 * The notes to draw for the runs shown: each on its run's evaluation of its round, wrapped, in the
 * run's colour; notes whose run or point is not shown are left out.
 */
export function drawnNotes(
	runs: readonly {
		readonly id: string;
		readonly color: string;
		readonly points: readonly EventOf<'evaluated'>[];
	}[],
	notes: readonly PinnedNote[],
	metric: Metric,
	axis: XAxis
): DrawnNote[] {
	const out: DrawnNote[] = [];
	for (const n of notes) {
		const run = runs.find((r) => r.id === n.runId);
		const at = run ? noteAnchor(n, run.points, metric, axis) : null;
		if (run && at) out.push({ ...at, lines: wrapText(n.text), color: run.color });
	}
	return out;
}

/** The round of the `index`-th point of a curve (its points with a finite `metric`), or null. */
export function roundOfPoint(
	points: readonly EventOf<'evaluated'>[],
	metric: Metric,
	index: number
): number | null {
	let i = 0;
	for (const e of points) {
		if (!Number.isFinite(e[metric])) continue;
		if (i === index) return e.round;
		i++;
	}
	return null;
}
