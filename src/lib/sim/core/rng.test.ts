import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('createRng', () => {
	it('repeats for a seed and differs across seeds and forks', () => {
		const a = Array.from({ length: 5 }, createRng(1).next);
		expect(Array.from({ length: 5 }, createRng(1).next)).toEqual(a);
		expect(Array.from({ length: 5 }, createRng(2).next)).not.toEqual(a);
		const r = createRng(1);
		expect(r.fork('x').next()).toBe(createRng(1).fork('x').next());
		expect(r.fork('x').next()).not.toBe(r.fork('y').next());
	});

	it('draws sensible distributions', () => {
		const r = createRng(3);
		const n = 20000;
		const xs = Array.from({ length: n }, () => r.normal());
		const mean = xs.reduce((a, b) => a + b, 0) / n;
		const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
		expect(Math.abs(mean)).toBeLessThan(0.03);
		expect(Math.abs(sd - 1)).toBeLessThan(0.03);
		const g = Array.from({ length: n }, () => r.gamma(2.5));
		expect(Math.abs(g.reduce((a, b) => a + b, 0) / n - 2.5)).toBeLessThan(0.08);
		const d = r.dirichlet(0.5, 10);
		expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
		expect(new Set(r.sample(10, 10)).size).toBe(10);
	});
});
