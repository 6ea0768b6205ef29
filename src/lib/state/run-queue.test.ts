import { describe, expect, it } from 'vitest';
import type { EventOf } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import type { BatchRunner, RunOutcome } from './batch-runs';
import { defaultValues, type Values } from './fields';
import { RunQueue, type QueueCell, type QueueItem } from './run-queue.svelte';

/**
 * A cell without an engine: `set` starts a new (paused) run when the settings change, `play`
 * makes it run, `finish()` ends it with the animation at its end; K < 1 is an invalid setting.
 */
class FakeCell implements QueueCell {
	values: Values = { K: 10 };
	run: { n: number } | null = { n: 1 };
	parsed = { ok: true };
	bridge: { state: string; latest: number; metrics?: EventOf<'evaluated'>[] } = {
		state: 'ready',
		latest: 0
	};
	playhead = {
		playing: false,
		t: 0,
		toEnd: () => {
			this.playhead.t = this.bridge.latest;
			this.log.push('to end');
		}
	};
	ghostsCleared = 0;
	log: string[] = [];

	get playing(): boolean {
		return (
			this.playhead.playing &&
			!(this.bridge.state === 'finished' && this.playhead.t >= this.bridge.latest)
		);
	}
	set(changes: Values): void {
		this.values = { ...this.values, ...changes };
		this.parsed = { ok: (this.values.K as number) >= 1 };
		if (!this.parsed.ok) return;
		this.run = { n: (this.run?.n ?? 0) + 1 };
		this.bridge = { state: 'ready', latest: 0 };
		this.playhead.playing = false;
		this.playhead.t = 0;
	}
	play(): void {
		if (!this.parsed.ok) return;
		this.bridge.state = 'running';
		this.playhead.playing = true;
		this.log.push(`play K=${this.values.K}`);
	}
	clearGhosts(): void {
		this.ghostsCleared++;
	}
	ghosts: { n: number; values: Values; preset?: string }[] = [];
	workersRequested: number | undefined = undefined;
	addGhost(values: Values, _points: unknown, preset?: string): number {
		const n = (this.run?.n ?? 0) + 100 + this.ghosts.length;
		this.ghosts.push({ n, values, preset });
		return n;
	}
	/** The run ends; `shown`: the animation has caught up with it. */
	finish(shown = true): void {
		this.bridge = { state: 'finished', latest: 5 };
		if (shown) this.playhead.t = 5;
	}
}

const items = (...ks: number[]): QueueItem[] =>
	ks.map((K) => ({ key: `K${K}`, label: `K = ${K}`, values: { K } }));

