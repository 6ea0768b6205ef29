/**
 * Runs a live cell's scenario once per item ("run all presets", "every rule against this attack",
 * a robustness grid of attack × rule) and keeps one result per item, by key. Two ways:
 *
 * - **batch** (when the page can start workers): whole runs at full speed without animation, in
 *   parallel, each in its own engine worker (`BatchRunner`, as many at once as `parallelRuns`
 *   allows); each finished run joins the chart as a ghost, in item order. `replay(key)` then plays
 *   one of them animated in the cell: it re-runs the same settings and seed, so it is the same run
 *   (same events, same curve), not a recording.
 * - **animated** (the fallback): each item's settings are applied to the cell and played to the
 *   end, one after another; the queue stops by itself when the reader starts another run or
 *   changes a setting.
 *
 * The queue drives the cell only through its public API (`set`, `play`, `clearGhosts`, `addGhost`).
 */
import { untrack } from 'svelte';
import type { EventOf } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import type { BatchRunner, RunOutcome } from './batch-runs';
import { withinBudget } from './budget';
import { toScenario, withValues, type Values } from './fields';
import { deviceInfo, parallelRuns } from './pool-size';

/** What the queue needs of a cell (`CellState` has it; tests pass a fake). */
export interface QueueCell {
	readonly values: Values;
	readonly run: { readonly n: number } | null;
	readonly parsed: { readonly ok: boolean };
	/** Playing, from the reader's point of view. */
	readonly playing: boolean;
	readonly bridge: {
		readonly state: string;
		readonly latest: number;
		/** The run's evaluations so far (to check a replay against its batch run). */
		readonly metrics?: readonly EventOf<'evaluated'>[];
	};
	readonly playhead: { readonly playing: boolean; readonly t: number; toEnd(): void };
	set(changes: Values): void;
	play(): void;
	clearGhosts(): void;
	/** Puts a finished run on the chart as a ghost; returns its run number. */
	addGhost(values: Values, points: readonly EventOf<'evaluated'>[], preset?: string): number;
	/** The link's `workers=` (undefined: one per core). */
	readonly workersRequested?: number;
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
	/** Batch mode, when `runner` gives one (else the queue animates each run in the cell). */
	batch?: {
		/** Workers for `size` runs at once; null where the page cannot start workers. */
		runner(size: number): BatchRunner | null;
		/** The result of an item; `ghost` is its run number on the chart (null: not drawn). */
		result(item: QueueItem<K>, outcome: RunOutcome, ghost: number | null): R;
		/** Draw each finished run on the cell's chart as a ghost (default true). */
		ghosts?: boolean;
		/** A preset label for an item's ghost. */
		preset?(item: QueueItem<K>): string | undefined;
	};
}

/** A batch under way: its runner, each item's full settings, and what has finished. */
interface Batch<K extends string> {
	readonly runner: BatchRunner;
	readonly values: ReadonlyMap<K, Values>;
	readonly outcomes: Map<K, RunOutcome | Error>;
	/** Items shown so far (results and ghosts go in item order). */
	shown: number;
	stopped: boolean;
}

const emptyMap = <K, V>(): ReadonlyMap<K, V> => new Map<K, V>();

/** Whether two runs' evaluations are the same, figure for figure. */
function sameMetrics(
	a: readonly EventOf<'evaluated'>[],
	b: readonly EventOf<'evaluated'>[]
): boolean {
	return (
		a.length === b.length &&
		a.every((x, i) => {
			const y = b[i];
			return (
				y !== undefined &&
				x.round === y.round &&
				x.t === y.t &&
				x.accuracy === y.accuracy &&
				x.loss === y.loss &&
				x.bytesUp === y.bytesUp &&
				x.bytesDown === y.bytesDown &&
				x.attackSuccess === y.attackSuccess
			);
		})
	);
}

