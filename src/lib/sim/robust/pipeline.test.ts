/** The pipeline preAggregate → rule in the robust round, and its preconditions in a scenario. */
import { describe, expect, it } from 'vitest';
import type { ClientUpdate } from './aggregate/types';
import { checkByzantine } from './checks';
import { robustRound, type RobustRoundInput } from './round';
import { createRng } from '../core/rng';
import { parseScenario, scenarioOrThrow, type ScenarioInput } from '../scenario';

const f = (...x: number[]) => Float32Array.from(x);
const g = f(1, 2);
// every honest client moves the model by (0.5, −0.25); clients 2, 5, 7 are Byzantine
const updates: ClientUpdate[] = Array.from({ length: 10 }, (_, client) => ({
	client,
	weights: f(1.5, 1.75),
	samples: 100
}));
const byzantine = new Set([2, 5, 7]);

function round(over: Partial<RobustRoundInput>) {
	const root = createRng(42);
	return robustRound({
		global: g,
		updates,
		isByzantine: (k) => byzantine.has(k),
		byzantineTotal: byzantine.size,
		attack: { kind: 'signFlip', scale: 4 },
		aggregator: { kind: 'mean' },
		rng: (purpose) => root.fork(purpose),
		round: 1,
		project: false,
		...over
	});
}

describe('preAggregate → rule', () => {
	it('"none" leaves the mean path untouched (FedAvg verbatim)', () => {
		const a = round({});
		const b = round({ preAggregate: { kind: 'none' } });
		expect(Array.from(b.global)).toEqual(Array.from(a.global));
		expect(Array.from(a.global)).toEqual([0.75, 2.125]);
	});

	it('NNM (f = 3) + median: every mixed vector is mostly honest, the model takes the honest step', () => {
		const r = round({ preAggregate: { kind: 'nnm' }, aggregator: { kind: 'median' } });
		expect(Array.from(r.global)).toEqual([1.5, 1.75]);
	});

	it('clip τ = 0.5 in front of the mean: the attackers pull with at most 0.5 each, and the norms are reported', () => {
		// honest ‖(0.5, −0.25)‖ = 0.559 → clipped to 0.5; attackers (−2, 1) → 0.5 backwards.
		// mean = 0.7·0.5·u − 0.3·0.5·u = 0.2·u with u the honest direction: (0.0894…, −0.0447…)
		const r = round({ preAggregate: { kind: 'clip', threshold: 0.5 } });
		const u = [0.5, -0.25].map((x) => x / Math.hypot(0.5, 0.25));
		expect(r.global[0]).toBeCloseTo(1 + 0.2 * (u[0] as number), 6);
		expect(r.global[1]).toBeCloseTo(2 + 0.2 * (u[1] as number), 6);
		expect(r.why[0]?.measure).toMatch(/norm before clipping/);
		expect(r.why[0]?.values.find((v) => v.client === 2)?.value).toBeCloseTo(Math.hypot(2, 1), 6);
	});

	it('bucketing maps the rule’s exclusions back to every client of the bucket', () => {
		const r = round({
			preAggregate: { kind: 'bucketing', size: 2 },
			aggregator: { kind: 'krum', f: 1 }
		});
		// Krum keeps one of the five buckets: the other four (eight clients) are discarded
		expect(r.discarded).toHaveLength(8);
		expect(r.why[0]?.values).toHaveLength(10);
	});

	it('Krum reports a score per client in the aggregated event data', () => {
		const r = round({ aggregator: { kind: 'krum' } });
		expect(r.why[0]?.measure).toMatch(/Krum score/);
		const score = (k: number) => r.why[0]?.values.find((v) => v.client === k)?.value ?? 0;
		expect(score(2)).toBeGreaterThan(score(0));
	});
});

describe('scenario preconditions of the new rules', () => {
	const base = (over: Partial<ScenarioInput>): ScenarioInput => ({
		clients: 10,
		algorithm: { kind: 'fedavg', clientFraction: 1 },
		byzantine: { fraction: 0.2, attack: { kind: 'signFlip' } },
		...over
	});

	it('Bulyan refuses n < 4f + 3 and names the field', () => {
		const r = parseScenario(base({ aggregator: { kind: 'bulyan' } }));
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.errors.join('\n')).toMatch(
				/byzantine\.fraction: Bulyan needs n ≥ 4f \+ 3.*n = 10 and f = 2/
			);
		expect(
			parseScenario(base({ aggregator: { kind: 'bulyan' }, byzantine: { fraction: 0.1 } })).ok
		).toBe(true);
	});

	it('after bucketing the rule is checked on ⌈n/s⌉ inputs', () => {
		// 10 clients, buckets of 2: Krum sees 5 bucket means with f = 2: 5 ≤ 2·2 + 2
		const r = parseScenario(
			base({ aggregator: { kind: 'krum' }, preAggregate: { kind: 'bucketing', size: 2 } })
		);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toMatch(/n = 5 and f = 2/);
	});

	it('a backdoor needs images', () => {
		const s = scenarioOrThrow(base({}));
		const c = checkByzantine({
			...s,
			dataset: 'blobs',
			byzantine: {
				...s.byzantine,
				attack: { kind: 'backdoor', target: 0, poisonFraction: 0.5, boost: 1 }
			}
		});
		expect(c.errors.join('\n')).toMatch(/byzantine\.attack: the backdoor .* "mnist"/);
	});

	it('bad pre-aggregation input names the field', () => {
		const r = parseScenario({ preAggregate: { kind: 'bucketing', size: 0 } });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatch(/^preAggregate\.size/);
	});
});
