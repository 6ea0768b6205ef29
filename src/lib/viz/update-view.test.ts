import { describe, expect, it } from 'vitest';
import type { SimEvent } from '$lib/sim/core/events';
import {
	equalAspect,
	layoutView,
	missingRules,
	pin,
	projections,
	spreadLabels,
	stacks,
	viewAt,
	viewBox,
	diamond,
	drawOrder,
	pointTitle,
	whyLines,
	whyOf,
	type Projected
} from './update-view';

/** Seven honest updates around (1, 0), three sign-flip ×4 attackers around (−4, 0). */
function signFlipView(extra: Projected['points'] = []): Projected {
	const honest = [-0.1, -0.05, 0, 0.02, 0.05, 0.08, 0.1].map((dy, i) => ({
		client: i,
		x: 1 + dy,
		y: dy,
		byzantine: false
	}));
	const attackers = [0, 1, 2].map((i) => ({
		client: 7 + i,
		x: -4 - 0.1 * i,
		y: 0.05 * i,
		byzantine: true
	}));
	return {
		type: 'updatesProjected',
		t: 3,
		round: 1,
		points: [...honest, ...attackers, ...extra],
		aggregates: [
			{ rule: 'mean', x: -0.5, y: 0 },
			{ rule: 'median', x: 0.98, y: 0 },
			{ rule: 'trimmedMean', x: 0.99, y: 0.01 },
			{ rule: 'krum', x: 1, y: 0 }
		],
		explained: [0.9, 0.05],
		coordinates: 4096
	};
}

describe('viewAt', () => {
	const at = (t: number, round: number) => ({ ...signFlipView(), t, round });
	const views = [at(2, 1), at(5, 2), at(9, 3)];
	it.each([
		[0, null],
		[2, 1],
		[4.9, 1],
		[5, 2],
		[100, 3]
	])('at t = %d shows round %j', (t, round) => {
		expect(viewAt(views, t)?.round ?? null).toBe(round);
	});

	it('collects the views of a run in order', () => {
		const events: SimEvent[] = [
			{ type: 'roundStarted', t: 0, round: 1, selected: [0] },
			views[0] as SimEvent,
			{ type: 'finished', t: 3, rounds: 1 },
			views[1] as SimEvent
		];
		expect(projections(events).map((v) => v.round)).toEqual([1, 2]);
	});
});

describe('viewBox', () => {
	const honest = [
		{ x: 1, y: 0.1 },
		{ x: 1.2, y: -0.1 }
	];
	it('holds the honest cloud and "no change"', () => {
		const b = viewBox(honest, []);
		expect(b.x0).toBeLessThan(0);
		expect(b.x1).toBeGreaterThan(1.2);
		expect(b.y0).toBeLessThan(-0.1);
		expect(b.y1).toBeGreaterThan(0.1);
	});

	it('takes in attackers a few cloud sizes away, not one at 10³⁰', () => {
		const b = viewBox(honest, [
			{ x: -4.8, y: 0 },
			{ x: 1e30, y: 3 }
		]);
		expect(b.x0).toBeLessThan(-4.8);
		expect(b.x1).toBeLessThan(3);
	});
});

describe('equalAspect', () => {
	it('makes a unit as long across as up', () => {
		const b = equalAspect({ x0: -5, x1: 1, y0: -0.2, y1: 0.2 }, 300, 200);
		expect((b.x1 - b.x0) / 300).toBeCloseTo((b.y1 - b.y0) / 200, 12);
		expect(b.x1 - b.x0).toBe(6); // the long side is kept
		expect((b.y0 + b.y1) / 2).toBeCloseTo(0, 12);
	});
});

describe('pin', () => {
	const r = { x0: 0, x1: 100, y0: 0, y1: 50 };
	it('keeps a point inside', () => {
		expect(pin({ x: 10, y: 20 }, r)).toMatchObject({ x: 10, y: 20, clipped: false });
	});
	it('pins a far point to the border along the ray from the centre', () => {
		const p = pin({ x: 1050, y: 25 }, r);
		expect(p).toMatchObject({ x: 100, y: 25, clipped: true });
		expect(p.angle).toBeCloseTo(0, 12);
		const q = pin({ x: 50 + 1e6, y: 25 - 1e6 }, r);
		expect(q.clipped).toBe(true);
		expect(q.y).toBeCloseTo(0, 9);
		expect(q.x).toBeCloseTo(75, 6);
	});
});

describe('spreadLabels', () => {
	it.each([
		[
			[10, 50, 90],
			[10, 50, 90]
		],
		[
			[50, 50, 50],
			[35, 50, 65]
		],
		[
			[0, 1],
			[0, 15]
		],
		[
			[100, 99],
			[100, 85]
		],
		[
			[20, 10],
			[22.5, 7.5]
		]
	])('%j → %j (gap 15 within [0, 100])', (wanted, want) => {
		expect(spreadLabels(wanted, 15, 0, 100)).toEqual(want);
	});

	it('keeps every pair at least the gap apart and in order', () => {
		const wanted = [40, 41, 42, 43, 44, 45, 46];
		const got = spreadLabels(wanted, 15, 0, 200);
		const sorted = [...got].sort((a, b) => a - b);
		expect(got).toEqual(sorted);
		for (let i = 1; i < got.length; i++)
			expect((got[i] as number) - (got[i - 1] as number)).toBeGreaterThanOrEqual(15 - 1e-9);
	});
});

