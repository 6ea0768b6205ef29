/**
 * Canvas painters for the network graph's clients and links, used by graph-canvas.ts when there
 * are too many clients for SVG nodes. A glyph node copies `ClientNode`'s look (both read
 * `$lib/viz/node-look`); a density dot is a small disc coloured by phase. Colours are CSS
 * strings (`var(--x, fallback)`) resolved by the caller's `Resolve`.
 */
import type { ClientInfo } from '$lib/sim/core/events';
import type { HistogramGlyph, Slice } from '$lib/viz/glyphs';
import type { ClientPhase, ClientView } from '$lib/viz/graph-state';
import type { GraphLayout } from '$lib/viz/layout';
import { dotLook, nodeLook, progressAngles } from '$lib/viz/node-look';
import { BYZANTINE_COLOR, labelColor, STATE_COLORS, STRAGGLER_COLOR } from '$lib/viz/palette';

/** Resolves a CSS colour (possibly `var(--x, fallback)`) to one the canvas understands. */
export type Resolve = (css: string) => string;

export const SURFACE = 'var(--surface, var(--bg, #fff))';
export const FOREGROUND = 'var(--fg, #1f2328)';
const MUTED = 'var(--muted, #8a8f98)';
const PEER = 'var(--msg-head, #06b6d4)';
const PHASES = Object.keys(STATE_COLORS) as ClientPhase[];
const TAU = 2 * Math.PI;

/** Pie slices as Path2D, built once per slice. */
const slicePaths = new WeakMap<Slice, Path2D>();
function slicePath(s: Slice): Path2D {
	let p = slicePaths.get(s);
	if (!p) {
		p = new Path2D(s.d);
		slicePaths.set(s, p);
	}
	return p;
}

/** Straight links from the server to the clients `ids`, in one stroke. */
export function paintLinks(
	c: CanvasRenderingContext2D,
	layout: GraphLayout,
	ids: Iterable<number>,
	style: { alpha: number; width: number },
	color: Resolve
): void {
	const s = layout.server;
	c.globalAlpha = style.alpha;
	c.lineWidth = style.width;
	c.strokeStyle = color(MUTED);
	c.beginPath();
	for (const i of ids) {
		const p = layout.clients[i];
		if (!p) continue;
		c.moveTo(s.x, s.y);
		c.lineTo(p.x, p.y);
	}
	c.stroke();
	c.globalAlpha = 1;
}

/** Dashed client-to-client links (split learning's peer hand-off in flight). */
export function paintPeerLinks(
	c: CanvasRenderingContext2D,
	layout: GraphLayout,
	peers: readonly (readonly [number, number])[],
	width: number,
	color: Resolve
): void {
	if (!peers.length) return;
	c.globalAlpha = 0.7;
	c.lineWidth = width;
	c.strokeStyle = color(PEER);
	c.setLineDash([4, 3]);
	c.beginPath();
	for (const [from, to] of peers) {
		const a = layout.clients[from];
		const b = layout.clients[to];
		if (!a || !b) continue;
		c.moveTo(a.x, a.y);
		c.lineTo(b.x, b.y);
	}
	c.stroke();
	c.setLineDash([]);
	c.globalAlpha = 1;
}

function circle(c: CanvasRenderingContext2D, x: number, y: number, r: number): void {
	c.beginPath();
	c.arc(x, y, r, 0, TAU);
}

/**
 * One client as `ClientNode` draws it (disc, tint, label histogram, phase ring, progress arc,
 * straggler badge, Byzantine halo), centred at (x, y). `cover` first paints the disc's area in
 * the background colour, so that the node replaces one drawn there before (a busy node over the
 * idle one of the cached layer).
 */
