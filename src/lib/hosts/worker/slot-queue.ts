/**
 * N slots (workers) and a first-come queue of work: each piece of work gets a free slot, or waits
 * for the first one freed. The trainer pool and the comparison runs both dispatch through it. It is
 * small enough to write here: the pool libraries (workerpool, piscina) create and own their
 * workers, while ours are built by Vite's literal `new Worker(new URL(…))` and speak the worker
 * host's protocol (init, backend, errors by job id).
 */
export class SlotQueue<S> {
	readonly #free: S[];
	readonly #waiting: ((slot: S) => void)[] = [];

	constructor(slots: readonly S[]) {
		if (!slots.length) throw new Error('a slot queue needs at least one slot');
		this.#free = [...slots];
	}

	/** Slots not in use now. */
	get free(): number {
		return this.#free.length;
	}

	/** Runs `work` on a free slot (waiting for one if needed) and frees it when `work` settles. */
	async use<T>(work: (slot: S) => Promise<T>): Promise<T> {
		const slot = this.#free.shift() ?? (await new Promise<S>((r) => this.#waiting.push(r)));
		try {
			return await work(slot);
		} finally {
			const next = this.#waiting.shift();
			if (next) next(slot);
			else this.#free.push(slot);
		}
	}

	/** Drops the work still waiting for a slot (it never starts). */
	clear(): void {
		this.#waiting.length = 0;
	}
}
