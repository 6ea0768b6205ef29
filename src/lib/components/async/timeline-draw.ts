/**
 * Draws the client timeline strip on a 2-D canvas context: one row per client (a gutter with its
 * number and a straggler mark), its segments up to the playhead, the synchronous round barriers,
 * the playhead line and a time axis. Free of Svelte and the DOM beyond the context it is given,
 * so a test can record the calls.
 */
import {
	formatTick,
	labelEvery,
	timeTicks,
	wastedAt,
	type Activity,
	type ClientRow
} from '$lib/viz/timeline';

/** Resolved colours (or patterns) for each part of the strip. */
export interface TimelinePaint {
	readonly activity: Readonly<Record<Activity, string>>;
	/** Fill of thrown-away training (a hatch pattern, or a colour). */
	readonly wasted: string | CanvasPattern;
	/** Fill of a lost or dropped transfer. */
	readonly lost: string | CanvasPattern;
	/** Fill of offline periods. */
	readonly offline: string | CanvasPattern;
	readonly straggler: string;
	readonly text: string;
	readonly grid: string;
	readonly rowBg: string;
	readonly playhead: string;
	readonly cross: string;
}

export interface TimelineLayout {
	readonly width: number;
	readonly rowPx: number;
	/** Left margin for the client labels. */
	readonly gutter: number;
	/** Height of the time axis under the rows. */
	readonly axis: number;
}

/** The gutter and axis sizes the strip uses. */
export const GUTTER = 34;
export const AXIS = 22;

/** Total height of the strip for `clients` rows of `rowPx`. */
export function stripHeight(clients: number, rowPx: number): number {
	return clients * rowPx + AXIS + 2;
}

/** The subset of CanvasRenderingContext2D the strip uses. */
export type Ctx = Pick<
	CanvasRenderingContext2D,
	| 'fillRect'
	| 'clearRect'
	| 'beginPath'
	| 'moveTo'
	| 'lineTo'
	| 'stroke'
	| 'fillText'
	| 'setLineDash'
	| 'arc'
	| 'fill'
> & {
	fillStyle: CanvasRenderingContext2D['fillStyle'];
	strokeStyle: CanvasRenderingContext2D['strokeStyle'];
	lineWidth: number;
	font: string;
	textAlign: CanvasTextAlign;
	textBaseline: CanvasTextBaseline;
	globalAlpha: number;
};

export interface DrawInput {
	readonly rows: readonly ClientRow[];
	readonly barriers: readonly number[];
	/** The playhead: nothing after it is drawn. */
	readonly T: number;
	/** Seconds shown across the plot. */
	readonly domain: number;
	readonly layout: TimelineLayout;
	readonly paint: TimelinePaint;
}

/** x of simulated time t. */
export function xOf(t: number, domain: number, layout: TimelineLayout): number {
	const plot = Math.max(1, layout.width - layout.gutter - 6);
	return layout.gutter + (t / domain) * plot;
}

function fillOf(kind: Activity, wasted: boolean, paint: TimelinePaint): string | CanvasPattern {
	if (kind === 'offline') return paint.offline;
	if (!wasted) return paint.activity[kind];
	return kind === 'compute' ? paint.wasted : paint.lost;
}

