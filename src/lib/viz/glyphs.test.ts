import { describe, expect, it } from 'vitest';
import { histogramGlyph, particleRadius, progressArc } from './glyphs';

describe('histogramGlyph', () => {
	it('draws bars inside the node, the largest class full height', () => {
		const r = 20;
		const g = histogramGlyph([10, 0, 5, 0, 0, 0, 0, 0, 0, 20], r);
		if (g.kind !== 'bars') throw new Error('expected bars');
		expect(g.bars).toHaveLength(10);
		const [b0, b1, b2] = g.bars;
		const b9 = g.bars[9]!;
		expect(b9.height).toBeCloseTo(1.05 * r, 9);
		expect(b0!.height).toBeCloseTo(b9.height / 2, 9);
		expect(b2!.height).toBeCloseTo(b9.height / 4, 9);
		expect(b1!.height).toBe(0);
		for (const b of g.bars) {
			// every corner of every bar lies inside the node's disc
			for (const [x, y] of [
				[b.x, b.y],
				[b.x + b.width, b.y],
				[b.x, b.y + b.height],
				[b.x + b.width, b.y + b.height]
			] as const)
				expect(Math.hypot(x, y)).toBeLessThan(r);
			expect(b.y + b.height).toBeCloseTo(g.baseline, 9);
		}
		expect(b1!.x).toBeGreaterThan(b0!.x + b0!.width - 1e-9);
	});

	it('gives a tiny but visible bar to a class with few samples', () => {
		const g = histogramGlyph([1000, 1], 20);
		expect(g.kind === 'bars' && g.bars[1]!.height).toBe(0.8);
	});

	it('draws a pie for small nodes, one slice per present class', () => {
		const g = histogramGlyph([3, 0, 1, 0], 6);
		expect(g.kind).toBe('pie');
		if (g.kind !== 'pie') return;
		expect(g.slices.map((s) => s.label)).toEqual([0, 2]);
		for (const s of g.slices) expect(s.d).toMatch(/^M/);
		expect(histogramGlyph([0, 0], 6)).toEqual({ kind: 'pie', slices: [] });
	});
});

describe('progressArc and particleRadius', () => {
	it('draws nothing at 0 and a full ring at 1', () => {
		expect(progressArc(10, 0)).not.toMatch(/A/);
		expect(progressArc(10, 1)).toMatch(/A/);
		expect(progressArc(10, 2)).toBe(progressArc(10, 1));
	});

	it('grows with the log of the bytes and is clamped', () => {
		const r = (b: number) => particleRadius(b, 20);
		expect(r(1e3)).toBeLessThan(r(1e6));
		expect(r(1e6) - r(1e3)).toBeCloseTo(r(1e7) - r(1e4), 9);
		expect(r(1)).toBe(2.5);
		expect(r(1e12)).toBe(9);
		expect(particleRadius(1e6, 4)).toBeLessThan(r(1e6));
	});
});