export function paintNode(
	c: CanvasRenderingContext2D,
	x: number,
	y: number,
	r: number,
	info: ClientInfo,
	glyph: HistogramGlyph | undefined,
	view: ClientView,
	color: Resolve,
	cover = false
): void {
	const look = nodeLook(r, view.phase, info.byzantine);
	const surface = color(SURFACE);
	if (cover) {
		c.globalAlpha = 1;
		c.fillStyle = surface;
		circle(c, x, y, r + 1.5);
		c.fill();
	}
	const alpha = look.opacity;
	c.globalAlpha = alpha;
	if (look.haloR !== null) {
		circle(c, x, y, look.haloR);
		c.lineWidth = 2;
		c.strokeStyle = color(BYZANTINE_COLOR);
		c.stroke();
	}
	circle(c, x, y, r);
	c.fillStyle = surface;
	c.fill();
	if (look.tint) {
		c.globalAlpha = alpha * look.tint.opacity;
		c.fillStyle = color(look.tint.color);
		c.fill();
		c.globalAlpha = alpha;
	}
	if (glyph?.kind === 'bars') {
		for (const b of glyph.bars) {
			if (b.height <= 0) continue;
			c.fillStyle = labelColor(b.label);
			c.fillRect(x + b.x, y + b.y, b.width, b.height);
		}
		c.lineWidth = 0.75;
		c.strokeStyle = color(MUTED);
		c.beginPath();
		c.moveTo(x - r * 0.7, y + glyph.baseline + 0.5);
		c.lineTo(x + r * 0.7, y + glyph.baseline + 0.5);
		c.stroke();
	} else if (glyph) {
		c.translate(x, y);
		for (const s of glyph.slices) {
			c.fillStyle = labelColor(s.label);
			c.fill(slicePath(s));
		}
		c.translate(-x, -y);
	}
	circle(c, x, y, r);
	c.lineWidth = look.ringWidth;
	c.strokeStyle = color(look.ringColor);
	if (look.dashed) c.setLineDash([3, 2]);
	c.stroke();
	if (look.dashed) c.setLineDash([]);
	if (view.progress !== null) {
		const { start, end } = progressAngles(view.progress);
		c.beginPath();
		c.arc(x, y, r + 1 + look.arcWidth, start, end);
		c.arc(x, y, r + 1, end, start, true);
		c.closePath();
		c.fillStyle = color(STATE_COLORS.training);
		c.fill();
	}
	if (info.straggler) {
		const { r: br, at, hand } = look.badge;
		circle(c, x + at, y - at, br);
		c.fillStyle = color(STRAGGLER_COLOR);
		c.fill();
		if (hand) {
			c.beginPath();
			c.moveTo(x + at, y - at - br * 0.6);
			c.lineTo(x + at, y - at);
			c.lineTo(x + at + br * 0.5, y - at);
			c.lineWidth = 1.3;
			c.lineCap = 'round';
			c.strokeStyle = surface;
			c.stroke();
			c.lineCap = 'butt';
		}
	}
	c.globalAlpha = 1;
}

/**
 * Density dots of the clients `ids` in their phases, one path per phase. `cover` first clears
 * each dot's place to the background (an offline dot is fainter than the idle one under it).
 */
export function paintDots(
	c: CanvasRenderingContext2D,
	layout: GraphLayout,
	ids: readonly number[],
	phaseOf: (i: number) => ClientPhase,
	color: Resolve,
	cover = false
): void {
	const r = layout.nodeRadius;
	if (!ids.length) return;
	if (cover) {
		c.globalAlpha = 1;
		c.fillStyle = color(SURFACE);
		c.beginPath();
		for (const i of ids) {
			const p = layout.clients[i];
			if (!p) continue;
			c.moveTo(p.x + r + 0.5, p.y);
			c.arc(p.x, p.y, r + 0.5, 0, TAU);
		}
		c.fill();
	}
	for (const phase of PHASES) {
		const look = dotLook(r, phase);
		c.globalAlpha = look.alpha;
		c.fillStyle = color(STATE_COLORS[phase]);
		c.beginPath();
		let any = false;
		for (const i of ids) {
			const p = layout.clients[i];
			if (!p || phaseOf(i) !== phase) continue;
			c.moveTo(p.x + look.r, p.y);
			c.arc(p.x, p.y, look.r, 0, TAU);
			any = true;
		}
		if (any) c.fill();
	}
	c.globalAlpha = 1;
}

/** Rings of radius r + `gap` around the clients `ids`, in one stroke. */
export function paintRings(
	c: CanvasRenderingContext2D,
	layout: GraphLayout,
	ids: Iterable<number>,
	gap: number,
	style: { width: number; color: string },
	color: Resolve
): void {
	const rr = layout.nodeRadius + gap;
	c.lineWidth = style.width;
	c.strokeStyle = color(style.color);
	c.beginPath();
	for (const i of ids) {
		const p = layout.clients[i];
		if (!p) continue;
		c.moveTo(p.x + rr, p.y);
		c.arc(p.x, p.y, rr, 0, TAU);
	}
	c.stroke();
}

/** The clients whose Byzantine flag is set. */
export function byzantineIds(infos: readonly ClientInfo[]): number[] {
	return infos.flatMap((c, i) => (c.byzantine ? [i] : []));
}
