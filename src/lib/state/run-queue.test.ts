import { describe, expect, it } from 'vitest';
import type { Values } from './fields';
import { RunQueue, type QueueCell, type QueueItem } from './run-queue.svelte';

/**
 * A cell without an engine: `set` starts a new (paused) run when the settings change, `play`
 * makes it run, `finish()` ends it with the animation at its end; K < 1 is an invalid setting.
 */
class FakeCell implements QueueCell {
	values: Values = { K: 10 };
	run: { n: number } | null = { n: 1 };
	parsed = { ok: true };
	bridge = { state: 'ready', latest: 0 };
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
