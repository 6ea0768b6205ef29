/**
 * Runs a live cell's scenario once per item, one after another ("run all presets", "every rule
 * against this attack", a robustness grid of attack × rule): each item's settings are applied to
 * the cell and played to the end, each finished run stays on the cell's chart as a ghost, and the
 * queue keeps one result per item, by key. The queue drives the cell only through its public API
 * (`set`, `play`, `clearGhosts`) and stops by itself when the reader starts another run or changes
 * a setting.
 */
import { untrack } from 'svelte';
import type { Values } from './fields';

/** What the queue needs of a cell (`CellState` has it; tests pass a fake). */
export interface QueueCell {
	readonly values: Values;
	readonly run: { readonly n: number } | null;
	readonly parsed: { readonly ok: boolean };
	/** Playing, from the reader's point of view. */
	readonly playing: boolean;
	readonly bridge: { readonly state: string; readonly latest: number };
	readonly playhead: { readonly playing: boolean; readonly t: number; toEnd(): void };
	set(changes: Values): void;
	play(): void;
	clearGhosts(): void;
}

/** One run of the queue: its key, what the reader sees, and the settings applied before it. */
export interface QueueItem<K extends string = string> {
	readonly key: K;
	readonly label: string;
	readonly values: Values;
}

export interface RunQueueOptions<K extends string, R> {
	/** The result of an item, read from the cell once its run has finished. */
	result?: (item: QueueItem<K>, cell: QueueCell) => R;
	/**
	 * How a finished run is shown before the next starts: `follow` waits for the animation to
	 * reach the end (and for the reader, if they paused it); `jump` moves the playhead to the end.
	 */
	finish?: 'follow' | 'jump';
	/** Real milliseconds a finished run stays on screen before the next starts. */
	holdMs?: number;
}

const sameValues = (a: Values, b: Values) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class RunQueue<K extends string = string, R = null> {
	/** The items of the current (or last) batch, in order. */
	items = $state.raw<readonly QueueItem<K>[]>([]);
	/** Index of the item running now; −1 when idle. */
	index = $state(-1);
	/** One result per finished item, in order. */
	results = $state.raw<readonly { readonly key: K; readonly value: R }[]>([]);

	readonly #cell: QueueCell;
	readonly #opts: RunQueueOptions<K, R>;
	/** The run number and settings of the running item, to notice the reader taking over. */
	#launched: { n: number; values: Values } | null = null;
	#hold: ReturnType<typeof setTimeout> | null = null;

	constructor(cell: QueueCell, opts: RunQueueOptions<K, R> = {}) {
		this.#cell = cell;
		this.#opts = opts;
	}

	get active(): boolean {
		return this.index >= 0;
	}

	/** The item running now. */
	get current(): QueueItem<K> | null {
		return this.items[this.index] ?? null;
	}

	/** The result of item `key`, once it has finished. */
	resultOf(key: K): R | undefined {
		return this.results.find((r) => r.key === key)?.value;
	}

	/** Starts a batch (the chart's earlier runs are cleared); returns false if it could not. */
	start(items: readonly QueueItem<K>[]): boolean {
		this.cancel();
		this.items = items;
		this.results = [];
		return this.#launch(0);
	}

	/** Stops after the run under way (which plays on); keeps the results so far. */
	cancel(): void {
		if (this.#hold) clearTimeout(this.#hold);
		this.#hold = null;
		this.#launched = null;
		this.index = -1;
	}

	/** Follows the cell from an effect; returns the cleanup (which cancels the batch). */
	attach(): () => void {
		const stop = $effect.root(() => {
			$effect(() => {
				// the run, its state, the animation and the settings decide when the next item starts
				void this.index;
				void this.#cell.run;
				void this.#cell.bridge.state;
				void this.#cell.playing;
				void this.#cell.values;
				untrack(() => this.sync());
			});
		});
		return () => {
			stop();
			this.cancel();
		};
	}

	/** Starts the next item once the current run has finished and been shown. */
	sync(): void {
		const item = this.current;
		const launched = this.#launched;
		if (!item || !launched || this.#hold) return;
		const cell = this.#cell;
		if (cell.run?.n !== launched.n || !sameValues(cell.values, launched.values))
			return this.cancel(); // the reader took over
		if (cell.bridge.state !== 'finished') return;
		if (this.#opts.finish === 'jump') cell.playhead.toEnd();
		// the reader paused the animation: wait for them
		else if (cell.playing || (!cell.playhead.playing && cell.playhead.t < cell.bridge.latest))
			return;
		const value = (this.#opts.result?.(item, cell) ?? null) as R;
		this.results = [...this.results, { key: item.key, value }];
		const next = this.index + 1;
		if (!this.#opts.holdMs) {
			this.#launch(next);
			return;
		}
		this.#hold = setTimeout(() => {
			this.#hold = null;
			this.#launch(next);
		}, this.#opts.holdMs);
	}

	#launch(i: number): boolean {
		const item = this.items[i];
		const cell = this.#cell;
		if (!item) {
			this.cancel();
			return false;
		}
		cell.set(item.values);
		if (!cell.parsed.ok || !cell.run) {
			this.cancel(); // the settings do not make a valid scenario: the controls say why
			return false;
		}
		cell.play();
		if (i === 0) cell.clearGhosts(); // after the launch, which may have kept the replaced run
		this.index = i;
		this.#launched = cell.run ? { n: cell.run.n, values: cell.values } : null;
		return true;
	}
}
