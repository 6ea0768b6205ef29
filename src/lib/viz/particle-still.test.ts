/** Reduced motion: messages drawn still on their links (placeParticles' `still`). */
import { describe, expect, it } from 'vitest';
import type { ParticleView } from './graph-state';
import type { GraphLayout } from './layout';
import { placeParticles, STILL_AT } from './particle-paint';

// server at (100, 100); client 0 at (100, 0)
const LAYOUT: GraphLayout = {
	width: 200,
	height: 200,
	server: { x: 100, y: 100, r: 20 },
	clients: [{ x: 100, y: 0, angle: -Math.PI / 2, ring: 0 }],
	nodeRadius: 18,
	rings: 1,
	labels: true
};

const msg = (over: Partial<ParticleView>): ParticleView => ({
	key: 0,
	kind: 'model',
	from: 'server',
	to: 0,
	bytes: 1e4,
	progress: 0.1,
	opacity: 1,
	dropped: false,
	...over
});

describe('still particles (prefers-reduced-motion)', () => {
	it('a message stays at the same point whatever its progress', () => {
		const at = (progress: number) => placeParticles([msg({ progress })], LAYOUT, true)[0];
		// server → client 0: (100, 100) + 0.6 · (0, −100) = (100, 40)
		for (const p of [0, 0.1, 0.5, 0.99]) expect([at(p)?.x, at(p)?.y]).toEqual([100, 40]);
		expect(STILL_AT).toBe(0.6);
	});

	it('a model going down and an update coming up the same link sit apart', () => {
		const [down, up] = placeParticles(
			[msg({}), msg({ key: 1, kind: 'update', from: 0, to: 'server', progress: 0.9 })],
			LAYOUT,
			true
		);
		// the update: (100, 0) + 0.6 · (0, 100) = (100, 60)
		expect(down?.y).toBe(40);
		expect(up?.y).toBeCloseTo(60, 10);
	});

	it('without it, messages move (the default is unchanged)', () => {
		const [a] = placeParticles([msg({ progress: 0.25 })], LAYOUT);
		expect(a?.y).toBe(75);
	});
});
