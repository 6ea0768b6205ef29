/**
 * The network graph's canvas layer, wrapped once (create → update → destroy): messages in flight
 * and, with many clients, the clients and their links. SVG elements per particle or per node cost
 * a style and layout pass each frame; the canvas costs what changed. `update` only stores the
 * scene; the drawing happens at most once per animation frame, at the screen's devicePixelRatio.
 * Under prefers-reduced-motion it redraws at most a few times a second, so messages step along
 * their links instead of gliding.
 *
 * With many clients, everything that does not move is drawn once into two cached layers (every
 * link; every client in its idle look) and each frame copies them, then paints only what is not
 * idle over them: the busy clients' links and nodes, the messages, the marked clients' rings.
 * A frame's cost grows with the busy clients and the messages, not with the clients.
 *
 * Test hook: the canvas carries `data-count` (particles drawn) and `data-positions` (JSON
 * `ParticleRecord[]`), refreshed at most every `HOOK_MS` (10 times a second), never per frame.
 */
import type { ClientInfo } from '$lib/sim/core/events';
import type { HistogramGlyph } from '$lib/viz/glyphs';
import type { ClientView } from '$lib/viz/graph-state';
import type { GraphLayout } from '$lib/viz/layout';
import { particleRecords, type PlacedParticle } from '$lib/viz/particle-paint';
import { BYZANTINE_COLOR, LOST_COLOR, MESSAGE_COLORS } from '$lib/viz/palette';
import {
	byzantineIds,
	FOREGROUND,
	paintDots,
	paintLinks,
	paintNode,
	paintPeerLinks,
	paintRings,
	SURFACE
} from './node-paint';

/** The clients, when the canvas draws them. */
export interface NodeScene {
	/** Nodes as `ClientNode` draws them, or the density view's dots. */
	readonly style: 'glyphs' | 'dots';
	readonly layout: GraphLayout;
	readonly infos: readonly ClientInfo[];
	/** Label histograms (glyph style), by client. */
	readonly glyphs: readonly HistogramGlyph[];
	/** What each client does now (a view keeps its identity while it does not change). */
	readonly views: readonly ClientView[];
	/** Pinned, focused or hovered clients: ringed among the dots. */
	readonly marked: readonly number[];
	/** Every client's link, or only the busy clients' (less clutter with many clients). */
	readonly links: 'all' | 'busy';
	/** Client-to-client messages in flight (split learning's peer hand-off): [from, to]. */
	readonly peers: readonly (readonly [number, number])[];
}

export interface CanvasScene {
	/** The graph's pixel box (the SVG's viewBox). */
	readonly width: number;
	readonly height: number;
	readonly particles: readonly PlacedParticle[];
	/** The clients, or null when the SVG draws them. */
	readonly nodes: NodeScene | null;
}

export interface GraphCanvas {
	update(scene: CanvasScene): void;
	destroy(): void;
}

const HOOK_MS = 100;
const REDUCED_MS = 250;
const COLOR_TTL_MS = 1000;

/** Reads `var(--name, fallback)` against the element's computed style (themes set the names). */
function colorResolver(el: Element): (css: string) => string {
	let cache = new Map<string, string>();
	let stamp = 0;
	return (css) => {
		const now = performance.now();
		if (now - stamp > COLOR_TTL_MS) {
			cache = new Map();
			stamp = now;
		}
		let out = cache.get(css);
		if (out === undefined) {
			const m = /^var\((--[\w-]+),\s*(.+)\)$/.exec(css);
			out = m
				? getComputedStyle(el)
						.getPropertyValue(m[1] ?? '')
						.trim() || (m[2] ?? '').trim()
				: css;
			cache.set(css, out);
		}
		return out;
	};
}