describe('RunQueue', () => {
	it('plays each item to the end in order and keeps a result per key', () => {
		const cell = new FakeCell();
		const q = new RunQueue(cell, { result: (item, c) => `${item.key} in run ${c.run?.n}` });
		expect(q.start(items(2, 3, 4))).toBe(true);
		expect(cell.ghostsCleared).toBe(1);
		for (let i = 0; i < 3; i++) {
			expect(q.index).toBe(i);
			q.sync(); // still running: nothing happens
			expect(q.index).toBe(i);
			cell.finish();
			q.sync();
		}
		expect(cell.log).toEqual(['play K=2', 'play K=3', 'play K=4']);
		expect(q.active).toBe(false);
		expect(q.results).toEqual([
			{ key: 'K2', value: 'K2 in run 2' },
			{ key: 'K3', value: 'K3 in run 3' },
			{ key: 'K4', value: 'K4 in run 4' }
		]);
		expect(q.resultOf('K3')).toBe('K3 in run 3');
	});

	it('waits for the animation to reach the end (follow), or moves it there (jump)', () => {
		const follow = new FakeCell();
		const qf = new RunQueue(follow);
		qf.start(items(2, 3));
		follow.finish(false);
		follow.playhead.playing = false; // the reader paused the animation
		qf.sync();
		expect(qf.index).toBe(0);
		follow.playhead.t = 5;
		qf.sync();
		expect(qf.index).toBe(1);

		const jump = new FakeCell();
		const qj = new RunQueue(jump, { finish: 'jump' });
		qj.start(items(2, 3));
		jump.finish(false);
		qj.sync();
		expect(qj.index).toBe(1);
		expect(jump.log).toEqual(['play K=2', 'to end', 'play K=3']);
	});

	it('holds a finished run on screen before the next one', async () => {
		const cell = new FakeCell();
		const q = new RunQueue(cell, { holdMs: 20 });
		q.start(items(2, 3));
		cell.finish();
		q.sync();
		expect(q.index).toBe(0);
		expect(q.results).toHaveLength(1);
		await new Promise((r) => setTimeout(r, 40));
		expect(q.index).toBe(1);
		expect(cell.log).toEqual(['play K=2', 'play K=3']);
	});

	it('stops when the reader starts another run or changes a setting', () => {
		const a = new FakeCell();
		const qa = new RunQueue(a);
		qa.start(items(2, 3));
		a.set({ K: 7 }); // the reader's own run
		qa.sync();
		expect(qa.active).toBe(false);
		expect(a.log).toEqual(['play K=2']);

		const b = new FakeCell();
		const qb = new RunQueue(b);
		qb.start(items(2, 3));
		b.values = { ...b.values, E: 3 }; // a control moved mid-run (no new run yet)
		qb.sync();
		expect(qb.active).toBe(false);
	});

	it('stops at an item whose settings are not valid, keeping the results so far', () => {
		const cell = new FakeCell();
		const q = new RunQueue(cell, { result: () => 1 });
		q.start(items(2, 0, 3));
		cell.finish();
		q.sync();
		expect(q.active).toBe(false);
		expect(q.results.map((r) => r.key)).toEqual(['K2']);
		expect(cell.log).toEqual(['play K=2']);
		expect(new RunQueue(new FakeCell()).start(items(0))).toBe(false);
	});
});

/** Runs that end when the test says so, `size` at a time, in arrival order. */
class FakeRunner implements BatchRunner {
	readonly size: number;
	/** Seeds of the runs started, in order. */
	started: number[] = [];
	#running: { seed: number; done: (o: RunOutcome) => void }[] = [];
	#queued: { seed: number; done: (o: RunOutcome) => void }[] = [];
	disposed = false;

	constructor(size: number) {
		this.size = size;
	}
	get busy(): number {
		return this.#running.length;
	}
	run(s: Scenario): Promise<RunOutcome> {
		return new Promise((done) => {
			const job = { seed: s.seed, done };
			if (this.#running.length < this.size) this.#begin(job);
			else this.#queued.push(job);
		});
	}
	/** Ends the run of `seed` with final accuracy seed / 100. */
	async end(seed: number): Promise<void> {
		const i = this.#running.findIndex((j) => j.seed === seed);
		const [job] = this.#running.splice(i, 1);
		if (!job) throw new Error(`run ${seed} is not running`);
		const last = { type: 'evaluated', accuracy: seed / 100 } as EventOf<'evaluated'>;
		job.done({ metrics: [last], diverged: null, ms: 10 });
		const next = this.#queued.shift();
		if (next) this.#begin(next);
		await new Promise((r) => setTimeout(r, 0));
	}
	dropQueued(): void {
		this.#queued = [];
	}
	dispose(): void {
		this.disposed = true;
	}
	#begin(job: { seed: number; done: (o: RunOutcome) => void }): void {
		this.#running.push(job);
		this.started.push(job.seed);
	}
}

