/**
 * A real-time clock for hosts whose clients are real devices (the classroom): actions run when
 * the wall clock reaches them, and `now` is real seconds since the clock was made. It has the
 * `EventClock` interface the engine schedules on, plus what `Engine.runLive` needs to wait for
 * the next due action and to let an action that waits on the outside world (a student's phone
 * training) step aside. Simulated runs never use it.
 */
import type { Action } from './clock';

interface Entry {
	t: number;
	seq: number;
	run: Action;
}

export class WallClock {
	readonly #startMs: number;
	readonly #nowMs: () => number;
	/** Entries sorted by (t, seq): few at a time (a round's messages), so a sorted array will do. */
	#queue: Entry[] = [];
	#seq = 0;
	#waiter: (() => void) | null = null;
	#release: (() => void) | null = null;

	/** `nowMs`: the millisecond source (injected in tests); `performance.now` by default. */
	constructor(nowMs: () => number = () => performance.now()) {
		this.#nowMs = nowMs;
		this.#startMs = nowMs();
	}

	/** Real seconds since the clock was made. */
	get now(): number {
		return (this.#nowMs() - this.#startMs) / 1000;
	}

	get pending(): number {
		return this.#queue.length;
	}

	/** Schedules `run` at `now + delay` seconds of real time (delay ≥ 0). */
	schedule(delay: number, run: Action): void {
		if (!(delay >= 0)) throw new Error(`cannot schedule ${delay} s ahead`);
		const e = { t: this.now + delay, seq: this.#seq++, run };
		const q = this.#queue;
		let i = q.length;
		while (i > 0 && (q[i - 1] as Entry).t > e.t) i--;
		q.splice(i, 0, e);
		this.wake();
	}

	/** Removes and returns the earliest action that is due now, or null when none is due yet. */
	pop(): Action | null {
		const top = this.#queue[0];
		if (!top || top.t > this.now) return null;
		this.#queue.shift();
		return top.run;
	}

	clear(): void {
		this.#queue = [];
		this.wake();
	}

	/** Resolves when the earliest action comes due, or on `wake()` (a new action, a pause). */
	next(): Promise<void> {
		return new Promise((resolve) => {
			const top = this.#queue[0];
			let timer: ReturnType<typeof setTimeout> | null = null;
			const done = () => {
				if (timer !== null) clearTimeout(timer);
				if (this.#waiter === done) this.#waiter = null;
				resolve();
			};
			this.#waiter?.();
			this.#waiter = done;
			if (top) timer = setTimeout(done, Math.max(0, (top.t - this.now) * 1000));
		});
	}

	/** Ends the current `next()` wait early. */
	wake(): void {
		this.#waiter?.();
	}

	/**
	 * Resolves when the action in progress calls `release()`: it now waits on the outside world
	 * (a remote client), so the loop may run other actions meanwhile.
	 */
	released(): Promise<void> {
		return new Promise((resolve) => {
			this.#release = () => {
				this.#release = null;
				resolve();
			};
		});
	}

	/** Called by an action that is about to wait on the outside world (see `released`). */
	release(): void {
		this.#release?.();
	}
}
