/** The engine's system model: devices, stragglers, availability events and message loss. */
import { describe, expect, it } from 'vitest';
import { AvailabilityTimeline, runFake } from './testing/sim-harness';
import type { EventOf } from './core/events';

describe('the engine on unreliable devices', () => {
	it('marks stragglers in the setup event and slows them down', async () => {
		const run = await runFake({
			clients: 10,
			rounds: 1,
			devices: { computeSpeed: 1000, stragglerFraction: 0.3, stragglerSlowdown: 10 },
			algorithm: { kind: 'fedavg', clientFraction: 1 }
		});
		const setup = run.of('setup')[0] as EventOf<'setup'>;
		const slow = setup.clients.filter((c) => c.straggler);
		expect(slow).toHaveLength(3);
		for (const c of setup.clients) expect(c.computeSpeed).toBe(c.straggler ? 100 : 1000);
		// 200 samples each: 0.2 s for the fast, 2 s for the stragglers
		for (const e of run.of('trainingStarted'))
			expect(e.duration).toBeCloseTo(slow.some((c) => c.id === e.client) ? 2 : 0.2, 12);
	});

	it('emits availability flips as they happen and still ends the run', async () => {
		const run = await runFake({
			clients: 6,
			rounds: 5,
			devices: { meanOnlineSec: 3, meanOfflineSec: 2 },
			algorithm: { kind: 'fedavg', clientFraction: 0.5 }
		});
		expect(run.of('finished')).toHaveLength(1);
		const flips = run.of('availability');
		expect(flips.length).toBeGreaterThan(5);
		// per client the flips alternate, and the first one at t > 0 follows the initial state
		for (let k = 0; k < 6; k++) {
			const mine = flips.filter((f) => f.client === k);
			for (let i = 1; i < mine.length; i++)
				expect(mine[i]?.online).toBe(!(mine[i - 1] as EventOf<'availability'>).online);
		}
		// nothing after the end; each selected client was online when its round started
		const end = run.of('finished')[0]?.t as number;
		expect(flips.every((f) => f.t <= end)).toBe(true);
		for (const r of run.of('roundStarted'))
			for (const k of r.selected) {
				const before = flips.filter((f) => f.client === k && f.t <= r.t).at(-1);
				expect(before?.online ?? true).toBe(true);
			}
	});

	it('loses messages at the configured rate and marks them lost', async () => {
		const run = await runFake({
			clients: 20,
			rounds: 40,
			devices: { messageLoss: 0.2 },
			algorithm: { kind: 'fedasync', concurrency: 5, evalEvery: 5 }
		});
		const messages = run.of('message');
		const lost = messages.filter((m) => m.lost === true).length;
		expect(messages.length).toBeGreaterThan(300);
		expect(lost / messages.length).toBeGreaterThan(0.15);
		expect(lost / messages.length).toBeLessThan(0.25);
		expect(run.of('evaluated')).toHaveLength(40);
		// no update lands twice or from a lost message: arrivals = sent updates − lost updates
		const updates = messages.filter((m) => m.kind === 'update');
		const arrived = run.of('updateReceived').length + run.of('updateDropped').length;
		expect(arrived).toBeLessThanOrEqual(updates.filter((m) => !m.lost).length);
	});

	it('a message to a client that goes offline in flight is lost', async () => {
		const avail = [AvailabilityTimeline.fixed(true, [0.01, 1])];
		const run = await runFake(
			{
				clients: 1,
				rounds: 1,
				devices: { latencyMs: 50 },
				algorithm: { kind: 'fedavg', clientFraction: 1 }
			},
			undefined,
			avail
		);
		const first = run.of('message')[0];
		expect(first).toMatchObject({ kind: 'model', to: 0, lost: true });
		// the round closes as soon as nothing more can come: old model kept, still evaluated
		expect(run.of('roundStarted').map((r) => r.t)).toEqual([0]);
		expect(run.of('evaluated')).toHaveLength(1);
		expect(run.of('aggregated')).toHaveLength(0);
	});

	it('is deterministic with loss, availability and spread: same seed, same events', async () => {
		const input = {
			seed: 9,
			clients: 8,
			rounds: 6,
			devices: {
				computeSpread: 0.8,
				linkSpread: 0.5,
				stragglerFraction: 0.25,
				meanOnlineSec: 10,
				meanOfflineSec: 4,
				messageLoss: 0.1
			},
			algorithm: { kind: 'fedbuff' as const, concurrency: 4, bufferSize: 3 }
		};
		const a = await runFake(input);
		const b = await runFake(input);
		expect(b.events).toEqual(a.events);
		const c = await runFake({ ...input, seed: 10 });
		expect(c.events).not.toEqual(a.events);
	});

	it('keeps the default scenario’s event stream free of system-model noise', async () => {
		const run = await runFake({ clients: 4, rounds: 2, algorithm: { kind: 'fedavg' } });
		expect(run.of('availability')).toEqual([]);
		expect(run.of('updateDropped')).toEqual([]);
		expect(run.of('message').some((m) => 'lost' in m)).toBe(false);
	});
});
