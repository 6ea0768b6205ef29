import { describe, expect, it } from 'vitest';
import { geometricMedian } from './geometric-median';

const f = (...x: number[]) => Float32Array.from(x);

describe('geometricMedian (Weiszfeld)', () => {
	it('converges to the centre of a symmetric set (equilateral triangle around (2, -1))', () => {
		const c = [2, -1];
		const pts = [90, 210, 330].map((deg) => {
			const a = (deg * Math.PI) / 180;
			return f((c[0] as number) + 3 * Math.cos(a), (c[1] as number) + 3 * Math.sin(a));
		});
		// the coordinate-wise median start is (2, -2.5): Weiszfeld has to walk
		const r = geometricMedian(pts);
		expect(r.converged).toBe(true);
		expect(r.iterations).toBeGreaterThan(1);
		expect(r.median[0]).toBeCloseTo(2, 5);
		expect(r.median[1]).toBeCloseTo(-1, 5);
	});

	it('finds the Fermat point of the right triangle (0,0), (1,0), (0,1): a = (3 − √3)/6', () => {
		// the start (0, 0) is a data point: the Vardi–Zhang step moves off it
		const r = geometricMedian([f(0, 0), f(1, 0), f(0, 1)]);
		const a = (3 - Math.sqrt(3)) / 6;
		expect(r.converged).toBe(true);
		expect(r.median[0]).toBeCloseTo(a, 5);
		expect(r.median[1]).toBeCloseTo(a, 5);
	});

	it('stops on a data point that is the median (collinear 0, 1, 10 → 1)', () => {
		const r = geometricMedian([f(0), f(1), f(10)]);
		expect(Array.from(r.median)).toEqual([1]);
		expect(r.converged).toBe(true);
	});

	it('moves a bounded amount however far an outlier goes, unlike the mean', () => {
		const square = [f(1, 1), f(-1, 1), f(-1, -1), f(1, -1)];
		const near = geometricMedian([...square, f(1e3, 1e3)]).median;
		const far = geometricMedian([...square, f(1e6, 1e6)]).median;
		expect(Math.hypot(far[0] as number, far[1] as number)).toBeLessThan(1); // inside the square
		expect(Math.abs((far[0] as number) - (near[0] as number))).toBeLessThan(1e-2);
	});

	it('handles identical points and pairs', () => {
		expect(Array.from(geometricMedian([f(3, 4), f(3, 4), f(3, 4)]).median)).toEqual([3, 4]);
		expect(Array.from(geometricMedian([f(0, 0), f(2, 4)]).median)).toEqual([1, 2]);
	});
});
