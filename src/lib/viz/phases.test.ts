import { describe, expect, it } from 'vitest';
import { device, runFake } from '../sim/testing/sim-harness';
import { collectPhases, nextPhase, nextRoundEnd, phaseAt, phaseCaption } from './phases';

describe('phases of a real (fake-trainer) FedAvg run', () => {
	it('marks send → train → upload → aggregate → evaluate per round, in time order', async () => {
		const run = await runFake(
			{ clients: 4, rounds: 2, algorithm: { kind: 'fedavg', clientFraction: 1 } },
			[device(1), device(1), device(1), device(10, 500, true)]
		);
		const marks = collectPhases(run.events);
		expect(marks.map((m) => `${m.round}${m.phase[0]}`)).toEqual([
			'1s',
			'1t',
			'1u',
			'1a',
			'1e',
			'2s',
			'2t',
			'2u',
			'2a',
			'2e',
			'2f'
		]);
		for (let i = 1; i < marks.length; i++)
			expect(marks[i]!.t).toBeGreaterThanOrEqual(marks[i - 1]!.t);
		// fed in two batches, the same marks
		const half = Math.floor(run.events.length / 2);
		const seen = new Set<string>();
		const again = collectPhases(run.events.slice(0, half), [], seen);
		collectPhases(run.events.slice(half), again, seen);
		expect(again).toEqual(marks);
		expect(nextRoundEnd(marks, 0)).toBe(marks[4]!.t);
		expect(nextPhase(marks, marks[1]!.t)?.phase).toBe('upload');
		expect(phaseAt(marks, marks[2]!.t + 1e-6)?.phase).toBe('upload');

		// while the updates travel, the caption counts them and names the straggler
		const upload = marks[2]!.t;
		const firstIn = run.events.find(
			(e) => e.type === 'message' && e.kind === 'update' && e.round === 1
		);
		const t = firstIn && firstIn.type === 'message' ? firstIn.arrives + 1e-6 : upload;
		const caption = phaseCaption(run.events, marks, t);
		expect(caption).toMatch(
			/^Round 1: updates travel to the server — [1-3] of 4 updates in; waiting for .*client 3/
		);
		expect(
			phaseCaption(run.events, marks, marks[2]!.t - 1e-9 + (marks[3]!.t - marks[2]!.t) * 0.999)
		).toMatch(/3 of 4 updates in; waiting for client 3, a straggler/);
		expect(phaseCaption(run.events, marks, -1)).toMatch(/Before the first round/);
	});
});
