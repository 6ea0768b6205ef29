import { describe, expect, it } from 'vitest';
import type { EventOf, SimEvent } from '$lib/sim/core/events';
import { epsilonAfter } from '$lib/sim/privacy/epsilon-after';
import type { Scenario } from '$lib/sim/scenario';
import type { BatchRunner, RunOutcome } from '$lib/state/batch-runs';
import { defaultValues, toScenario, withValues, type Values } from '$lib/state/fields';
import { epsilonOfRun, SigmaSweep, SWEEP_SETTING, type SweepCell } from './sigma-sweep.svelte';

/**
 * A cell without an engine: `set` starts a new paused run, `play` runs it, `finish(acc, eps)` ends
 * it with a last `privacySpent` event (when DP is on) and a last evaluation.
 */
class FakeCell implements SweepCell {
	values: Values = { K: 20, rounds: 10, dpsigma: 1 };
	run: { n: number } | null = { n: 1 };
	parsed = { ok: true };
	bridge: SweepCell['bridge'] & { state: string; latest: number } = {
		state: 'ready',
		latest: 0,
		events: [],
		metrics: []
	};
	playhead = {
		playing: false,
		t: 0,
		toEnd: () => {
			this.playhead.t = this.bridge.latest;
			this.jumps++;
		}
	};
	jumps = 0;
	plays: Values[] = [];

	get playing(): boolean {
		return this.playhead.playing && this.playhead.t < this.bridge.latest;
	}
	set(changes: Values): void {
		this.values = { ...this.values, ...changes };
		this.run = { n: (this.run?.n ?? 0) + 1 };
		this.bridge = { state: 'ready', latest: 0, events: [], metrics: [] };
		this.playhead.playing = false;
		this.playhead.t = 0;
	}
	play(): void {
		this.bridge.state = 'running';
		this.playhead.playing = true;
		this.plays.push({ ...this.values });
	}
	clearGhosts(): void {}
	addGhost(): number {
		return 0;
	}
	finish(accuracy: number, epsilon: number | null): void {
		const events: SimEvent[] = [];
		if (epsilon !== null)
			for (const [round, eps] of [
				[1, epsilon / 2],
				[2, epsilon]
			] as const)
				events.push({
					type: 'privacySpent',
					t: round,
					round,
					mode: 'central',
					epsilon: eps,
					delta: 1e-5,
					noiseStd: 0.01,
					clipped: 0,
					clients: 4
				});
		this.bridge = {
			state: 'finished',
			latest: 5,
			events,
			metrics: [{ accuracy: 0.1 }, { accuracy }] as EventOf<'evaluated'>[]
		};
	}
}

describe('SigmaSweep', () => {
	it('plays one run per σ on the small setting and keeps accuracy and ε of each', () => {
		const cell = new FakeCell();
		const sweep = new SigmaSweep(cell, ['off', 0, 1, 4], { K: 500, rounds: 30 });
		expect(sweep.start()).toBe(true);
		const runs: [number, number | null][] = [
			[0.9, null],
			[0.89, Infinity],
			[0.8, 8.5],
			[0.5, 1.2]
		];
		for (const [acc, eps] of runs) {
			cell.finish(acc, eps);
			sweep.queue.sync();
		}
		expect(sweep.active).toBe(false);
		expect(cell.plays.map((v) => [v.K, v.rounds, v.dpsigma])).toEqual([
			[500, 30, 'off'],
			[500, 30, 0],
			[500, 30, 1],
			[500, 30, 4]
		]);
		expect(cell.jumps).toBe(4); // each finished run jumps to its end instead of animating
		expect(sweep.points).toEqual([
			{ sigma: 'off', label: 'no DP', accuracy: 0.9, epsilon: null, delta: null, rounds: 30 },
			{ sigma: 0, label: 'σ = 0', accuracy: 0.89, epsilon: Infinity, delta: 1e-5, rounds: 30 },
			{ sigma: 1, label: 'σ = 1', accuracy: 0.8, epsilon: 8.5, delta: 1e-5, rounds: 30 },
			{ sigma: 4, label: 'σ = 4', accuracy: 0.5, epsilon: 1.2, delta: 1e-5, rounds: 30 }
		]);
		// the curve: finite ε only, by increasing ε; the baseline is the run without DP
		expect(sweep.curve).toEqual([
			{ x: 1.2, y: 0.5 },
			{ x: 8.5, y: 0.8 }
		]);
		expect(sweep.baseline).toBe(0.9);
	});

	it('stops on cancel (keeping the points so far) and when the reader changes a setting', () => {
		const cell = new FakeCell();
		const sweep = new SigmaSweep(cell, [0.5, 1, 2]);
		sweep.start();
		cell.finish(0.7, 30);
		sweep.queue.sync();
		expect(sweep.queue.index).toBe(1);
		sweep.stop();
		cell.finish(0.6, 9);
		sweep.queue.sync();
		expect(sweep.active).toBe(false);
		expect(sweep.points.map((p) => p.sigma)).toEqual([0.5]);
		expect(cell.plays).toHaveLength(2);

		sweep.start();
		expect(sweep.points).toEqual([]);
		cell.set({ K: 50 }); // the reader takes over
		sweep.queue.sync();
		expect(sweep.active).toBe(false);
	});
});

