import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { FAILURE } from './client-work';
import { mix } from './fedasync';
import { AvailabilityTimeline, device, runFake } from '../testing/sim-harness';

/**
 * Hand-built devices: client 0 trains in 1 s, client 1 in 2.4 s, client 2 (the straggler) in
 * 5.5 s; client 3 is offline for good. Links are near-instant. With three clients training at
 * once, each one is sent again as soon as its update lands, so by hand:
 *
 *   t     client  τ  version before  staleness
 *   1     0       0  0               0
 *   2     0       1  1               0
 *   2.4   1       0  2               2
 *   3     0       2  3               1
 *   4     0       4  4               0
 *   4.8   1       3  5               2
 *   5     0       5  6               1
 *   5.5   2       0  7               7
 */
const devices = [device(1), device(2.4), device(5.5, 500, true), device(1)];
const availability = () => [
	AvailabilityTimeline.always(),
	AvailabilityTimeline.always(),
	AvailabilityTimeline.always(),
	AvailabilityTimeline.fixed(false, [])
];
const fedasync = (over: Record<string, unknown> = {}) => ({
	clients: 4,
	rounds: 8,
	algorithm: {
		kind: 'fedasync' as const,
		concurrency: 3,
		alpha: 0.8,
		evalEvery: 1,
		learningRate: 0.5,
		staleness: { kind: 'polynomial' as const, a: 0.5 },
		...over
	}
});

