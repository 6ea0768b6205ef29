import { describe, expect, it } from 'vitest';
import {
	along,
	CANVAS_LIMIT,
	graphHeight,
	layoutDensity,
	layoutGraph,
	type GraphLayout
} from './layout';

const BOXES: [number, number][] = [
	[360, graphHeight(360)],
	[600, graphHeight(600)],
	[900, graphHeight(900)],
	[1400, graphHeight(1400)],
	[500, 300]
];

function minGap(l: GraphLayout): number {
	let gap = Infinity;
	const r = l.nodeRadius;
	l.clients.forEach((a, i) => {
		gap = Math.min(gap, Math.hypot(a.x - l.server.x, a.y - l.server.y) - r - l.server.r);
		for (let j = i + 1; j < l.clients.length; j++) {
			const b = l.clients[j]!;
			gap = Math.min(gap, Math.hypot(a.x - b.x, a.y - b.y) - 2 * r);
		}
	});
	return gap;
}

describe('layoutGraph', () => {
	it.each(BOXES)('keeps 1..200 clients inside a %d × %d box', (w, h) => {
		for (let n = 1; n <= 200; n++) {
			const l = layoutGraph(n, w, h);
			expect(l.clients).toHaveLength(n);
			const r = l.nodeRadius;
			const outside = l.clients.filter(
				(c) => c.x - r < 0 || c.y - r < 0 || c.x + r > w || c.y + r > h
			);
			expect(outside, `n = ${n}`).toEqual([]);
		}
	});

	it.each(BOXES)('does not overlap nodes for n ≤ 200 in a %d × %d box', (w, h) => {
		for (let n = 1; n <= 200; n++)
			expect(minGap(layoutGraph(n, w, h)), `n = ${n}`).toBeGreaterThan(1);
	});

	it('uses big nodes and labels for a few clients, small nodes and rings for many', () => {
		const few = layoutGraph(3, 900, 504);
		expect(few.rings).toBe(1);
		expect(few.labels).toBe(true);
		expect(few.nodeRadius).toBeGreaterThanOrEqual(20);
		const many = layoutGraph(200, 360, 342);
		expect(many.rings).toBeGreaterThan(1);
		expect(many.labels).toBe(false);
		expect(many.nodeRadius).toBeLessThan(few.nodeRadius);
		expect(many.nodeRadius).toBeGreaterThanOrEqual(2.5);
	});

	it('puts client 0 at the top and goes clockwise', () => {
		const l = layoutGraph(4, 400, 400);
		const [c0, c1, c2, c3] = l.clients;
		expect(c0!.x).toBeCloseTo(200, 5);
		expect(c0!.y).toBeLessThan(200);
		expect(c1!.x).toBeGreaterThan(200);
		expect(c2!.y).toBeGreaterThan(200);
		expect(c3!.x).toBeLessThan(200);
	});

	it('gives no client a label above CANVAS_LIMIT, where the canvas (no text) draws the nodes', () => {
		for (const [w, h] of BOXES) {
			expect(layoutGraph(CANVAS_LIMIT + 1, w, h).labels).toBe(false);
			expect(layoutGraph(200, w, h).labels).toBe(false);
		}
		expect(layoutGraph(20, 1400, graphHeight(1400)).labels).toBe(true);
	});

	it('centres the server and still places 500 clients inside the box', () => {
		const l = layoutGraph(500, 360, 342);
		expect(l.server).toMatchObject({ x: 180, y: 171 });
		expect(l.clients).toHaveLength(500);
		for (const c of l.clients) {
			expect(c.x).toBeGreaterThan(0);
			expect(c.y).toBeLessThan(342);
		}
	});
});

describe('graphHeight and along', () => {
	it('is nearly square on phones and wide on laptops', () => {
		expect(graphHeight(360)).toBe(342);
		expect(graphHeight(1000)).toBe(560);
		expect(graphHeight(2000)).toBe(600);
	});
	it('interpolates along a link', () => {
		expect(along({ x: 0, y: 0 }, { x: 10, y: -20 }, 0.25)).toEqual({ x: 2.5, y: -5 });
	});
});

describe('layoutDensity', () => {
	it.each(BOXES)('keeps 201..1000 clients inside a %d × %d box without overlap', (w, h) => {
		for (const n of [201, 350, 600, 1000]) {
			const l = layoutDensity(n, w, h);
			expect(l.clients).toHaveLength(n);
			const r = l.nodeRadius;
			const outside = l.clients.filter(
				(c) => c.x - r < 0 || c.y - r < 0 || c.x + r > w || c.y + r > h
			);
			expect(outside, `n = ${n}`).toEqual([]);
			expect(minGap(l), `n = ${n}`).toBeGreaterThan(0);
			expect(l.labels).toBe(false);
		}
	});

	it('uses several rings and the largest dots that fit: fewer clients, bigger dots', () => {
		const many = layoutDensity(1000, 900, graphHeight(900));
		const fewer = layoutDensity(300, 900, graphHeight(900));
		expect(many.rings).toBeGreaterThan(3);
		expect(fewer.nodeRadius).toBeGreaterThan(many.nodeRadius);
		// 1,000 clients on a laptop-wide graph stay visible dots, not pixels
		expect(many.nodeRadius).toBeGreaterThanOrEqual(2);
	});

	it('puts client 0 at the top of the outer ring, outer ring first', () => {
		const l = layoutDensity(500, 600, 600);
		expect(l.clients[0]!.x).toBeCloseTo(300, 5);
		expect(l.clients[0]!.y).toBeLessThan(20);
		expect(l.clients[0]!.ring).toBe(0);
		expect(l.clients.at(-1)!.ring).toBe(l.rings - 1);
		expect(layoutDensity(500, 600, 600)).toEqual(l);
	});
});
