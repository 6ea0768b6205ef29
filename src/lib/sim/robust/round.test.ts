import { describe, expect, it } from 'vitest';
import { meanAggregate } from './aggregate/mean';
import type { ClientUpdate } from './aggregate/types';
import { VIEW_COORDINATES, robustRound, type RobustRoundInput } from './round';
import { createRng } from '../core/rng';
import type { AggregatorSpec, AttackSpec } from '../scenario';

const f = (...x: number[]) => Float32Array.from(x);
// global (1, 2); every honest client moves it by h = (0.5, −0.25) (exact in float32)
const g = f(1, 2);
const honestModel = f(1.5, 1.75);
const updates: ClientUpdate[] = Array.from({ length: 10 }, (_, client) => ({
	client,
	weights: honestModel,
	samples: 100
}));
const byzantine = new Set([2, 5, 7]);

function round(
	aggregator: AggregatorSpec,
	attack: AttackSpec = { kind: 'signFlip', scale: 4 },
	over: Partial<RobustRoundInput> = {}
) {
	const root = createRng(42);
	return robustRound({
		global: g,
		updates,
		isByzantine: (k) => byzantine.has(k),
		byzantineTotal: byzantine.size,
		attack,
		aggregator,
		rng: (purpose) => root.fork(purpose),
		round: 1,
		project: false,
		...over
	});
}

