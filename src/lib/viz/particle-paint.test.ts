import { describe, expect, it } from 'vitest';
import type { ParticleView } from './graph-state';
import { particleRadius } from './glyphs';
import type { GraphLayout } from './layout';
import { particleRecords, placeParticles } from './particle-paint';

// server at (100, 100) r 20; client 0 at (100, 0), client 1 at (200, 100)
const LAYOUT: GraphLayout = {
	width: 200,
	height: 200,
	server: { x: 100, y: 100, r: 20 },
	clients: [
		{ x: 100, y: 0, angle: -Math.PI / 2, ring: 0 },
		{ x: 200, y: 100, angle: 0, ring: 0 }
	],
	nodeRadius: 18,
	rings: 1,
	labels: true
};

const particle = (over: Partial<ParticleView>): ParticleView => ({
	key: 0,
	kind: 'update',
	from: 1,
	to: 'server',
	bytes: 1e4,
	progress: 0.5,
	opacity: 1,
	dropped: false,
	...over
});

describe('placeParticles', () => {
	it('puts a particle the given fraction along its link, sized by bytes', () => {
		const [a, b] = placeParticles(
			[particle({ progress: 0.25 }), particle({ key: 1, from: 'server', to: 0, progress: 0.5 })],
			LAYOUT
		);
		// client 1 → server: (200,100) + 0.25·(−100, 0) = (175, 100)
		expect([a!.x, a!.y]).toEqual([175, 100]);
		// server → client 0: (100,100) + 0.5·(0, −100) = (100, 50)
		expect([b!.x, b!.y]).toEqual([100, 50]);
		expect(a!.r).toBe(particleRadius(1e4, 18));
	});

	it('leaves out particles whose ends are not in the layout', () => {
		expect(placeParticles([particle({ from: 7 })], LAYOUT)).toEqual([]);
	});

	it('labels stale updates across the link, but not in the crowd at the server', () => {
		const r = particleRadius(1e4, 18);
		const [far] = placeParticles([particle({ progress: 0.25, staleness: 2 })], LAYOUT);
		// link direction (−1, 0): the label is offset by (−dy, dx)·(r + 10) = (0, −1)·(r + 10)
		expect(far!.label!.x).toBeCloseTo(175, 9);
		expect(far!.label!.y).toBeCloseTo(100 - (r + 10), 9);
		// at 0.6 the particle is 40 px from the server's centre: within r + 24 = 44
		const [near] = placeParticles([particle({ progress: 0.6, staleness: 2 })], LAYOUT);
		expect(near!.label).toBeNull();
		const [fresh] = placeParticles([particle({ progress: 0.25 })], LAYOUT);
		expect(fresh!.label).toBeNull();
	});
});

describe('particleRecords', () => {
	it('reports kind, ends, rounded position and flags', () => {
		const placed = placeParticles(
			[particle({ progress: 1 / 3, dropped: true, byzantine: true }), particle({ key: 2 })],
			LAYOUT
		);
		expect(particleRecords(placed)).toEqual([
			{ kind: 'update', from: 1, to: 'server', x: 166.7, y: 100, lost: true, byzantine: true },
			{ kind: 'update', from: 1, to: 'server', x: 150, y: 100 }
		]);
	});
});
