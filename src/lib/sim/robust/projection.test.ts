import { describe, expect, it } from 'vitest';
import { projectUpdates, symmetricEigen } from './projection';
import { createRng } from '../core/rng';

const f = (...x: number[]) => Float32Array.from(x);
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) =>
	Math.hypot(a.x - b.x, a.y - b.y);

describe('symmetricEigen', () => {
	it('diagonalises a symmetric matrix (by hand: [[2,1],[1,2]] has 3 and 1)', () => {
		const { values, vectors } = symmetricEigen([
			[2, 1],
			[1, 2]
		]);
		expect([...values].sort()).toEqual([1, 3].map((x) => expect.closeTo(x, 12)));
		const i = values[0]! > values[1]! ? 0 : 1;
		expect(Math.abs(vectors[0]![i]!)).toBeCloseTo(Math.SQRT1_2, 12);
		expect(Math.abs(vectors[1]![i]!)).toBeCloseTo(Math.SQRT1_2, 12);
	});
});

describe('projectUpdates (PCA)', () => {
	it('keeps every distance when the updates already lie in a plane (here of 4-D space)', () => {
		const pts = [f(1, 0, 2, 0), f(-1, 0, 2, 0), f(0, 3, 2, 0), f(0, -1, 2, 0), f(2, 2, 2, 0)];
		const extra = [f(0.5, 0.5, 2, 0)];
		const p = projectUpdates(pts, extra, createRng(1));
		for (let a = 0; a < pts.length; a++)
			for (let b = a + 1; b < pts.length; b++) {
				const d = Math.hypot(...Array.from(pts[a]!, (x, i) => x - pts[b]![i]!));
				expect(dist(p.points[a]!, p.points[b]!)).toBeCloseTo(d, 4);
			}
		const d0 = Math.hypot(0.5, 0.5);
		expect(dist(p.extras[0]!, p.points[0]!)).toBeCloseTo(Math.hypot(0.5, -0.5), 4);
		expect(p.explained[0] + p.explained[1]).toBeCloseTo(1, 6);
		// coordinates are measured from the zero vector, whose foot on the plane is (0, 0, 2, 0)
		expect(dist({ x: 0, y: 0 }, p.extras[0]!)).toBeCloseTo(d0, 4);
	});

	it('puts the main spread on x, "no change" at (0, 0) and the majority to the right', () => {
		const honest = [f(1, 0.1, 0), f(1.1, -0.1, 0), f(0.9, 0, 0.1)];
		const flipped = [f(-4, -0.4, 0), f(-4.4, 0.4, 0)];
		const p = projectUpdates([...flipped, ...honest], [f(0, 0, 0)], createRng(1));
		expect(p.extras[0]).toEqual({ x: 0, y: 0 });
		for (const a of p.points.slice(0, 2)) expect(a.x).toBeLessThan(-3.9);
		for (const h of p.points.slice(2)) expect(h.x).toBeGreaterThan(0.8);
		expect(p.explained[0]).toBeGreaterThan(0.95);
	});

	it('copes with degenerate input: nothing, one point, identical points', () => {
		expect(projectUpdates([], [f(1)], createRng(1)).extras).toEqual([{ x: 0, y: 0 }]);
		const one = projectUpdates([f(3, 4)], [], createRng(1));
		expect(one.points).toEqual([{ x: 0, y: 0 }]);
		const same = projectUpdates([f(1, 1), f(1, 1)], [f(2, 2)], createRng(1));
		expect(same.points.every((q) => q.x === 0 && q.y === 0)).toBe(true);
	});

	it('fits on a seeded sample when there are many updates, and projects them all', () => {
		const rng = createRng(9);
		const pts = Array.from({ length: 100 }, () => f(rng.normal() * 3, rng.normal(), 0));
		const a = projectUpdates(pts, [], createRng(2), 16);
		expect(a.points).toHaveLength(100);
		expect(projectUpdates(pts, [], createRng(2), 16)).toEqual(a);
		const spreadX = Math.max(...a.points.map((q) => Math.abs(q.x)));
		const spreadY = Math.max(...a.points.map((q) => Math.abs(q.y)));
		expect(spreadX).toBeGreaterThan(spreadY);
	});
});