/** Engine workers that finish each run when told, with a given final accuracy. */
class FakeRunner implements BatchRunner {
	readonly size = 2;
	jobs: { scenario: Scenario; done: (o: RunOutcome) => void }[] = [];
	get busy(): number {
		return this.jobs.length;
	}
	run(scenario: Scenario): Promise<RunOutcome> {
		return new Promise((done) => this.jobs.push({ scenario, done }));
	}
	dropQueued(): void {}
	dispose(): void {}
	async end(i: number, accuracy: number): Promise<void> {
		const last = { type: 'evaluated', accuracy } as EventOf<'evaluated'>;
		this.jobs[i]?.done({ metrics: [last], diverged: null, ms: 1 });
		await new Promise((r) => setTimeout(r, 0));
	}
}

describe('SigmaSweep in batch mode (engine workers)', () => {
	it('takes each run’s final accuracy and the accountant’s ε for its q, σ, δ and rounds', async () => {
		const cell = new FakeCell();
		cell.values = { ...defaultValues(), K: 20, rounds: 10, dpsigma: 1 };
		const runner = new FakeRunner();
		const setting = { K: 20, C: 0.2, rounds: 3, dpclip: 1, dpmode: 'central' };
		const sweep = new SigmaSweep(cell, ['off', 1], setting, () => runner);
		expect(sweep.start()).toBe(true);
		expect(runner.jobs.map((j) => j.scenario.privacy.dp?.noiseMultiplier ?? 'off')).toEqual([
			'off',
			1
		]);
		await runner.end(1, 0.7);
		expect(sweep.points).toEqual([]); // results come in item order
		await runner.end(0, 0.8);
		const eps = epsilonAfter({ mode: 'central', clip: 1, noiseMultiplier: 1, delta: 1e-5 }, 0.2, 3);
		expect(sweep.points).toEqual([
			{ sigma: 'off', label: 'no DP', accuracy: 0.8, epsilon: null, delta: null, rounds: 3 },
			{ sigma: 1, label: 'σ = 1', accuracy: 0.7, epsilon: eps, delta: 1e-5, rounds: 3 }
		]);
		expect(sweep.active).toBe(false);
		expect(cell.plays).toEqual([]); // nothing played in the cell
	});

	it('charges the ε the engine reported for the sweep’s own setting (npm run sim, σ = 1: 8.9269)', () => {
		const parsed = toScenario(
			withValues(defaultValues(), { data: 'mnist', hidden: [64], ...SWEEP_SETTING, dpsigma: 1 })
		);
		if (!parsed.ok) throw new Error(parsed.errors.join('; '));
		const spent = epsilonOfRun(parsed.scenario);
		expect(spent?.delta).toBe(1e-5);
		expect(Math.abs((spent?.epsilon as number) / 8.9269 - 1)).toBeLessThan(1e-4);
	});
});
