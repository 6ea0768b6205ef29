/**
 * A chart.js plugin that draws the notes pinned on chart points: a ring on the point, a leader
 * line and a label box placed by `placeNote` (the SVG export places it with the same function).
 * Written here rather than taken from chartjs-plugin-annotation: the SVG export must put the
 * label in the same place, so the placement has to be ours anyway, and what is left (a ring, a
 * line, a box, some text) is a few canvas calls against a dependency with its own option resolver,
 * event handling and animations the chart does not need.
 */
import { Chart, type Plugin } from 'chart.js';
import {
	leaderEnd,
	NOTE_FONT_PX,
	NOTE_LINE_HEIGHT,
	NOTE_PAD,
	noteSize,
	placeNote,
	type DrawnNote
} from '$lib/viz/notes';

export interface NotesToDraw {
	readonly notes: readonly DrawnNote[];
	/** Text colour and label background. */
	readonly fg: string;
	readonly bg: string;
}

/** The plugin; `get` returns the notes to draw at each redraw (the live chart's change). */
export function notesPlugin(get: () => NotesToDraw): Plugin<'line'> {
	return {
		id: 'pinnedNotes',
		afterDatasetsDraw(chart) {
			const { notes, fg, bg } = get();
			const xs = chart.scales.x;
			const ys = chart.scales.y;
			if (!notes.length || !xs || !ys) return;
			const { ctx, chartArea } = chart;
			ctx.save();
			ctx.font = `${NOTE_FONT_PX}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
			ctx.textBaseline = 'top';
			for (const n of notes) {
				const px = xs.getPixelForValue(n.x);
				const py = ys.getPixelForValue(n.y);
				if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
				const { w, h } = noteSize(n.lines, (l) => ctx.measureText(l).width);
				const box = placeNote(px, py, w, h, chartArea);
				const end = leaderEnd(px, py, box);
				ctx.strokeStyle = n.color;
				ctx.lineWidth = 1.25;
				ctx.beginPath();
				ctx.moveTo(px, py);
				ctx.lineTo(end.x, end.y);
				ctx.stroke();
				ctx.fillStyle = bg;
				ctx.beginPath();
				ctx.arc(px, py, 5, 0, 2 * Math.PI);
				ctx.fill();
				ctx.lineWidth = 2;
				ctx.stroke();
				ctx.beginPath();
				ctx.roundRect(box.x, box.y, box.w, box.h, 4);
				ctx.fill();
				ctx.lineWidth = 1.25;
				ctx.stroke();
				ctx.fillStyle = fg;
				n.lines.forEach((line, i) =>
					ctx.fillText(line, box.x + NOTE_PAD, box.y + NOTE_PAD + i * NOTE_LINE_HEIGHT)
				);
			}
			ctx.restore();
		}
	};
}