describe('FedAsync on a hand-built device set', () => {
	it('who arrives when, and how stale: the table by hand', async () => {
		const run = await runFake(fedasync(), devices, availability());
		const got = run.of('updateReceived').map((e) => [e.t, e.client, e.staleness]);
		const want = [
			[1, 0, 0],
			[2, 0, 0],
			[2.4, 1, 2],
			[3, 0, 1],
			[4, 0, 0],
			[4.8, 1, 2],
			[5, 0, 1],
			[5.5, 2, 7]
		];
		expect(got.map(([, k, s]) => [k, s])).toEqual(want.map(([, k, s]) => [k, s]));
		got.forEach(([t], i) => expect(t).toBeCloseTo((want[i] as number[])[0] as number, 5));
		// α_t = α·(t − τ + 1)^(−1/2)
		const weights = run.of('updateReceived').map((e) => e.weight);
		[1, 1, 3 ** -0.5, 2 ** -0.5, 1, 3 ** -0.5, 2 ** -0.5, 8 ** -0.5].forEach((s, i) =>
			expect(weights[i]).toBeCloseTo(0.8 * s, 12)
		);
		// the offline client is never sent anything; 8 evaluations, one per applied update
		expect(run.of('message').some((m) => m.to === 3 || m.from === 3)).toBe(false);
		expect(run.of('availability')).toEqual([
			{ type: 'availability', t: 0, client: 3, online: false }
		]);
		expect(run.of('evaluated').map((e) => e.round)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(run.of('finished')).toHaveLength(1);
		expect(run.of('aggregated').every((a) => a.rule === 'fedasync')).toBe(true);
		// concurrency 3: a client is busy from its model message to its update's arrival
		let busy = 0;
		let most = 0;
		for (const e of run.events) {
			if (e.type === 'message' && e.kind === 'model') most = Math.max(most, ++busy);
			if (e.type === 'updateReceived' || e.type === 'updateDropped') busy--;
		}
		expect(most).toBe(3);
		const setup = run.of('setup')[0];
		expect(setup?.clients.map((c) => c.straggler)).toEqual([false, false, true, false]);
	});

	it('mixes x ← (1 − α_t)·x + α_t·x_new exactly as a hand replay does', async () => {
		const run = await runFake(fedasync(), devices, availability());
		// replay from the initial weights (the engine's 'init' stream of seed 42): history[v] is
		// the global model at version v; an update's τ is the version when its model was sent
		let x = run.trainer.initialWeights(createRng(42).fork('init'));
		const history = [x];
		const tauOf = new Map<number, number[]>();
		let version = 0;
		for (const e of run.events) {
			if (e.type === 'message' && e.kind === 'model' && typeof e.to === 'number')
				(tauOf.get(e.to) ?? tauOf.set(e.to, []).get(e.to))?.push(version);
			if (e.type === 'updateReceived') {
				const tau = tauOf.get(e.client)?.shift() as number;
				expect(version - tau).toBe(e.staleness);
				const base = history[tau] as Float32Array;
				const c = ((run.engine.clients[e.client]?.indices[0] ?? 0) % 97) / 97;
				const xNew = base.map((w) => w + 0.5 * (c - w));
				x = mix(x, xNew, e.weight);
				history.push(x);
				version++;
			}
		}
		expect(version).toBe(8);
		expect(Array.from(run.engine.globalWeights)).toEqual(Array.from(x));
	});

	it('a client that goes offline mid-training loses that work and is sent again when back', async () => {
		// client 1 goes offline at 3.5 (its job from 2.4 would end at 4.8) and returns at 6
		const avail = availability();
		avail[1] = AvailabilityTimeline.fixed(true, [3.5, 6]);
		const run = await runFake({ ...fedasync(), rounds: 11 }, devices, avail);
		const dropped = run.of('updateDropped');
		expect(dropped).toHaveLength(1);
		expect(dropped[0]).toMatchObject({ client: 1, reason: FAILURE.wentOffline });
		expect(dropped[0]?.t).toBeCloseTo(3.5, 9);
		// by hand: versions tick on every applied update; the lost job never counts
		expect(run.of('updateReceived').map((e) => [e.client, e.staleness])).toEqual([
			[0, 0],
			[0, 0],
			[1, 2],
			[0, 1],
			[0, 0],
			[0, 0],
			[2, 6],
			[0, 1],
			[0, 0],
			[0, 0],
			[1, 3]
		]);
		// client 1 trains three times but finishes only twice; its third job starts when it is back
		const started1 = run.of('trainingStarted').filter((e) => e.client === 1);
		const finished1 = run.of('trainingFinished').filter((e) => e.client === 1);
		expect(started1).toHaveLength(3);
		expect(finished1).toHaveLength(2);
		expect(started1[2]?.t).toBeCloseTo(6, 5);
		expect(run.of('availability').map((e) => [e.client, e.online, e.t])).toEqual([
			[3, false, 0],
			[1, false, 3.5],
			[1, true, 6]
		]);
		// the lost work was never computed: every job started was trained but that one
		expect(run.trainer.jobs).toHaveLength(run.of('trainingStarted').length - 1);
	});

	it('drops updates past the max-staleness cut-off without moving the version', async () => {
		const run = await runFake(fedasync({ maxStaleness: 1 }), devices, availability());
		// by hand: c0 lands every second, fresh; c1 (τ = 0, 2, 4) is 2, 2 then 3 versions stale,
		// c2 (τ = 0) 5 versions stale: all dropped, so the version moves only with c0
		expect(
			run.of('updateDropped').map((e) => [Math.round(e.t * 10) / 10, e.client, e.staleness])
		).toEqual([
			[2.4, 1, 2],
			[4.8, 1, 2],
			[5.5, 2, 5],
			[7.2, 1, 3]
		]);
		expect(run.of('updateReceived').every((e) => e.client === 0 && e.staleness === 0)).toBe(true);
		expect(run.of('updateReceived')).toHaveLength(8);
	});

	it('passes the proximal ρ to local training only when it is set', async () => {
		const plain = await runFake(fedasync({ proximalRho: 0 }), devices, availability());
		expect(plain.trainer.jobs.every((j) => j.proximalRho === undefined)).toBe(true);
		const prox = await runFake(fedasync({ proximalRho: 0.01 }), devices, availability());
		expect(prox.trainer.jobs.every((j) => j.proximalRho === 0.01)).toBe(true);
	});

	it('mix is the convex combination, coordinate by coordinate', () => {
		expect(Array.from(mix(Float32Array.of(0, 2, -4), Float32Array.of(4, 2, 4), 0.25))).toEqual([
			1, 2, -2
		]);
		expect(Array.from(mix(Float32Array.of(3, 7), Float32Array.of(-1, 5), 1))).toEqual([-1, 5]);
		expect(() => mix(Float32Array.of(1), Float32Array.of(1, 2), 0.5)).toThrow(/length/);
	});
});