describe('RunQueue in batch mode (runs without animation, several at once)', () => {
	const seeds = (...xs: number[]): QueueItem[] =>
		xs.map((seed) => ({ key: `s${seed}`, label: `seed ${seed}`, values: { seed } }));

	function setup(size: number) {
		const cell = new FakeCell();
		cell.values = defaultValues();
		cell.workersRequested = 2;
		const runner = new FakeRunner(size);
		const sizes: number[] = [];
		const q = new RunQueue<string, string>(cell, {
			batch: {
				runner: (n) => {
					sizes.push(n);
					return runner;
				},
				preset: (item) => item.label,
				result: (item, o, ghost) => `${item.key}: ${o.metrics.at(-1)?.accuracy} (run ${ghost})`
			}
		});
		return { cell, runner, q, sizes };
	}

	it('runs at most `size` at once and shows results and ghosts in item order', async () => {
		const { cell, runner, q, sizes } = setup(2);
		expect(q.start(seeds(11, 12, 13))).toBe(true);
		expect(sizes).toEqual([2]); // 3 runs, 2 workers asked for
		expect(q.parallel).toBe(2);
		expect(cell.log).toEqual([]); // the cell itself does not play
		expect(runner.started).toEqual([11, 12]);
		await runner.end(12); // the second finishes first: nothing is shown before the first
		expect(q.results).toEqual([]);
		expect(runner.started).toEqual([11, 12, 13]);
		await runner.end(11);
		expect(q.results.map((r) => r.value)).toEqual(['s11: 0.11 (run 101)', 's12: 0.12 (run 102)']);
		expect(q.index).toBe(2);
		expect(q.current?.key).toBe('s13');
		expect(q.active).toBe(true);
		await runner.end(13);
		expect(q.active).toBe(false);
		expect(q.results.map((r) => r.key)).toEqual(['s11', 's12', 's13']);
		expect(cell.ghosts.map((g) => [g.values.seed, g.preset])).toEqual([
			[11, 'seed 11'],
			[12, 'seed 12'],
			[13, 'seed 13']
		]);
		expect(q.seconds).not.toBeNull();
		expect(runner.disposed).toBe(true);
	});

	it('stops: the runs not started are dropped, those under way finish and are shown', async () => {
		const { runner, q } = setup(2);
		q.start(seeds(1, 2, 3, 4));
		q.cancel();
		expect(q.active).toBe(false);
		expect(runner.disposed).toBe(false);
		await runner.end(1);
		await runner.end(2);
		expect(runner.started).toEqual([1, 2]);
		expect(q.results.map((r) => r.key)).toEqual(['s1', 's2']);
		expect(runner.disposed).toBe(true);
	});

	it('replays a finished run animated in the cell with its full settings', async () => {
		const { cell, runner, q } = setup(3);
		q.start(seeds(5, 6));
		expect(q.replay('s5')).toBe(false); // not while the batch runs
		await runner.end(5);
		await runner.end(6);
		expect(q.canReplay('s6')).toBe(true);
		expect(q.replay('s6')).toBe(true);
		expect(cell.values.seed).toBe(6);
		expect(cell.values.K).toBe(defaultValues().K);
		expect(cell.log).toEqual([`play K=${defaultValues().K}`]);
		// the replay's evaluations are checked against the batch's once it has finished
		expect(q.replayCheck).toBeNull();
		const same = [{ type: 'evaluated', accuracy: 0.06 } as EventOf<'evaluated'>];
		cell.bridge = { state: 'finished', latest: 5, metrics: same };
		expect(q.replayCheck).toEqual({ key: 's6', same: true });
		cell.bridge = { state: 'finished', latest: 5, metrics: [{ ...same[0]!, loss: 1 }] };
		expect(q.replayCheck).toEqual({ key: 's6', same: false });
	});

	it('animates in the cell when no runner can start', () => {
		const cell = new FakeCell();
		cell.values = defaultValues();
		const q = new RunQueue(cell, {
			batch: { runner: () => null, result: () => null }
		});
		expect(q.start(items(2, 3))).toBe(true);
		expect(q.parallel).toBe(0);
		expect(cell.log).toEqual(['play K=2']);
	});
});
