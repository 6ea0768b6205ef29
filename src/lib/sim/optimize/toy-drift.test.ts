import { describe, expect, it } from 'vitest';
import {
	DRIFT_CLIENTS,
	DRIFT_START,
	globalLoss,
	globalOptimum,
	runToyDrift,
	type ToyClient,
	type Vec2
} from './toy-drift';

const dist = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

// Two clients by hand: A_1 = diag(4, 1), a_1 = (0, 0); A_2 = diag(1, 4), a_2 = (3, 3).
// Σ A_i = diag(5, 5), Σ A_i a_i = (0, 0) + (3, 12) → w* = (0.6, 2.4).
const TWO: ToyClient[] = [
	{ optimum: [0, 0], curvature: { xx: 4, xy: 0, yy: 1 } },
	{ optimum: [3, 3], curvature: { xx: 1, xy: 0, yy: 4 } }
];

describe('toy drift problem', () => {
	it('global optimum in closed form (hand-computed)', () => {
		const w = globalOptimum(TWO);
		expect(w[0]).toBeCloseTo(0.6, 12);
		expect(w[1]).toBeCloseTo(2.4, 12);
		// it is a minimum of F: any small move raises the loss
		const f = globalLoss(TWO, w);
		for (const d of [
			[1e-3, 0],
			[0, 1e-3],
			[-1e-3, 1e-3]
		] as const)
			expect(globalLoss(TWO, [w[0] + d[0], w[1] + d[1]])).toBeGreaterThan(f);
	});

	it('one round of FedAvg with E = 1 is one gradient step on the mean objective (by hand)', () => {
		// from (1, 1): ∇f_1 = (4, 1), ∇f_2 = (−2, −8); mean (1, −3.5); η = 0.1 → (0.9, 1.35)
		const r = runToyDrift(TWO, {
			method: 'fedavg',
			localSteps: 1,
			lr: 0.1,
			rounds: 1,
			start: [1, 1]
		});
		expect(r.global[1]![0]).toBeCloseTo(0.9, 12);
		expect(r.global[1]![1]).toBeCloseTo(1.35, 12);
		expect(r.local[0]!.map((p) => p.length)).toEqual([2, 2]);
		// and over many rounds it is gradient descent on F: same points as GD, converging to w*
		const run = runToyDrift(DRIFT_CLIENTS, {
			method: 'fedavg',
			localSteps: 1,
			lr: 0.1,
			rounds: 200,
			start: DRIFT_START
		});
		let w: Vec2 = DRIFT_START;
		for (let t = 0; t < 200; t++) {
			let g: Vec2 = [0, 0];
			for (const c of DRIFT_CLIENTS) {
				const d: Vec2 = [w[0] - c.optimum[0], w[1] - c.optimum[1]];
				g = [
					g[0] + (c.curvature.xx * d[0] + c.curvature.xy * d[1]) / DRIFT_CLIENTS.length,
					g[1] + (c.curvature.xy * d[0] + c.curvature.yy * d[1]) / DRIFT_CLIENTS.length
				];
			}
			w = [w[0] - 0.1 * g[0], w[1] - 0.1 * g[1]];
			expect(dist(run.global[t + 1]!, w)).toBeLessThan(1e-12);
		}
		expect(dist(w, globalOptimum(DRIFT_CLIENTS))).toBeLessThan(1e-6);
	});

	it('FedAvg with E = 5 settles away from w* (client drift); SCAFFOLD reaches w* within 1e-6', () => {
		const opts = { localSteps: 5, lr: 0.1, rounds: 300, start: DRIFT_START } as const;
		const star = globalOptimum(DRIFT_CLIENTS);
		const avg = runToyDrift(DRIFT_CLIENTS, { ...opts, method: 'fedavg' });
		const end = avg.global.at(-1)!;
		// it has converged (stopped moving) …
		expect(dist(end, avg.global.at(-2)!)).toBeLessThan(1e-9);
		// … to the wrong point
		expect(dist(end, star)).toBeGreaterThan(0.2);
		const sc = runToyDrift(DRIFT_CLIENTS, { ...opts, method: 'scaffold' });
		expect(dist(sc.global.at(-1)!, star)).toBeLessThan(1e-6);
		// the hand-checked two-client case too
		const sc2 = runToyDrift(TWO, { ...opts, start: [3, -1], method: 'scaffold' });
		expect(dist(sc2.global.at(-1)!, [0.6, 2.4])).toBeLessThan(1e-6);
		const avg2 = runToyDrift(TWO, { ...opts, start: [3, -1], method: 'fedavg' });
		expect(dist(avg2.global.at(-1)!, [0.6, 2.4])).toBeGreaterThan(0.1);
	});

	it('the drift grows with E', () => {
		const star = globalOptimum(DRIFT_CLIENTS);
		const gap = (E: number) =>
			dist(
				runToyDrift(DRIFT_CLIENTS, {
					method: 'fedavg',
					localSteps: E,
					lr: 0.1,
					rounds: 300,
					start: DRIFT_START
				}).global.at(-1)!,
				star
			);
		expect(gap(2)).toBeLessThan(gap(5));
		expect(gap(5)).toBeLessThan(gap(10));
	});

	it('FedProx with large μ lands closer to w* than FedAvg; μ = 0 is FedAvg exactly', () => {
		const opts = { localSteps: 10, lr: 0.1, rounds: 300, start: DRIFT_START } as const;
		const star = globalOptimum(DRIFT_CLIENTS);
		const avg = runToyDrift(DRIFT_CLIENTS, { ...opts, method: 'fedavg' });
		const prox = runToyDrift(DRIFT_CLIENTS, { ...opts, method: 'fedprox', mu: 5 });
		expect(dist(prox.global.at(-1)!, star)).toBeLessThan(dist(avg.global.at(-1)!, star) / 2);
		const prox0 = runToyDrift(DRIFT_CLIENTS, { ...opts, method: 'fedprox', mu: 0 });
		expect(prox0).toEqual(avg);
	});

	it('SCAFFOLD option II control variate after one round (by hand)', () => {
		// one client ½‖w − a‖², a = (0, 0), E = 2, η = 0.5, from x = (4, 0): y = 2, 1 → c⁺ = (4 − 1)/1 = 3;
		// round 2 starts with c = c_1 = 3, correction 0: y = 0.5, 0.25 → x = 0.25 (one client: no drift).
		const one: ToyClient[] = [{ optimum: [0, 0], curvature: { xx: 1, xy: 0, yy: 1 } }];
		const r = runToyDrift(one, {
			method: 'scaffold',
			localSteps: 2,
			lr: 0.5,
			rounds: 2,
			start: [4, 0]
		});
		expect(r.local[0]![0]).toEqual([
			[4, 0],
			[2, 0],
			[1, 0]
		]);
		expect(r.global[2]).toEqual([0.25, 0]);
	});

	it('refuses bad input naming the field', () => {
		const o = { method: 'fedavg', localSteps: 1, lr: 0.1, rounds: 1, start: [0, 0] } as const;
		expect(() => runToyDrift(TWO, { ...o, localSteps: 0 })).toThrow(/localSteps/);
		expect(() => runToyDrift(TWO, { ...o, lr: 0 })).toThrow(/lr/);
		expect(() => runToyDrift([{ optimum: [0, 0], curvature: { xx: 1, xy: 2, yy: 1 } }], o)).toThrow(
			/clients\[0\]\.curvature/
		);
	});
});
