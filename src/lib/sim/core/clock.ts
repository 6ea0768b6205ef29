/**
 * A discrete-event clock: actions scheduled at simulated times run in time order (ties in the
 * order they were scheduled), so the run is deterministic however long each action really takes.
 */
export type Action = () => void | Promise<void>;

interface Entry {
	t: number;
	seq: number;
	run: Action;
}

export class EventClock {
	#heap: Entry[] = [];
	#seq = 0;
	#now = 0;

	/** Current simulated time, seconds. */
	get now(): number {
		return this.#now;
	}

	get pending(): number {
		return this.#heap.length;
	}

	/** Schedules `run` at `now + delay` (delay ≥ 0). */
	schedule(delay: number, run: Action): void {
		if (!(delay >= 0)) throw new Error(`cannot schedule ${delay} s ahead`);
		this.#push({ t: this.#now + delay, seq: this.#seq++, run });
	}

	/** Removes the earliest action, advances the clock to it and returns it (or null when idle). */
	pop(): Action | null {
		const h = this.#heap;
		const top = h[0];
		if (!top) return null;
		const last = h.pop() as Entry;
		if (h.length) {
			h[0] = last;
			this.#down(0);
		}
		this.#now = top.t;
		return top.run;
	}

	clear(): void {
		this.#heap = [];
	}

	#less(a: Entry, b: Entry): boolean {
		return a.t < b.t || (a.t === b.t && a.seq < b.seq);
	}

	#push(e: Entry): void {
		const h = this.#heap;
		h.push(e);
		let i = h.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (!this.#less(h[i] as Entry, h[p] as Entry)) break;
			[h[i], h[p]] = [h[p] as Entry, h[i] as Entry];
			i = p;
		}
	}

	#down(i: number): void {
		const h = this.#heap;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < h.length && this.#less(h[l] as Entry, h[m] as Entry)) m = l;
			if (r < h.length && this.#less(h[r] as Entry, h[m] as Entry)) m = r;
			if (m === i) return;
			[h[i], h[m]] = [h[m] as Entry, h[i] as Entry];
			i = m;
		}
	}
}