describe('layoutView', () => {
	const opts = { width: 420, height: 260, chosen: 'median', labelWidth: 110 };

	it('draws everything in the plot, the mean far from the honest cloud, the median inside it', () => {
		const l = layoutView(signFlipView(), opts);
		expect(l.points).toHaveLength(10);
		expect(l.pinned.count).toBe(0);
		for (const p of [...l.points, ...l.rules]) {
			expect(p.x).toBeGreaterThanOrEqual(l.plot.x0);
			expect(p.x).toBeLessThanOrEqual(l.plot.x1);
		}
		const rule = (r: string) => l.rules.find((x) => x.rule === r);
		expect(rule('mean')?.offset).toBeGreaterThan(5);
		expect(rule('median')?.offset).toBeLessThan(1);
		expect(rule('median')?.chosen).toBe(true);
		expect(rule('mean')?.chosen).toBe(false);
		// attackers to the left of "no change", the honest cloud to the right
		const attackerX = l.points.filter((p) => p.byzantine).map((p) => p.x);
		const honestX = l.points.filter((p) => !p.byzantine).map((p) => p.x);
		expect(Math.max(...attackerX)).toBeLessThan(l.origin.x);
		expect(Math.min(...honestX)).toBeGreaterThan(l.origin.x);
		// labels do not overlap
		const ys = l.rules.map((r) => r.labelY).sort((a, b) => a - b);
		for (let i = 1; i < ys.length; i++)
			expect((ys[i] as number) - (ys[i - 1] as number)).toBeGreaterThanOrEqual(15 - 1e-9);
		expect(l.labelX).toBeGreaterThan(l.plot.x1);
	});

	it('zooms in on the honest cloud with a short reach, pinning the attackers', () => {
		const whole = layoutView(signFlipView(), opts);
		const close = layoutView(signFlipView(), { ...opts, reach: 1.5 });
		expect(close.points.filter((p) => p.clipped).map((p) => p.client)).toEqual([7, 8, 9]);
		const spread = (l: typeof whole) => {
			const xs = l.points.filter((p) => !p.byzantine).map((p) => p.x);
			return Math.max(...xs) - Math.min(...xs);
		};
		expect(spread(close)).toBeGreaterThan(2 * spread(whole));
	});

	it('pins a huge update to the border and says how far it really is', () => {
		const l = layoutView(signFlipView([{ client: 10, x: 3e29, y: 0, byzantine: true }]), opts);
		const huge = l.points.find((p) => p.client === 10);
		expect(huge?.clipped).toBe(true);
		expect(huge?.x).toBeCloseTo(l.plot.x1, 6);
		expect(l.pinned.count).toBe(1);
		expect(l.pinned.farthest).toBeGreaterThan(1e28);
		// the honest cloud keeps its size on screen
		const honestX = l.points.filter((p) => !p.byzantine).map((p) => p.x);
		expect(Math.max(...honestX) - Math.min(...honestX)).toBeGreaterThan(5);
	});
});

describe('stacks', () => {
	it('counts points on the same spot once, on the first of them', () => {
		const p = (x: number, y: number) => ({ x, y });
		expect(stacks([p(0, 0), p(5, 5), p(0.5, -0.5), p(5, 5.2), p(0, 0)])).toEqual([3, 2, 0, 0, 0]);
		expect(stacks([p(0, 0), p(3, 0)])).toEqual([1, 1]);
	});
});

describe('missingRules', () => {
	it('says why a rule is not drawn', () => {
		const v = signFlipView();
		const missing = missingRules(v, [8]);
		expect(missing.map((m) => m.rule)).toEqual(['multiKrum', 'geometricMedian', 'medianOfMeans']);
		const noMean = { ...v, aggregates: v.aggregates.filter((a) => a.rule !== 'mean') };
		expect(missingRules(noMean, [8])[0]).toEqual({
			rule: 'mean',
			why: 'it takes in the non-finite updates'
		});
	});
});

describe('drawing helpers', () => {
	const pt = (client: number, byzantine: boolean, clipped = false) => ({
		client,
		byzantine,
		clipped,
		x: 0,
		y: 0,
		angle: 0
	});
	it('draws the attackers last, keeping the order within each group', () => {
		const order = drawOrder([pt(0, true), pt(1, false), pt(2, true), pt(3, false)]);
		expect(order.map((p) => p.client)).toEqual([1, 3, 0, 2]);
	});
	it('says whose point it is and whether the rule left it out', () => {
		expect(pointTitle(pt(4, true, true), [4])).toBe(
			'Client 4: Byzantine, left out by the rule (far off the chart)'
		);
		expect(pointTitle(pt(1, false), [4])).toBe('Client 1: honest');
	});
	it('a diamond of radius 2', () => {
		expect(diamond(2)).toBe('M0,-2L2,0L0,2L-2,0Z');
	});
});

describe('why the rule did what it did', () => {
	const why = [
		{
			measure: 'Krum score',
			values: [
				{ client: 0, value: 3 },
				{ client: 1, value: 5 },
				{ client: 2, value: 363 }
			]
		},
		{
			measure: 'trust score ReLU(cos)',
			values: [
				{ client: 0, value: 0.9 },
				{ client: 2, value: 0 }
			]
		}
	];
	it('names each measure for one client, and orders the caption by suspicion', () => {
		expect(whyOf(2, why)).toBe('Krum score: 363.000; trust score ReLU(cos): 0.000');
		expect(whyOf(7, why)).toBe('');
		expect(whyLines(why, 2)).toEqual([
			'Krum score: client 2 363.000, client 1 5.000, …',
			'trust score ReLU(cos): client 2 0.000, client 0 0.900'
		]);
	});
});