export function createGraphCanvas(canvas: HTMLCanvasElement): GraphCanvas {
	const ctx = canvas.getContext('2d');
	const color = colorResolver(canvas);
	const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)');
	let scene: CanvasScene | null = null;
	let frame = 0;
	let lastDraw = -Infinity;
	let lastHook = -Infinity;
	let hookTimer: ReturnType<typeof setTimeout> | undefined;

	function writeHook(): void {
		hookTimer = undefined;
		lastHook = performance.now();
		const particles = scene?.particles ?? [];
		canvas.dataset.count = String(particles.length);
		canvas.dataset.positions = JSON.stringify(particleRecords(particles));
	}

	function hook(now: number): void {
		if (now - lastHook >= HOOK_MS) writeHook();
		// the last scene always reaches the hook, a little later
		else hookTimer ??= setTimeout(writeHook, HOOK_MS - (now - lastHook));
	}

	/** The cached layers: every link, and every client in its idle look. */
	let layers: Layers | null = null;

	function layersFor(nodes: NodeScene, bw: number, bh: number, theme: string): Layers {
		const key: LayerKey = {
			style: nodes.style,
			layout: nodes.layout,
			infos: nodes.infos,
			glyphs: nodes.glyphs,
			links: nodes.links,
			bw,
			bh,
			theme
		};
		if (layers && sameKey(layers.key, key)) return layers;
		const { layout, infos } = nodes;
		const transform = [bw / layout.width, 0, 0, bh / layout.height, 0, 0] as const;
		let under: HTMLCanvasElement | null = null;
		if (nodes.links === 'all') {
			under = offscreen(bw, bh);
			const u = under.getContext('2d');
			if (u) {
				u.setTransform(...transform);
				paintLinks(u, layout, layout.clients.keys(), { alpha: 0.22, width: 1 }, color);
			}
		}
		const over = offscreen(bw, bh);
		const o = over.getContext('2d');
		if (o) {
			o.setTransform(...transform);
			if (nodes.style === 'dots') {
				paintDots(o, layout, [...layout.clients.keys()], () => 'idle', color);
				paintRings(o, layout, byzantineIds(infos), 1, { width: 1, color: BYZANTINE_COLOR }, color);
			} else {
				layout.clients.forEach((p, i) => {
					const info = infos[i];
					if (info) paintNode(o, p.x, p.y, layout.nodeRadius, info, nodes.glyphs[i], IDLE, color);
				});
			}
		}
		layers = { key, under, over };
		return layers;
	}

	/** The clients over the cached layers: busy links first, then (`drawBusyNodes`) their nodes. */
	function drawBusyLinks(c: CanvasRenderingContext2D, nodes: NodeScene, busy: number[]): void {
		const { layout, views } = nodes;
		const width = nodes.links === 'all' ? 1 : 0.6;
		const online = busy.filter((i) => views[i]?.phase !== 'offline');
		paintLinks(c, layout, online, { alpha: 0.55, width }, color);
		paintPeerLinks(c, layout, nodes.peers, width, color);
	}

	function drawBusyNodes(c: CanvasRenderingContext2D, nodes: NodeScene, busy: number[]): void {
		const { layout, views, infos } = nodes;
		if (nodes.style === 'dots') {
			const phaseOf = (i: number) => views[i]?.phase ?? 'idle';
			const offline = busy.filter((i) => phaseOf(i) === 'offline');
			paintDots(c, layout, offline, phaseOf, color, true);
			paintDots(
				c,
				layout,
				busy.filter((i) => phaseOf(i) !== 'offline'),
				phaseOf,
				color
			);
			paintRings(c, layout, nodes.marked, 4, { width: 2, color: FOREGROUND }, color);
			return;
		}
		for (const i of busy) {
			const p = layout.clients[i];
			const info = infos[i];
			const view = views[i];
			if (p && info && view)
				paintNode(c, p.x, p.y, layout.nodeRadius, info, nodes.glyphs[i], view, color, true);
		}
	}

	function drawParticles(c: CanvasRenderingContext2D, placed: readonly PlacedParticle[]): void {
		const surface = color(SURFACE);
		const bad = color(BYZANTINE_COLOR);
		for (const { p, x, y, r } of placed) {
			c.globalAlpha = p.opacity;
			c.beginPath();
			c.arc(x, y, r, 0, 2 * Math.PI);
			c.fillStyle = color(p.dropped ? LOST_COLOR : MESSAGE_COLORS[p.kind]);
			c.fill();
			c.lineWidth = 1;
			c.strokeStyle = surface;
			c.stroke();
			if (p.byzantine) {
				c.beginPath();
				c.arc(x, y, r + 2, 0, 2 * Math.PI);
				c.lineWidth = 2;
				c.strokeStyle = bad;
				c.stroke();
			}
			if (p.dropped) {
				const e = r + 2;
				c.beginPath();
				c.moveTo(x - e, y - e);
				c.lineTo(x + e, y + e);
				c.moveTo(x + e, y - e);
				c.lineTo(x - e, y + e);
				c.lineWidth = 1.6;
				c.lineCap = 'round';
				c.strokeStyle = bad;
				c.stroke();
				c.lineCap = 'butt';
			}
		}
		c.globalAlpha = 1;
	}

	/** Staleness labels (`t−τ = n`), above everything else. */
	function drawLabels(c: CanvasRenderingContext2D, placed: readonly PlacedParticle[]): void {
		if (!placed.some((q) => q.label)) return;
		c.font = '600 10.5px system-ui, sans-serif';
		c.textAlign = 'center';
		c.textBaseline = 'middle';
		c.lineJoin = 'round';
		c.lineWidth = 3;
		c.strokeStyle = color(SURFACE);
		c.fillStyle = color(FOREGROUND);
		for (const { p, label } of placed) {
			if (!label) continue;
			c.globalAlpha = p.opacity;
			const text = `t−τ = ${p.staleness}`;
			c.strokeText(text, label.x, label.y);
			c.fillText(text, label.x, label.y);
		}
		c.globalAlpha = 1;
		c.lineJoin = 'miter';
	}

	function draw(now: number): void {
		frame = 0;
		if (!scene || !ctx) return;
		if (reduced?.matches && now - lastDraw < REDUCED_MS) {
			frame = requestAnimationFrame(draw);
			return;
		}
		lastDraw = now;
		const dpr = window.devicePixelRatio || 1;
		const cssW = canvas.clientWidth || scene.width;
		const cssH = canvas.clientHeight || scene.height;
		const bw = Math.max(1, Math.round(cssW * dpr));
		const bh = Math.max(1, Math.round(cssH * dpr));
		if (canvas.width !== bw) canvas.width = bw;
		if (canvas.height !== bh) canvas.height = bh;
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.clearRect(0, 0, bw, bh);
		const { nodes, particles } = scene;
		const cached = nodes ? layersFor(nodes, bw, bh, themeKey()) : null;
		if (!nodes) layers = null;
		if (cached?.under) ctx.drawImage(cached.under, 0, 0);
		// the scene is in viewBox units; the canvas box is the SVG's box
		ctx.setTransform(bw / scene.width, 0, 0, bh / scene.height, 0, 0);
		const busy: number[] = [];
		nodes?.views.forEach((v, i) => {
			if (v.phase !== 'idle') busy.push(i);
		});
		if (nodes) drawBusyLinks(ctx, nodes, busy);
		drawParticles(ctx, particles);
		if (nodes && cached) {
			ctx.setTransform(1, 0, 0, 1, 0, 0);
			ctx.drawImage(cached.over, 0, 0);
			ctx.setTransform(bw / scene.width, 0, 0, bh / scene.height, 0, 0);
			drawBusyNodes(ctx, nodes, busy);
		}
		drawLabels(ctx, particles);
		hook(now);
	}

	/** Changes when the theme's colours do (the cached layers are then redrawn). */
	function themeKey(): string {
		return THEME_COLORS.map(color).join('|');
	}

	return {
		update(next) {
			scene = next;
			frame ||= requestAnimationFrame(draw);
		},
		destroy() {
			if (frame) cancelAnimationFrame(frame);
			if (hookTimer !== undefined) clearTimeout(hookTimer);
			scene = null;
			layers = null;
		}
	};
}

/** A client in its idle look, as the cached layer draws every client. */
const IDLE: ClientView = { phase: 'idle', progress: null };
const THEME_COLORS = [SURFACE, FOREGROUND, 'var(--muted, #8a8f98)', BYZANTINE_COLOR];

interface LayerKey {
	readonly style: NodeScene['style'];
	readonly layout: GraphLayout;
	readonly infos: readonly ClientInfo[];
	readonly glyphs: readonly HistogramGlyph[];
	readonly links: NodeScene['links'];
	readonly bw: number;
	readonly bh: number;
	readonly theme: string;
}

interface Layers {
	readonly key: LayerKey;
	readonly under: HTMLCanvasElement | null;
	readonly over: HTMLCanvasElement;
}

function sameKey(a: LayerKey, b: LayerKey): boolean {
	return (Object.keys(a) as (keyof LayerKey)[]).every((k) => a[k] === b[k]);
}

function offscreen(w: number, h: number): HTMLCanvasElement {
	const c = document.createElement('canvas');
	c.width = w;
	c.height = h;
	return c;
}
