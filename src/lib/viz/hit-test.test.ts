import { describe, expect, it } from 'vitest';
import type { ParticleView } from './graph-state';
import { hitLink, hitParticle, segmentDistance } from './hit-test';
import type { GraphLayout } from './layout';
import type { PlacedParticle } from './particle-paint';

// server at (100, 100) r 20; client 0 at (100, 0), client 1 at (200, 100), node radius 10
const LAYOUT: GraphLayout = {
	width: 200,
	height: 200,
	server: { x: 100, y: 100, r: 20 },
	clients: [
		{ x: 100, y: 0, angle: -Math.PI / 2, ring: 0 },
		{ x: 200, y: 100, angle: 0, ring: 0 }
	],
	nodeRadius: 10,
	rings: 1,
	labels: true
};

const view = (key: number): ParticleView => ({
	key,
	kind: 'update',
	from: 1,
	to: 'server',
	bytes: 1e4,
	progress: 0.5,
	opacity: 1,
	dropped: false
});
const placed = (key: number, x: number, y: number, r = 5): PlacedParticle => ({
	p: view(key),
	x,
	y,
	r,
	label: null
});

describe('hitParticle', () => {
	const ps = [placed(0, 150, 100), placed(1, 160, 100), placed(2, 100, 50, 3)];
	it.each([
		// [x, y, slop, key hit]
		[150, 100, 0, 0], // dead centre
		[154, 103, 0, 0], // inside r = 5 (distance 5)
		[156, 100, 0, 1], // 6 from key 0 (out of its reach), 4 from key 1 (within r = 5)
		[158, 100, 0, 1],
		[100, 57, 4, 2], // 7 away: r 3 + slop 4
		[100, 58, 4, null], // 8 away: out of reach
		[100, 58, 12, 2], // a finger reaches
		[130, 130, 12, null]
	])('(%i, %i) slop %i → %s', (x, y, slop, key) => {
		const hit = hitParticle(ps, { x, y }, slop);
		expect(hit?.p.key ?? null).toBe(key);
	});

	it('on a tie the particle drawn last (on top) wins', () => {
		const hit = hitParticle([placed(7, 10, 10), placed(8, 10, 10)], { x: 10, y: 10 });
		expect(hit?.p.key).toBe(8);
	});
});

describe('segmentDistance', () => {
	it('perpendicular foot inside, clamped to the ends outside', () => {
		expect(segmentDistance({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toEqual({
			d: 3,
			t: 0.5
		});
		expect(segmentDistance({ x: -3, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toEqual({
			d: 5,
			t: 0
		});
		expect(segmentDistance({ x: 1, y: 1 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toEqual({
			d: Math.SQRT2,
			t: 0
		});
	});
});

describe('hitLink', () => {
	it.each([
		// [x, y, tolerance, client]
		[150, 102, 4, 1], // 2 px off the link to client 1
		[150, 106, 4, null], // 6 px off
		[150, 106, 12, 1],
		[102, 50, 4, 0], // on the link to client 0
		[105, 105, 4, null], // on the server's disc
		[195, 100, 4, null], // on client 1's node
		[140, 60, 4, null] // between the two links
	])('(%i, %i) tolerance %i → %s', (x, y, tol, client) => {
		expect(hitLink(LAYOUT, { x, y }, tol)).toBe(client);
	});

	it('skips links that are not drawn', () => {
		expect(hitLink(LAYOUT, { x: 150, y: 102 }, 4, (k) => k !== 1)).toBeNull();
	});

	it('the nearer of two links', () => {
		// (125, 80): 20 px from client 1's link (y = 100), 25 from client 0's (x = 100); (118, 75): 25, 18
		expect(hitLink(LAYOUT, { x: 125, y: 80 }, 30)).toBe(1);
		expect(hitLink(LAYOUT, { x: 118, y: 75 }, 30)).toBe(0);
	});
});