describe('robustRound', () => {
	it('with nobody attacking, the mean is FedAvg bit for bit', () => {
		const odd: ClientUpdate[] = [
			{ client: 0, weights: f(0.1, -3.3), samples: 7 },
			{ client: 1, weights: f(0.7, 1e-3), samples: 2 },
			{ client: 4, weights: f(-0.2, 0.3), samples: 5 }
		];
		const r = round({ kind: 'mean' }, undefined, { updates: odd, isByzantine: () => false });
		expect(r.global).toEqual(meanAggregate(odd));
		expect(r).toMatchObject({ rule: 'mean', discarded: [], nonFinite: [] });
	});

	it('30% sign flip ×4 turns the mean backwards: 1 − 0.3 − 4·0.3 = −0.5 of the honest step', () => {
		const r = round({ kind: 'mean' });
		expect(Array.from(r.global)).toEqual([0.75, 2.125]); // (1, 2) − 0.5·(0.5, −0.25)
		expect(Array.from(r.sent[2] as Float32Array)).toEqual([-2, 1]);
		expect(Array.from(r.sent[0] as Float32Array)).toEqual([0.5, -0.25]);
	});

	it.each([
		{ kind: 'median' },
		{ kind: 'trimmedMean', beta: 0.3 },
		{ kind: 'krum' },
		{ kind: 'multiKrum' },
		{ kind: 'geometricMedian' },
		{ kind: 'medianOfMeans', groups: 7, inner: 'geometric' },
		{ kind: 'medianOfMeans', groups: 7, inner: 'coordinate' }
	] as const)('$kind keeps the honest step under the same attack', (spec) => {
		const r = round(spec);
		expect(r.global[0]).toBeCloseTo(1.5, 5);
		expect(r.global[1]).toBeCloseTo(1.75, 5);
		expect(r.rule).toBe(spec.kind);
	});

	it('Krum reports the updates it left out; Multi-Krum keeps n − f of them', () => {
		const k = round({ kind: 'krum' });
		expect(k.discarded).toHaveLength(9);
		const m = round({ kind: 'multiKrum' });
		expect(m.discarded).toEqual([2, 5, 7]);
	});

	it('a NaN update makes the mean non-finite (the engine then reports "diverged")', () => {
		const r = round({ kind: 'mean' }, { kind: 'faulty', value: 'nan' });
		expect(r.nonFinite).toEqual([2, 5, 7]);
		expect(r.discarded).toEqual([]);
		expect(Number.isNaN(r.global[0])).toBe(true);
	});

	it.each(['nan', 'infinity'] as const)('robust rules discard %s updates and say so', (value) => {
		const r = round({ kind: 'geometricMedian' }, { kind: 'faulty', value });
		expect(r.nonFinite).toEqual([2, 5, 7]);
		expect(r.discarded).toEqual([2, 5, 7]);
		expect(Array.from(r.global)).toEqual([1.5, 1.75]);
	});

	it('huge finite values are out-voted by the median, and blow up the mean', () => {
		expect(Array.from(round({ kind: 'median' }, { kind: 'faulty', value: 'huge' }).global)).toEqual(
			[1.5, 1.75]
		);
		const mean = round({ kind: 'mean' }, { kind: 'faulty', value: 'huge' }).global;
		expect(Math.abs(mean[0] as number)).toBeGreaterThan(1e28);
	});

	it('the largest float32 values still count as finite (their norm is summed in double)', () => {
		const max = 3.4028234663852886e38;
		const big = [f(max, -max), f(-max, max)].map((weights, client) => ({
			client,
			samples: 1,
			weights
		}));
		const r = round({ kind: 'median' }, undefined, {
			global: f(0, 0),
			updates: big,
			isByzantine: () => false,
			byzantineTotal: 0
		});
		expect(r.nonFinite).toEqual([]);
		for (const x of r.figures) expect(x.norm / (max * Math.SQRT2)).toBeCloseTo(1, 12);
	});

	it('keeps the model when every update is non-finite', () => {
		const r = round(
			{ kind: 'median' },
			{ kind: 'faulty', value: 'nan' },
			{
				isByzantine: () => true,
				byzantineTotal: 10
			}
		);
		expect(Array.from(r.global)).toEqual([1, 2]);
		expect(r.discarded).toHaveLength(10);
	});

	it('label flip sends the training result untouched', () => {
		const r = round({ kind: 'mean' }, { kind: 'labelFlip' });
		expect(Array.from(r.global)).toEqual([1.5, 1.75]);
	});

	it('median of means re-draws its groups each round from the seeded stream', () => {
		// attackers that differ, so different groups give different aggregates
		const spread = updates.map((u, i) => ({ ...u, weights: f(1.5 + 0.01 * i, 1.75 - 0.02 * i) }));
		const spec = { kind: 'medianOfMeans', groups: 3, inner: 'coordinate' } as const;
		const at = (r: number) => round(spec, undefined, { updates: spread, round: r }).global;
		expect(at(1)).toEqual(at(1));
		expect(new Set([1, 2, 3, 4].map((r) => at(r).join())).size).toBeGreaterThan(1);
	});

	it('projects the round: honest cloud, attackers, and where each rule lands', () => {
		const spread = updates.map((u, i) => ({ ...u, weights: f(1.5 + 0.01 * i, 1.75 - 0.01 * i) }));
		const r = round({ kind: 'median' }, undefined, { updates: spread, project: true });
		const p = r.projection;
		expect(p).toBeDefined();
		if (!p) return;
		expect(p.points.map((q) => q.client)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(p.points.filter((q) => q.byzantine).map((q) => q.client)).toEqual([2, 5, 7]);
		const rules = p.aggregates.map((a) => a.rule);
		// Krum (f = 3) and the others fit n = 10; median of means k = 5 fits too (only a warning)
		expect(rules).toEqual([
			'mean',
			'median',
			'trimmedMean',
			'krum',
			'multiKrum',
			'geometricMedian',
			'medianOfMeans'
		]);
		const at = (rule: string) => p.aggregates.find((a) => a.rule === rule) as { x: number };
		const honestX = p.points.filter((q) => !q.byzantine).map((q) => q.x);
		const attackX = p.points.filter((q) => q.byzantine).map((q) => q.x);
		expect(Math.min(...honestX)).toBeGreaterThan(0); // the majority to the right of "no change"
		expect(Math.max(...attackX)).toBeLessThan(0);
		expect(at('mean').x).toBeLessThan(0); // dragged past "no change"
		expect(at('median').x).toBeGreaterThan(Math.min(...honestX) * 0.9);
		expect(at('krum').x).toBeGreaterThan(Math.min(...honestX) * 0.9);
	});

	it('views a large model through a seeded sample of VIEW_COORDINATES coordinates', () => {
		const d = 3 * VIEW_COORDINATES + 17;
		const noise = createRng(5);
		const big = updates.map((u) => ({
			...u,
			weights: Float32Array.from({ length: d }, (_, i) => (i % 7) * 0.01 + 0.002 * noise.normal())
		}));
		const view = (aggregator: AggregatorSpec) =>
			round(aggregator, undefined, { global: new Float32Array(d), updates: big, project: true })
				.projection;
		const p = view({ kind: 'median' });
		expect(p?.coordinates).toBe(VIEW_COORDINATES);
		expect(p?.points).toHaveLength(10);
		const honestX = (p?.points ?? []).filter((q) => !q.byzantine).map((q) => q.x);
		const attackX = (p?.points ?? []).filter((q) => q.byzantine).map((q) => q.x);
		expect(Math.min(...honestX)).toBeGreaterThan(0);
		expect(Math.max(...attackX)).toBeLessThan(0);
		// the chosen rule is shown exactly: with the mean chosen, its point is where the view's own
		// mean (on the sample) lands, because the mean is coordinate-wise
		const m = view({ kind: 'mean' });
		const other = p?.aggregates.find((a) => a.rule === 'mean');
		const chosen = m?.aggregates.find((a) => a.rule === 'mean');
		expect(chosen?.x).toBeCloseTo(other?.x ?? NaN, 4);
		expect(view({ kind: 'median' })).toEqual(p); // seeded
		// a small model is viewed whole
		expect(round({ kind: 'median' }, undefined, { project: true }).projection?.coordinates).toBe(2);
	});

	it('leaves the mean out of the view when an update is not finite', () => {
		const r = round({ kind: 'median' }, { kind: 'faulty', value: 'nan' }, { project: true });
		expect(r.projection?.points).toHaveLength(7);
		expect(r.projection?.aggregates.map((a) => a.rule)).not.toContain('mean');
	});
});
