/**
 * The canvas layer's cost per frame follows what changed: with many clients the idle ones come
 * from a cached layer drawn once, and a frame paints only the busy clients and the messages.
 * Runs on a recording fake of the 2-D context (no browser): it counts the calls of each frame.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientInfo } from '$lib/sim/core/events';
import { histogramGlyph } from '$lib/viz/glyphs';
import type { ClientView } from '$lib/viz/graph-state';
import { layoutDensity, layoutGraph } from '$lib/viz/layout';
import { createGraphCanvas, type CanvasScene, type NodeScene } from './graph-canvas';

interface Fake {
	canvas: HTMLCanvasElement;
	calls: string[];
}

/** A canvas whose context records every method called on it. */
function fakeCanvas(width = 0, height = 0): Fake {
	const calls: string[] = [];
	const state: Record<string | symbol, unknown> = {};
	const ctx = new Proxy(state, {
		get: (t, k) => (k in t ? t[k] : (..._: unknown[]) => void calls.push(String(k))),
		set: (t, k, v) => {
			t[k] = v;
			return true;
		}
	});
	const canvas = {
		width,
		height,
		clientWidth: width,
		clientHeight: height,
		dataset: {},
		getContext: () => ctx
	} as unknown as HTMLCanvasElement;
	return { canvas, calls };
}

const count = (calls: readonly string[], name: string) => calls.filter((c) => c === name).length;

let frames: FrameRequestCallback[] = [];
let offscreen: Fake[] = [];

/** Runs the pending animation frame. */
function frame(): void {
	const run = frames;
	frames = [];
	for (const f of run) f(performance.now());
}

beforeEach(() => {
	frames = [];
	offscreen = [];
	vi.stubGlobal('window', { devicePixelRatio: 1, matchMedia: () => ({ matches: false }) });
	vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
	vi.stubGlobal('cancelAnimationFrame', () => {});
	vi.stubGlobal('getComputedStyle', () => ({ getPropertyValue: () => '' }));
	vi.stubGlobal('Path2D', class {});
	vi.stubGlobal('document', {
		createElement: () => {
			const f = fakeCanvas();
			offscreen.push(f);
			return f.canvas;
		}
	});
});

afterEach(() => {
	vi.unstubAllGlobals();
});

const W = 900;
const H = 504;
const IDLE: ClientView = { phase: 'idle', progress: null };

function clients(n: number): ClientInfo[] {
	return Array.from({ length: n }, (_, id) => ({
		id,
		samples: 100,
		labelHistogram: [id % 5, 3, 0, 7],
		computeSpeed: 1,
		...(id % 17 === 0 ? { straggler: true } : {}),
		...(id % 23 === 0 ? { byzantine: true } : {})
	}));
}

function nodesScene(n: number, busy: number, style: NodeScene['style'] = 'glyphs'): NodeScene {
	const layout = style === 'dots' ? layoutDensity(n, W, H) : layoutGraph(n, W, H);
	const infos = clients(n);
	const views = infos.map((_, i): ClientView => {
		if (i >= busy) return IDLE;
		return i % 2 ? { phase: 'training', progress: 0.5 } : { phase: 'uploading', progress: null };
	});
	return {
		style,
		layout,
		infos,
		glyphs: infos.map((c) => histogramGlyph(c.labelHistogram, layout.nodeRadius)),
		views,
		marked: [],
		links: n > 60 ? 'busy' : 'all',
		peers: []
	};
}

const scene = (nodes: NodeScene | null): CanvasScene => ({
	width: W,
	height: H,
	particles: [],
	nodes
});

describe('createGraphCanvas', () => {
	it('draws the idle clients once into a cached layer and each frame only the busy ones', () => {
		const main = fakeCanvas(W, H);
		const g = createGraphCanvas(main.canvas);
		const few = nodesScene(200, 3);
		g.update(scene(few));
		frame();
		// one cached layer (links are drawn per busy client above 60 clients), holding all 200
		expect(offscreen).toHaveLength(1);
		const cached = offscreen[0]!.calls;
		expect(count(cached, 'arc')).toBeGreaterThanOrEqual(400); // disc and ring of each client
		main.calls.length = 0;

		// the next frame: same clients, a little later — no new layer, 3 busy nodes painted
		g.update(scene({ ...few, views: [...few.views] }));
		frame();
		expect(offscreen).toHaveLength(1);
		expect(count(main.calls, 'drawImage')).toBe(1);
		const threeBusy = count(main.calls, 'arc');
		// each busy node: cover, disc, ring, and two arcs for a progress ring (+ halo, badge)
		expect(threeBusy).toBeGreaterThanOrEqual(3 * 3);
		expect(threeBusy).toBeLessThanOrEqual(3 * 7);
		main.calls.length = 0;

		// thirty busy clients: ten times the arcs, still no new layer
		g.update(scene(nodesScene(200, 30)));
		frame();
		const thirtyBusy = count(main.calls, 'arc');
		expect(thirtyBusy).toBeGreaterThanOrEqual(30 * 3);
		expect(thirtyBusy).toBeLessThanOrEqual(30 * 7);
		g.destroy();
	});

	it('redraws the cached layer when the layout changes, not otherwise', () => {
		const main = fakeCanvas(W, H);
		const g = createGraphCanvas(main.canvas);
		const a = nodesScene(50, 5);
		g.update(scene(a));
		frame();
		// up to 60 clients every link shows: a second cached layer under the nodes
		expect(offscreen).toHaveLength(2);
		g.update(scene({ ...a, views: a.views.map(() => IDLE) }));
		frame();
		expect(offscreen).toHaveLength(2);
		g.update(scene(nodesScene(51, 5)));
		frame();
		expect(offscreen).toHaveLength(4);
		g.destroy();
	});

	it('the density view paints its busy dots in one path per phase', () => {
		const main = fakeCanvas(W, H);
		const g = createGraphCanvas(main.canvas);
		const dots = nodesScene(1000, 25, 'dots');
		g.update(scene(dots));
		frame();
		expect(count(offscreen[0]!.calls, 'arc')).toBeGreaterThanOrEqual(1000);
		main.calls.length = 0;
		g.update(scene({ ...dots, views: [...dots.views] }));
		frame();
		expect(count(main.calls, 'arc')).toBe(25);
		// training and uploading: two fills
		expect(count(main.calls, 'fill')).toBe(2);
		g.destroy();
	});

	it('with SVG nodes (few clients) draws no client and caches nothing', () => {
		const main = fakeCanvas(W, H);
		const g = createGraphCanvas(main.canvas);
		g.update(scene(null));
		frame();
		expect(offscreen).toHaveLength(0);
		expect(count(main.calls, 'drawImage')).toBe(0);
		expect(count(main.calls, 'arc')).toBe(0);
		g.destroy();
	});
});