/** Draws the whole strip (the caller has cleared and scaled the context). */
export function drawTimeline(ctx: Ctx, input: DrawInput): void {
	const { rows, barriers, T, domain, layout, paint } = input;
	const { rowPx, gutter, width } = layout;
	const plotTop = 0;
	const plotBottom = rows.length * rowPx;
	const x = (t: number) => xOf(t, domain, layout);
	const right = x(domain);
	const gap = rowPx >= 8 ? 2 : rowPx >= 5 ? 1 : 0;
	const every = labelEvery(rowPx);

	// alternate row backgrounds, labels and straggler marks
	ctx.font = `${Math.min(11, Math.max(9, rowPx - 4))}px system-ui, sans-serif`;
	ctx.textAlign = 'right';
	ctx.textBaseline = 'middle';
	rows.forEach((row, i) => {
		const y = plotTop + i * rowPx;
		if (i % 2 === 1) {
			ctx.fillStyle = paint.rowBg;
			ctx.fillRect(gutter, y, right - gutter, rowPx);
		}
		if (row.straggler) {
			ctx.fillStyle = paint.straggler;
			const r = Math.max(1.5, Math.min(3.5, rowPx / 2 - 1));
			ctx.beginPath();
			ctx.arc(gutter - 4 - r, y + rowPx / 2, r, 0, 2 * Math.PI);
			ctx.fill();
		}
		if (i % every === 0 && rowPx >= 4) {
			ctx.fillStyle = paint.text;
			ctx.fillText(String(row.id), gutter - 12, y + rowPx / 2 + 0.5);
		}
	});

	// synchronous rounds: everyone starts together at each barrier
	ctx.strokeStyle = paint.grid;
	ctx.lineWidth = 1;
	ctx.setLineDash([3, 3]);
	ctx.beginPath();
	for (const b of barriers) {
		if (b > T) break;
		const bx = Math.round(x(b)) + 0.5;
		ctx.moveTo(bx, plotTop);
		ctx.lineTo(bx, plotBottom);
	}
	ctx.stroke();
	ctx.setLineDash([]);

	// the segments, clipped to the playhead; at least a pixel wide so short ones still show
	const crosses: { x: number; y: number }[] = [];
	rows.forEach((row, i) => {
		const y = plotTop + i * rowPx + gap / 2;
		const h = rowPx - gap;
		for (const s of row.segments) {
			if (s.start > T) break;
			const end = Math.min(s.end, T);
			const wasted = wastedAt(s, T);
			const x0 = x(s.start);
			const w = Math.max(1, x(end) - x0);
			if (end <= s.start) continue;
			ctx.fillStyle = fillOf(s.kind, wasted, paint);
			// transfers are drawn as a thinner band through the middle of the row
			const thin = s.kind === 'download' || s.kind === 'upload';
			const hh = thin && h >= 6 ? Math.max(3, Math.round(h * 0.55)) : h;
			ctx.fillRect(x0, y + (h - hh) / 2, w, hh);
			if (wasted && s.kind === 'compute' && rowPx >= 8 && s.fateAt !== undefined)
				crosses.push({ x: x(Math.min(s.fateAt, T)), y: y + h / 2 });
		}
	});

	// where thrown-away work ended: a small cross
	if (crosses.length) {
		ctx.strokeStyle = paint.cross;
		ctx.lineWidth = 1.5;
		ctx.beginPath();
		const c = Math.max(2, Math.min(3.5, rowPx / 4));
		for (const p of crosses) {
			ctx.moveTo(p.x - c, p.y - c);
			ctx.lineTo(p.x + c, p.y + c);
			ctx.moveTo(p.x + c, p.y - c);
			ctx.lineTo(p.x - c, p.y + c);
		}
		ctx.stroke();
	}

	// time axis
	const axisY = plotBottom + 0.5;
	ctx.strokeStyle = paint.grid;
	ctx.lineWidth = 1;
	ctx.beginPath();
	ctx.moveTo(gutter, axisY);
	ctx.lineTo(right, axisY);
	const ticks = timeTicks(domain, right - gutter);
	for (const t of ticks) {
		const tx = Math.round(x(t)) + 0.5;
		ctx.moveTo(tx, axisY);
		ctx.lineTo(tx, axisY + 4);
	}
	ctx.stroke();
	ctx.fillStyle = paint.text;
	ctx.font = '11px system-ui, sans-serif';
	ctx.textBaseline = 'top';
	ticks.forEach((t, i) => {
		ctx.textAlign = i === 0 ? 'left' : i === ticks.length - 1 ? 'right' : 'center';
		ctx.fillText(formatTick(t), Math.min(x(t), width - 1), axisY + 6);
	});

	// the playhead
	if (T > 0) {
		const px = Math.round(x(Math.min(T, domain))) + 0.5;
		ctx.strokeStyle = paint.playhead;
		ctx.lineWidth = 1.5;
		ctx.beginPath();
		ctx.moveTo(px, plotTop);
		ctx.lineTo(px, plotBottom + 3);
		ctx.stroke();
	}
}
