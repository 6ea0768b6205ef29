/**
 * A stand-alone SVG figure of a set of curves — axes, grid, lines and legend — built from the data
 * with d3-scale and d3-shape (no DOM), for papers and slides: it scales without blur and its
 * text stays editable. The live chart is canvas (chart.js); this redraws the same series.
 */
import { extent, line, scaleLinear } from 'd3';
import {
	leaderEnd,
	NOTE_FONT_PX,
	NOTE_LINE_HEIGHT,
	NOTE_PAD,
	noteSize,
	placeNote,
	type DrawnNote
} from './notes';
import type { XY } from './series';

export interface SvgSeries {
	readonly label: string;
	readonly color: string;
	/** A finished earlier run: drawn lighter, thinner and dashed. */
	readonly ghost: boolean;
	readonly points: readonly XY[];
}

/** A ghost's opacity (the chart's `GHOST_ALPHA`). */
export const SVG_GHOST_OPACITY = 0.45;

export interface SvgTheme {
	readonly fg: string;
	readonly bg: string;
	readonly muted: string;
	readonly grid: string;
}

export interface SvgChartOptions {
	readonly xLabel: string;
	readonly yLabel: string;
	readonly xFormat: (x: number) => string;
	readonly yFormat: (y: number) => string;
	readonly title?: string;
	readonly width?: number;
	readonly height?: number;
	/** Fixed x range; otherwise the data's, made nice. */
	readonly xDomain?: readonly [number, number];
	/** Fixed y range (e.g. [0, 1] for accuracy); otherwise the data's, made nice. */
	readonly yDomain?: readonly [number, number];
	readonly theme?: SvgTheme;
	/** Only whole-number x ticks (the x axis counts rounds: no "2.5"). */
	readonly xIntegers?: boolean;
	/** Notes pinned on points, placed as the chart places them (`placeNote`). */
	readonly notes?: readonly DrawnNote[];
}

