import { describe, expect, it } from 'vitest';
import { FAILURE } from './client-work';
import { AvailabilityTimeline, device, runFake } from '../testing/sim-harness';

/** Clients train in 1, 2, 3 and 11 s (client 3 is the straggler); links are near-instant. */
const devices = [device(1), device(2), device(3), device(11, 500, true)];
const fedavg = ({ rounds = 4, ...over }: Record<string, unknown> = {}) => ({
	clients: 4,
	rounds: rounds as number,
	algorithm: { kind: 'fedavg' as const, clientFraction: 1, learningRate: 0.5, ...over }
});
const at = (t: number) => Math.round(t * 1000) / 1000;

describe('FedAvg on slow devices', () => {
	it('waiting for every client makes each round as slow as the straggler', async () => {
		const run = await runFake(fedavg(), devices);
		expect(run.of('evaluated').map((e) => at(e.t))).toEqual([11, 22, 33, 44]);
		expect(run.of('aggregated').map((a) => a.contributors)).toEqual(Array(4).fill([0, 1, 2, 3]));
		expect(run.of('updateDropped')).toEqual([]);
	});

	it('a deadline closes rounds early, drops the late update and skips the busy straggler', async () => {
		const run = await runFake(fedavg({ deadline: 4 }), devices);
		// round 1 closes at its deadline (4 s) without client 3; rounds 2–4 cannot pick client 3,
		// still busy until 11, so they wait only for clients 0–2 (3 s each)
		expect(run.of('roundStarted').map((r) => [at(r.t), r.selected])).toEqual([
			[0, [0, 1, 2, 3]],
			[4, [0, 1, 2]],
			[7, [0, 1, 2]],
			[10, [0, 1, 2]]
		]);
		expect(run.of('aggregated').map((a) => a.contributors)).toEqual(Array(4).fill([0, 1, 2]));
		expect(run.of('evaluated').map((e) => at(e.t))).toEqual([4, 7, 10, 13]);
		const dropped = run.of('updateDropped');
		expect(dropped).toHaveLength(1);
		expect(dropped[0]).toMatchObject({
			round: 1,
			client: 3,
			reason: expect.stringMatching(/deadline/)
		});
		expect(at(dropped[0]?.t as number)).toBe(11);
	});

	it('over-selection keeps the first m updates and drops the rest', async () => {
		const run = await runFake(
			fedavg({ clientFraction: 0.5, overSelection: 1.5, rounds: 6 }),
			devices
		);
		const speed = [1, 2, 3, 11];
		const rounds = run.of('roundStarted');
		expect(rounds[0]?.selected).toHaveLength(3); // ⌈2·1.5⌉; later rounds skip busy clients
		for (const r of rounds) {
			expect(r.selected.length).toBeLessThanOrEqual(3);
			const byTime = [...r.selected].sort((a, b) => (speed[a] as number) - (speed[b] as number));
			const agg = run.of('aggregated').find((a) => a.round === r.round);
			expect(agg?.contributors).toEqual(byTime.slice(0, 2).sort((a, b) => a - b));
			for (const d of run.of('updateDropped').filter((d) => d.round === r.round)) {
				expect(byTime.slice(2)).toContain(d.client);
				expect(d.reason).toMatch(/already had its m updates/);
			}
		}
		expect(run.of('updateDropped').length).toBeGreaterThan(0);
	});

	it('never hangs on lost messages: a round closes when nothing more can come', async () => {
		const run = await runFake({
			clients: 10,
			rounds: 30,
			devices: { messageLoss: 0.3 },
			algorithm: { kind: 'fedavg', clientFraction: 0.3, learningRate: 0.5 }
		});
		expect(run.of('evaluated')).toHaveLength(30);
		expect(run.of('finished')[0]?.rounds).toBe(30);
		const messages = run.of('message');
		const lost = messages.filter((m) => m.lost);
		expect(lost.length / messages.length).toBeGreaterThan(0.2);
		expect(lost.length / messages.length).toBeLessThan(0.4);
		// a client whose model was lost never trains in that round; a lost update never counts
		for (const m of lost) {
			const k = (m.kind === 'model' ? m.to : m.from) as number;
			if (m.kind === 'model')
				expect(run.of('trainingStarted').some((e) => e.round === m.round && e.client === k)).toBe(
					false
				);
			else
				expect(
					run.of('aggregated').find((a) => a.round === m.round)?.contributors ?? []
				).not.toContain(k);
		}
		// rounds where every update was lost keep the old model and still evaluate
		expect(run.of('aggregated').length).toBeLessThanOrEqual(30);
	});

	it('selects only online clients, and an offline client mid-training loses its work', async () => {
		// client 1 is offline at first, back at 0.5; client 2 drops out at 1.5 (mid-training)
		const avail = [
			AvailabilityTimeline.always(),
			AvailabilityTimeline.fixed(false, [0.5]),
			AvailabilityTimeline.fixed(true, [1.5, 40]),
			AvailabilityTimeline.always()
		];
		const run = await runFake(fedavg({ rounds: 2 }), devices, avail);
		const rounds = run.of('roundStarted');
		expect(rounds[0]?.selected).toEqual([0, 2, 3]);
		const lost = run.of('updateDropped');
		expect(lost).toHaveLength(1);
		expect(lost[0]).toMatchObject({ client: 2, round: 1, reason: FAILURE.wentOffline });
		expect(at(lost[0]?.t as number)).toBe(1.5);
		expect(run.of('aggregated')[0]?.contributors).toEqual([0, 3]);
		// round 2 starts at 11 (client 3 is the slowest): client 2 is still offline
		expect(at(rounds[1]?.t as number)).toBe(11);
		expect(rounds[1]?.selected).toEqual([0, 1, 3]);
	});

	it('waits for a client to come back when nobody is online', async () => {
		const avail = devices.map(() => AvailabilityTimeline.fixed(false, [5]));
		const run = await runFake(fedavg({ rounds: 1 }), devices, avail);
		expect(at(run.of('roundStarted')[0]?.t as number)).toBe(5);
		expect(at(run.of('evaluated')[0]?.t as number)).toBe(16);
		const gone = devices.map(() => AvailabilityTimeline.fixed(false, []));
		const none = await runFake(fedavg({ rounds: 3 }), devices, gone);
		expect(none.of('roundStarted')).toEqual([]);
		expect(none.of('finished')).toEqual([{ type: 'finished', t: 0, rounds: 0 }]);
	});
});
