/**
 * The network graph's canvas layer, wrapped once (create → update → destroy): messages in flight
 * and, in the density view of many clients, the client dots. SVG elements per particle cost a
 * style and layout pass each frame; one canvas redraw costs a few hundred arcs. `update` only
 * stores the scene; the drawing happens at most once per animation frame, at the screen's
 * devicePixelRatio. Under prefers-reduced-motion it redraws at most a few times a second, so
 * messages step along their links instead of gliding.
 *
 * Test hook: the canvas carries `data-count` (particles drawn) and `data-positions` (JSON
 * `ParticleRecord[]`), refreshed at most every `HOOK_MS` (10 times a second), never per frame.
 */
import type { ClientPhase } from '$lib/viz/graph-state';
import { particleRecords, type PlacedParticle } from '$lib/viz/particle-paint';
import { BYZANTINE_COLOR, LOST_COLOR, MESSAGE_COLORS, STATE_COLORS } from '$lib/viz/palette';

/** A client dot of the density view. */
export interface NodeDot {
	readonly x: number;
	readonly y: number;
	readonly phase: ClientPhase;
	readonly byzantine: boolean;
	/** Pinned, focused or hovered: ringed so it stands out among a thousand. */
	readonly highlighted: boolean;
}

export interface CanvasScene {
	/** The graph's pixel box (the SVG's viewBox). */
	readonly width: number;
	readonly height: number;
	readonly particles: readonly PlacedParticle[];
	/** Client dots (density view) and their radius, or null when the SVG draws the clients. */
	readonly nodes: { readonly dots: readonly NodeDot[]; readonly r: number } | null;
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

	function drawNodes(c: CanvasRenderingContext2D, nodes: NonNullable<CanvasScene['nodes']>): void {
		const { dots, r } = nodes;
		const phases = Object.keys(STATE_COLORS) as ClientPhase[];
		for (const phase of phases) {
			const idle = phase === 'idle' || phase === 'offline';
			c.globalAlpha = phase === 'offline' ? 0.25 : idle ? 0.5 : 1;
			c.fillStyle = color(STATE_COLORS[phase]);
			c.beginPath();
			for (const d of dots) {
				if (d.phase !== phase) continue;
				const rr = idle ? r : r * 1.5;
				c.moveTo(d.x + rr, d.y);
				c.arc(d.x, d.y, rr, 0, 2 * Math.PI);
			}
			c.fill();
		}
		c.globalAlpha = 1;
		c.lineWidth = 1;
		c.strokeStyle = color(BYZANTINE_COLOR);
		c.beginPath();
		for (const d of dots) {
			if (!d.byzantine) continue;
			c.moveTo(d.x + r + 1, d.y);
			c.arc(d.x, d.y, r + 1, 0, 2 * Math.PI);
		}
		c.stroke();
		c.lineWidth = 2;
		c.strokeStyle = color('var(--fg, #1f2328)');
		c.beginPath();
		for (const d of dots) {
			if (!d.highlighted) continue;
			c.moveTo(d.x + r + 4, d.y);
			c.arc(d.x, d.y, r + 4, 0, 2 * Math.PI);
		}
		c.stroke();
	}

	function drawParticles(c: CanvasRenderingContext2D, placed: readonly PlacedParticle[]): void {
		const surface = color('var(--surface, var(--bg, #fff))');
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
			}
		}
		// staleness labels above every particle
		c.font = '600 10.5px system-ui, sans-serif';
		c.textAlign = 'center';
		c.textBaseline = 'middle';
		c.lineJoin = 'round';
		c.lineWidth = 3;
		c.strokeStyle = surface;
		c.fillStyle = color('var(--fg, #1f2328)');
		for (const { p, label } of placed) {
			if (!label) continue;
			c.globalAlpha = p.opacity;
			const text = `t−τ = ${p.staleness}`;
			c.strokeText(text, label.x, label.y);
			c.fillText(text, label.x, label.y);
		}
		c.globalAlpha = 1;
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
		// the scene is in viewBox units; the canvas box is the SVG's box
		ctx.setTransform(bw / scene.width, 0, 0, bh / scene.height, 0, 0);
		if (scene.nodes) drawNodes(ctx, scene.nodes);
		drawParticles(ctx, scene.particles);
		hook(now);
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
		}
	};
}
