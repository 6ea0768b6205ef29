import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { clipToNorm, l2Norm } from './clip';
import { centralNoiseStd, localNoiseStd, privatizeDeltas } from './dp-fedavg';

describe('clipping', () => {
	it('scales a vector outside the ball onto it and leaves one inside untouched', () => {
		const v = new Float32Array([3, 4]);
		expect([...clipToNorm(v, 1).clipped]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
		expect(clipToNorm(v, 5).clipped).toBe(v);
		expect(clipToNorm(v, Infinity).clipped).toBe(v);
		expect(l2Norm(v)).toBe(5);
	});
});

describe('DP-FedAvg noise', () => {
	it('S = ∞ and σ = 0 return the very same arrays (FedAvg bit for bit)', () => {
		const d = [new Float32Array([1, -2]), new Float32Array([1e6, 3])];
		const r = privatizeDeltas(d, { mode: 'central', clip: Infinity, noiseMultiplier: 0 }, () =>
			createRng(1)
		);
		expect(r.deltas[0]).toBe(d[0]);
		expect(r.deltas[1]).toBe(d[1]);
		expect(r.clipped).toEqual([false, false]);
		expect(centralNoiseStd({ mode: 'central', clip: Infinity, noiseMultiplier: 0 }, [1, 2])).toBe(
			0
		);
	});

	it('central noise is σ·S·max n_k/Σn_k: σ·S/m with equal shards', () => {
		const dp = { mode: 'central', clip: 2, noiseMultiplier: 1.5 } as const;
		expect(centralNoiseStd(dp, [10, 10, 10, 10])).toBeCloseTo(0.75, 12);
		expect(centralNoiseStd(dp, [10, 30])).toBeCloseTo(2.25, 12);
		expect(centralNoiseStd({ ...dp, mode: 'local' }, [10, 10])).toBe(0);
	});

	it('local DP: each client adds N(0, (σS)²) of its own (empirical std within 3%)', () => {
		const dp = { mode: 'local', clip: 1, noiseMultiplier: 2 } as const;
		expect(localNoiseStd(dp)).toBe(2);
		const zero = new Float32Array(20_000);
		const r = privatizeDeltas([zero], dp, () => createRng(3));
		const x = r.deltas[0] as Float32Array;
		const std = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / x.length);
		expect(Math.abs(std - 2) / 2).toBeLessThan(0.03);
	});
});
