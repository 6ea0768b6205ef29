import { describe, expect, it } from 'vitest';
import { DRIFT_CLIENTS, DRIFT_START } from '$lib/sim/optimize/toy-drift';
import { boundsOf, driftFigure, driftScales, pathThrough } from './drift-figure';

const box = { width: 220, height: 120, pad: 10 };

describe('drift figure geometry', () => {
	it('bounds with margin and equal, centred, upward scales (by hand)', () => {
		const b = boundsOf(
			[
				[0, 0],
				[2, 1]
			],
			0
		);
		expect(b).toEqual({ minX: 0, maxX: 2, minY: 0, maxY: 1 });
		// inner 200 × 100; k = min(200/2, 100/1) = 100; both fit exactly
		const s = driftScales(box, b);
		expect([s.x(0), s.x(2), s.y(0), s.y(1)]).toEqual([10, 210, 110, 10]);
		// a square region in a wide box is centred horizontally
		const q = driftScales(box, { minX: 0, maxX: 1, minY: 0, maxY: 1 });
		expect([q.x(0), q.x(1), q.y(0), q.y(1)]).toEqual([60, 160, 110, 10]);
		expect(
			pathThrough(
				[
					[0, 0],
					[1, 1]
				],
				q
			)
		).toBe('M60,110 L160,10');
		expect(() => boundsOf([])).toThrow(/no points/);
	});

	it('computes each method live: FedAvg ends away from w*, SCAFFOLD on it, everything inside the box', () => {
		const fig = driftFigure({
			clients: DRIFT_CLIENTS,
			start: DRIFT_START,
			methods: ['fedavg', 'fedprox', 'scaffold'],
			localSteps: 5,
			lr: 0.1,
			rounds: 200,
			mu: 3,
			box: { width: 400, height: 300, pad: 20 }
		});
		const [avg, prox, sc] = [fig.traces[0]!, fig.traces[1]!, fig.traces[2]!];
		expect(avg.gap).toBeGreaterThan(0.2);
		expect(prox.gap).toBeLessThan(avg.gap);
		expect(sc.gap).toBeLessThan(1e-6);
		expect(Math.hypot(sc.end.x - fig.optimum.x, sc.end.y - fig.optimum.y)).toBeLessThan(0.01);
		expect(avg.firstLocal).toHaveLength(3);
		expect(new Set(fig.traces.map((t) => t.dash)).size).toBe(3);
		expect(new Set(fig.traces.map((t) => t.marker)).size).toBe(3);
		for (const p of [...fig.clients, fig.optimum, fig.start, ...fig.traces.map((t) => t.end)]) {
			expect(p.x).toBeGreaterThanOrEqual(20);
			expect(p.x).toBeLessThanOrEqual(380);
			expect(p.y).toBeGreaterThanOrEqual(20);
			expect(p.y).toBeLessThanOrEqual(280);
		}
		// E = 1: all three methods are gradient descent on the mean, and end together
		const one = driftFigure({
			clients: DRIFT_CLIENTS,
			start: DRIFT_START,
			methods: ['fedavg', 'scaffold'],
			localSteps: 1,
			lr: 0.1,
			rounds: 300,
			mu: 3,
			box
		});
		expect(one.traces[0]!.gap).toBeLessThan(1e-6);
		expect(one.traces[1]!.gap).toBeLessThan(1e-6);
	});
});