const sameValues = (a: Values, b: Values) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class RunQueue<K extends string = string, R = null> {
	/** The items of the current (or last) batch, in order. */
	items = $state.raw<readonly QueueItem<K>[]>([]);
	/** Index of the item running now; −1 when idle. */
	index = $state(-1);
	/** One result per finished item, in order. */
	results = $state.raw<readonly { readonly key: K; readonly value: R }[]>([]);
	/** Batch mode: runs at once (0: animated mode or idle). */
	parallel = $state(0);
	/** Batch mode: real seconds the last batch took, once it has finished. */
	seconds = $state<number | null>(null);
	/** Batch mode: items that failed, with the reason. */
	failed = $state.raw<readonly { readonly key: K; readonly reason: string }[]>([]);
	/** The item being replayed in the cell, and the cell's run number for it. */
	replaying = $state.raw<{ readonly key: K; readonly n: number } | null>(null);

	readonly #cell: QueueCell;
	readonly #opts: RunQueueOptions<K, R>;
	/** The run number and settings of the running item, to notice the reader taking over. */
	#launched: { n: number; values: Values } | null = null;
	#hold: ReturnType<typeof setTimeout> | null = null;
	#batch: Batch<K> | null = null;
	/** The settings of every item of the last batch, for `replay` (replaced, never mutated). */
	#replayable: ReadonlyMap<K, Values> = emptyMap();
	/** What each item of the last batch computed, to check a replay against. */
	#outcomes: ReadonlyMap<K, RunOutcome | Error> = emptyMap();

	constructor(cell: QueueCell, opts: RunQueueOptions<K, R> = {}) {
		this.#cell = cell;
		this.#opts = opts;
	}

	get active(): boolean {
		return this.index >= 0;
	}

	/**
	 * The item running now (batch mode: the first one not finished). In batch mode `index` counts
	 * the finished items, so "run index + 1 of n" reads the same in both modes.
	 */
	get current(): QueueItem<K> | null {
		return this.items[this.index] ?? null;
	}

	/** Whether the last batch's item `key` can be replayed in the cell. */
	canReplay(key: K): boolean {
		return this.#replayable.has(key) && this.resultOf(key) !== undefined;
	}

	/**
	 * Plays the last batch's item `key` animated in the cell: the same settings and seed, so the
	 * same run as the batch's (the engine is deterministic). Returns false if it cannot.
	 */
	replay(key: K): boolean {
		const values = this.#replayable.get(key);
		if (!values || this.active) return false;
		this.#cell.set(values);
		if (!this.#cell.parsed.ok) return false;
		this.#cell.play();
		const n = this.#cell.run?.n;
		this.replaying = n === undefined ? null : { key, n };
		return true;
	}

	/**
	 * Once the replay in the cell has finished: whether it computed exactly what the batch's run of
	 * the item did (every evaluation's time, accuracy, loss and bytes); null before, or when the
	 * cell has moved on to another run.
	 */
	get replayCheck(): { readonly key: K; readonly same: boolean } | null {
		const r = this.replaying;
		const cell = this.#cell;
		if (!r || cell.run?.n !== r.n || cell.bridge.state !== 'finished') return null;
		const batch = this.#outcomes.get(r.key);
		const live = cell.bridge.metrics;
		if (!batch || batch instanceof Error || !live) return null;
		return { key: r.key, same: sameMetrics(batch.metrics, live) };
	}

	/** The result of item `key`, once it has finished. */
	resultOf(key: K): R | undefined {
		return this.results.find((r) => r.key === key)?.value;
	}

	/** Starts a batch (the chart's earlier runs are cleared); returns false if it could not. */
	start(items: readonly QueueItem<K>[]): boolean {
		this.cancel();
		this.#batch?.runner.dispose();
		this.#batch = null;
		this.items = items;
		this.results = [];
		this.failed = [];
		this.seconds = null;
		this.#replayable = emptyMap();
		this.#outcomes = emptyMap();
		this.replaying = null;
		if (this.#opts.batch && items.length) {
			const started = this.#startBatch(items);
			if (started !== null) return started;
		}
		return this.#launch(0);
	}

	/**
	 * Stops after the run under way (which plays on); keeps the results so far. Batch mode: the
	 * runs not started are dropped, the runs under way finish and are shown.
	 */
	cancel(): void {
		if (this.#hold) clearTimeout(this.#hold);
		this.#hold = null;
		this.#launched = null;
		this.index = -1;
		this.parallel = 0;
		const batch = this.#batch;
		if (batch && !batch.stopped) {
			batch.stopped = true;
			batch.runner.dropQueued();
			this.#endIfIdle(batch);
		}
	}

	/** Ends the workers of a batch still running (the page goes away). */
	dispose(): void {
		this.cancel();
		this.#batch?.runner.dispose();
		this.#batch = null;
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
			this.dispose();
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

	/** Batch mode; null when no runner could start (the queue then animates). */
	#startBatch(items: readonly QueueItem<K>[]): boolean | null {
		const opts = this.#opts.batch;
		if (!opts) return null;
		const cell = this.#cell;
		// plain bookkeeping, read by the queue only (the reactive state is `results` and `index`)
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const values = new Map<K, Values>();
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const scenarios = new Map<K, Scenario>();
		for (const item of items) {
			const full = withValues(cell.values, item.values);
			const parsed = withinBudget(toScenario(full));
			if (!parsed.ok) return false; // callers leave out refused items; the controls say why
			values.set(item.key, full);
			scenarios.set(item.key, parsed.scenario);
		}
		const size = parallelRuns([...scenarios.values()], deviceInfo(), cell.workersRequested);
		const runner = opts.runner(size);
		if (!runner) return null;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const outcomes = new Map<K, RunOutcome | Error>();
		const batch: Batch<K> = { runner, values, outcomes, shown: 0, stopped: false };
		this.#batch = batch;
		this.#replayable = values;
		this.#outcomes = outcomes;
		if (opts.ghosts !== false) cell.clearGhosts();
		this.index = 0;
		this.parallel = runner.size;
		const t0 = performance.now();
		for (const item of items) {
			runner.run(scenarios.get(item.key) as Scenario).then(
				(o) => this.#finished(batch, item.key, o, t0),
				(e: unknown) =>
					this.#finished(batch, item.key, e instanceof Error ? e : new Error(String(e)), t0)
			);
		}
		return true;
	}

	/** One run of `batch` ended: show every finished item up to the first one still running. */
	#finished(batch: Batch<K>, key: K, outcome: RunOutcome | Error, t0: number): void {
		if (this.#batch !== batch) return; // replaced by a newer batch
		batch.outcomes.set(key, outcome);
		const opts = this.#opts.batch;
		if (!opts) return;
		const results = [...this.results];
		const failed = [...this.failed];
		for (let item = this.items[batch.shown]; item; item = this.items[batch.shown]) {
			const o = batch.outcomes.get(item.key);
			if (o === undefined) break;
			batch.shown++;
			if (o instanceof Error) {
				failed.push({ key: item.key, reason: o.message });
				continue;
			}
			const ghost =
				opts.ghosts === false
					? null
					: this.#cell.addGhost(
							batch.values.get(item.key) as Values,
							o.metrics,
							opts.preset?.(item)
						);
			results.push({ key: item.key, value: opts.result(item, o, ghost) });
		}
		this.results = results;
		this.failed = failed;
		if (!batch.stopped) this.index = batch.shown;
		if (batch.shown === this.items.length) {
			this.seconds = (performance.now() - t0) / 1000;
			if (!batch.stopped) this.cancel();
		}
		this.#endIfIdle(batch);
	}

	/** Frees the workers of a stopped batch once nothing of it runs. */
	#endIfIdle(batch: Batch<K>): void {
		if (!batch.stopped || batch.runner.busy > 0) return;
		batch.runner.dispose();
		if (this.#batch === batch) this.#batch = null;
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
