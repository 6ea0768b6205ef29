import { describe, expect, it } from 'vitest';
import { runFake } from '../testing/sim-harness';
import { l2, updateFigures } from './update-figures';

const f = (...x: number[]) => Float32Array.from(x);

describe('updateFigures', () => {
	it('norms and distances to the n_k-weighted mean, by hand', () => {
		// sent (3, 4) n = 1, (0, 0) n = 3: mean (0.75, 1); client 2 an attacker that trained (0, 1)
		const out = updateFigures({
			clients: [5, 2],
			sent: [f(3, 4), f(0, 0)],
			trained: [f(3, 4), f(0, 1)],
			samples: [1, 3],
			finite: [true, true],
			byzantine: [false, true]
		});
		expect(out[0]).toEqual({ client: 5, norm: 5, distance: Math.hypot(2.25, 3) });
		expect(out[1]).toEqual({ client: 2, norm: 0, distance: Math.hypot(0.75, 1), trainedNorm: 1 });
	});

	it('a non-finite update has a norm but no distance, and stays out of the mean', () => {
		const out = updateFigures({
			clients: [0, 1, 2],
			sent: [f(1, 0), f(NaN, 0), f(3, 0)],
			trained: [f(1, 0), f(1, 0), f(3, 0)],
			samples: [1, 1, 1],
			finite: [true, false, true],
			byzantine: [false, false, false]
		});
		expect(out.map((o) => o.distance)).toEqual([1, undefined, 1]);
		expect(out[1]?.norm).toBeNaN();
	});

	it('l2', () => {
		expect(l2(f(1, 2, 2))).toBe(3);
		expect(l2(f())).toBe(0);
	});
});

describe('the aggregated event in a run', () => {
	it('carries every received update’s figures; a sign-flip attacker sends 4× the norm it trained', async () => {
		const run = await runFake({
			clients: 10,
			rounds: 2,
			algorithm: { kind: 'fedavg', clientFraction: 1 },
			aggregator: { kind: 'median' },
			byzantine: { fraction: 0.2, attack: { kind: 'signFlip', scale: 4 } }
		});
		const setup = run.of('setup')[0];
		const byz = new Set(setup?.clients.filter((c) => c.byzantine).map((c) => c.id));
		expect(byz.size).toBe(2);
		for (const a of run.of('aggregated')) {
			expect(a.attack).toEqual({ kind: 'signFlip', params: { scale: 4 } });
			expect(a.updates?.map((u) => u.client)).toEqual(a.contributors);
			for (const u of a.updates ?? []) {
				expect(u.distance).toBeGreaterThanOrEqual(0);
				if (byz.has(u.client)) expect(u.norm).toBeCloseTo(4 * (u.trainedNorm as number), 5);
				else expect(u.trainedNorm).toBeUndefined();
			}
		}
	});

	it('no attacker in the run: figures, no attack', async () => {
		const run = await runFake({ clients: 4, rounds: 1, algorithm: { kind: 'fedavg' } });
		const [a] = run.of('aggregated');
		expect(a?.attack).toBeUndefined();
		expect(a?.updates).toHaveLength(a?.contributors.length ?? -1);
	});
});