export const LIGHT_SVG_THEME: SvgTheme = {
	fg: '#1f2328',
	bg: '#ffffff',
	muted: '#59636e',
	grid: '#e5e7eb'
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
	return s.replace(
		/[&<>"']/g,
		(c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`
	);
}

/** Rounds coordinates so the file stays small and diffs stay stable. */
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Rough width of a label at 12 px, for laying out the legend without a DOM. */
const textWidth = (s: string, px = 12) => s.length * px * 0.58;

/** Renders the series as an SVG document (a string starting with `<svg`). */
export function seriesToSvg(series: readonly SvgSeries[], opts: SvgChartOptions): string {
	const width = opts.width ?? 720;
	const height = opts.height ?? 440;
	const th = opts.theme ?? LIGHT_SVG_THEME;
	// the legend lists the runs in their order; the live run is drawn last (on top)
	const drawn = series.filter((s) => s.points.length > 0);

	// legend rows: entries flow left to right and wrap
	const legendItems: { s: SvgSeries; x: number; row: number }[] = [];
	let lx = 0;
	let row = 0;
	const maxLegend = width - 80;
	for (const s of drawn) {
		const w = 34 + textWidth(s.label) + 18;
		if (lx > 0 && lx + w > maxLegend) {
			lx = 0;
			row++;
		}
		legendItems.push({ s, x: lx, row });
		lx += w;
	}
	const legendRows = legendItems.length ? row + 1 : 0;

	const top = opts.title ? 44 : 18;
	const m = { top, right: 24, bottom: 58 + legendRows * 20, left: 64 };
	const pw = width - m.left - m.right;
	const ph = height - m.top - m.bottom;
	const all = drawn.flatMap((s) => s.points);
	const [x0, x1] = opts.xDomain ?? extent(all, (p) => p.x);
	const [y0, y1] = opts.yDomain ?? extent(all, (p) => p.y);
	const x = scaleLinear()
		.domain(x0 === undefined || x1 === undefined ? [0, 1] : x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1])
		.range([0, pw])
		.nice();
	const y = scaleLinear()
		.domain(y0 === undefined || y1 === undefined ? [0, 1] : y0 === y1 ? [y0 - 1, y1 + 1] : [y0, y1])
		.range([ph, 0])
		.nice();
	const path = line<XY>()
		.x((p) => r2(x(p.x)))
		.y((p) => r2(y(p.y)));

	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12">`,
		`<rect width="100%" height="100%" fill="${th.bg}"/>`
	);
	if (opts.title)
		out.push(
			`<text x="${m.left}" y="26" font-size="16" font-weight="600" fill="${th.fg}">${escapeXml(opts.title)}</text>`
		);
	out.push(`<g transform="translate(${m.left},${m.top})">`);

	// grid and ticks
	const xAll = x.ticks(Math.max(2, Math.floor(pw / 90)));
	const xt = opts.xIntegers ? xAll.filter((v) => Number.isInteger(v)) : xAll;
	const yt = y.ticks(Math.max(2, Math.floor(ph / 50)));
	out.push(`<g class="grid" stroke="${th.grid}" stroke-width="1">`);
	for (const v of yt) out.push(`<line x1="0" x2="${r2(pw)}" y1="${r2(y(v))}" y2="${r2(y(v))}"/>`);
	for (const v of xt) out.push(`<line x1="${r2(x(v))}" x2="${r2(x(v))}" y1="0" y2="${r2(ph)}"/>`);
	out.push('</g>');
	out.push(`<g class="x-axis" fill="${th.muted}" text-anchor="middle">`);
	for (const v of xt)
		out.push(`<text x="${r2(x(v))}" y="${r2(ph + 18)}">${escapeXml(opts.xFormat(v))}</text>`);
	out.push('</g>');
	out.push(`<g class="y-axis" fill="${th.muted}" text-anchor="end">`);
	for (const v of yt)
		out.push(`<text x="-8" y="${r2(y(v) + 4)}">${escapeXml(opts.yFormat(v))}</text>`);
	out.push('</g>');
	out.push(
		`<line x1="0" x2="${r2(pw)}" y1="${r2(ph)}" y2="${r2(ph)}" stroke="${th.muted}"/>`,
		`<line x1="0" x2="0" y1="0" y2="${r2(ph)}" stroke="${th.muted}"/>`,
		`<text x="${r2(pw / 2)}" y="${r2(ph + 40)}" text-anchor="middle" fill="${th.fg}">${escapeXml(opts.xLabel)}</text>`,
		`<text transform="translate(-48,${r2(ph / 2)}) rotate(-90)" text-anchor="middle" fill="${th.fg}">${escapeXml(opts.yLabel)}</text>`
	);

	const ordered = [...drawn.filter((s) => s.ghost), ...drawn.filter((s) => !s.ghost)];
	out.push(`<g class="series" fill="none" stroke-linejoin="round" stroke-linecap="round">`);
	for (const s of ordered) {
		const style = s.ghost
			? `stroke-width="1.5" stroke-opacity="${SVG_GHOST_OPACITY}" stroke-dasharray="6 4"`
			: 'stroke-width="2.5"';
		out.push(
			`<path d="${path([...s.points]) ?? ''}" stroke="${escapeXml(s.color)}" ${style}><title>${escapeXml(s.label)}</title></path>`
		);
	}
	out.push('</g>');

	// notes: a ring on the point, a leader line, a label box inside the plot
	if (opts.notes?.length) {
		out.push(`<g class="notes" font-size="${NOTE_FONT_PX}">`);
		const area = { left: 0, top: 0, right: pw, bottom: ph };
		for (const n of opts.notes) {
			const px = x(n.x);
			const py = y(n.y);
			if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
			const { w, h } = noteSize(n.lines, (l) => textWidth(l, NOTE_FONT_PX));
			const box = placeNote(px, py, w, h, area);
			const end = leaderEnd(px, py, box);
			const c = escapeXml(n.color);
			out.push(
				`<g class="note">`,
				`<line x1="${r2(px)}" y1="${r2(py)}" x2="${r2(end.x)}" y2="${r2(end.y)}" stroke="${c}" stroke-width="1.25"/>`,
				`<circle cx="${r2(px)}" cy="${r2(py)}" r="5" fill="${th.bg}" stroke="${c}" stroke-width="2"/>`,
				`<rect x="${r2(box.x)}" y="${r2(box.y)}" width="${r2(box.w)}" height="${r2(box.h)}" rx="4" fill="${th.bg}" stroke="${c}" stroke-width="1.25"/>`,
				...n.lines.map(
					(row, i) =>
						`<text x="${r2(box.x + NOTE_PAD)}" y="${r2(box.y + NOTE_PAD + i * NOTE_LINE_HEIGHT + NOTE_FONT_PX - 2)}" fill="${th.fg}">${escapeXml(row)}</text>`
				),
				'</g>'
			);
		}
		out.push('</g>');
	}

	// legend
	out.push(`<g class="legend" transform="translate(0,${r2(ph + 58)})">`);
	for (const { s, x: ix, row: ir } of legendItems) {
		const dash = s.ghost ? ` stroke-dasharray="6 4" stroke-opacity="${SVG_GHOST_OPACITY}"` : '';
		const yy = ir * 20;
		out.push(
			`<line x1="${r2(ix)}" x2="${r2(ix + 26)}" y1="${yy}" y2="${yy}" stroke="${escapeXml(s.color)}" stroke-width="${s.ghost ? 1.5 : 2.5}"${dash}/>`,
			`<text x="${r2(ix + 32)}" y="${yy + 4}" fill="${th.fg}">${escapeXml(s.label)}</text>`
		);
	}
	out.push('</g></g></svg>');
	return out.join('\n');
}
