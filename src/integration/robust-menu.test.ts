/**
 * The newer robust rules, pre-aggregation and the backdoor attack with real tfjs training on MNIST
 * (wasm backend). Kept as small as still shows each effect: MLP [64], IID, 10 clients, 4–5 rounds.
 * The mean's collapse under the same sign flip is in byzantine.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { scenarioOrThrow } from '../lib/sim/scenario';
import { mnistFedAvg as mnist, runScenario as run } from './mnist-run';

beforeAll(async () => {
	await initNodeBackend('wasm');
});

const signFlip = { fraction: 0.3, attack: { kind: 'signFlip', scale: 4 } } as const;

describe('30% sign flip ×4 on MNIST (mean < 0.5: see byzantine.test.ts)', () => {
	it.each([
		{ name: 'centered clipping (τ = 1)', aggregator: { kind: 'centeredClipping', tau: 1 } },
		{ name: 'FLTrust (100 root digits)', aggregator: { kind: 'fltrust' } },
		{ name: 'NNM + median', aggregator: { kind: 'median' }, preAggregate: { kind: 'nnm' } }
	] as const)(
		'$name keeps accuracy ≥ 0.85 after 4 rounds',
		async ({ name: _name, aggregator, ...rest }) => {
			const { metrics, of } = await run(mnist({ byzantine: signFlip, aggregator, ...rest }, 4));
			expect(metrics).toHaveLength(4);
			expect(metrics.at(-1)?.accuracy as number).toBeGreaterThanOrEqual(0.85);
			const agg = of('aggregated');
			expect(agg.every((e) => e.rule === aggregator.kind)).toBe(true);
			if (aggregator.kind === 'fltrust') {
				// the sign flippers point against the server's own update: trust 0
				const byz = new Set(
					of('setup')[0]
						?.clients.filter((c) => c.byzantine)
						.map((c) => c.id)
				);
				for (const e of agg)
					for (const v of e.why?.[0]?.values ?? []) if (byz.has(v.client)) expect(v.value).toBe(0);
			}
		}
	);

	it('Bulyan keeps accuracy ≥ 0.85 at 20% (3 of 15): at 30% its n ≥ 4f + 3 cannot hold', async () => {
		expect(() =>
			scenarioOrThrow(mnist({ byzantine: signFlip, aggregator: { kind: 'bulyan' } }, 4))
		).toThrow(/Bulyan needs n ≥ 4f \+ 3/);
		const { metrics, of } = await run(
			mnist(
				{ clients: 15, byzantine: { ...signFlip, fraction: 0.2 }, aggregator: { kind: 'bulyan' } },
				4
			)
		);
		expect(metrics.at(-1)?.accuracy as number).toBeGreaterThanOrEqual(0.85);
		// Krum's stage keeps θ = n − 2f = 9 of 15
		for (const e of of('aggregated')) expect(e.discarded).toHaveLength(6);
	});
});

describe('backdoor (2 of 10 clients, half their digits triggered → 0, update boosted ×3)', () => {
	const backdoor = {
		fraction: 0.2,
		attack: { kind: 'backdoor', target: 0, poisonFraction: 0.5, boost: 3 }
	} as const;

	it('the mean learns it stealthily: attack success ≥ 0.8 with clean accuracy ≥ 0.85', async () => {
		const { metrics } = await run(mnist({ byzantine: backdoor }, 5));
		expect(metrics.every((m) => m.attackSuccess !== undefined)).toBe(true);
		expect(metrics.at(-1)?.attackSuccess as number).toBeGreaterThanOrEqual(0.8);
		expect(metrics.at(-1)?.accuracy as number).toBeGreaterThanOrEqual(0.85);
	});

	it('norm clipping (τ = 1) cuts the attack success below 0.5 and says which norms it clipped', async () => {
		const { metrics, of } = await run(
			mnist({ byzantine: backdoor, aggregator: { kind: 'normClip', threshold: 1 } }, 5)
		);
		expect(metrics.at(-1)?.attackSuccess as number).toBeLessThan(0.5);
		expect(metrics.at(-1)?.accuracy as number).toBeGreaterThanOrEqual(0.85);
		const why = of('aggregated')[0]?.why?.[0];
		expect(why?.measure).toMatch(/norm before clipping/);
		expect(why?.values).toHaveLength(10);
	});
});
