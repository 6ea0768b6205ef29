/**
 * "Same partition and attack, one run per aggregator, overlaid": runs a live cell's scenario once
 * per aggregation rule, one after another. Each finished run stays on the cell's chart as a ghost
 * labelled with its rule, and the sweep keeps a one-line result per rule (final accuracy, or the
 * round it diverged in: a diverged run leaves no curve). Rules whose preconditions fail with these
 * settings are skipped with the reason. Changing any other setting stops the sweep.
 *
 * The cell offers no queue of its own, so the sweep drives it through its public API (`set`,
 * `play`, `clearGhosts`) and advances from `sync()`, which the component calls from an effect
 * whenever the run's state changes.
 */
import { aggregatorNames, aggregators, type AggregatorName } from '$lib/sim/robust/aggregate';
import type { CellState } from '$lib/state/cell.svelte';
import { toScenario, withValues, type Values } from '$lib/state/fields';
import { runColor } from '$lib/state/runs';

/** A named attack to sweep every rule against. */
export interface SweepPreset {
	readonly label: string;
	readonly description: string;
	/** Settings applied before the first run (the attack). */
	readonly values: Values;
}

export interface SweepResult {
	readonly rule: AggregatorName;
	readonly label: string;
	/** Final test accuracy, or null when the run diverged before any evaluation. */
	readonly accuracy: number | null;
	/** The round the run diverged in, if it did. */
	readonly diverged: number | null;
	readonly rounds: number;
	/** The colour of its curve on the chart. */
	readonly color: string;
}

/** The settings that must stay fixed during a sweep: everything but the rule. */
const fixed = (v: Values) => JSON.stringify({ ...v, agg: null });

/** "aggregator: Krum needs …" → "Krum needs …". */
export function plainMessage(m: string): string {
	const s = m.replace(/^[\w./ ]+:\s*/, '');
	return s.charAt(0).toUpperCase() + s.slice(1);
}

export class RuleSweep {
	/** Rules still to run, the running one first. */
	queue = $state.raw<readonly AggregatorName[]>([]);
	skipped = $state.raw<readonly { rule: AggregatorName; reason: string }[]>([]);
	results = $state.raw<readonly SweepResult[]>([]);
	/** Rules in this sweep (run or to run). */
	total = $state(0);
	/** What is being swept (the preset's label), null before the first sweep. */
	label = $state<string | null>(null);

	#cell: CellState;
	#fixed = '';

	constructor(cell: CellState) {
		this.#cell = cell;
	}

	get active(): boolean {
		return this.queue.length > 0;
	}

	/** Runs `preset`'s settings once per rule (the rules whose preconditions hold). */
	start(preset: SweepPreset, rules: readonly AggregatorName[] = aggregatorNames): void {
		const cell = this.#cell;
		const target = withValues(cell.values, preset.values);
		const run: AggregatorName[] = [];
		const skipped: { rule: AggregatorName; reason: string }[] = [];
		for (const rule of rules) {
			const r = toScenario(withValues(target, { agg: rule }));
			if (r.ok) run.push(rule);
			else skipped.push({ rule, reason: r.errors.map(plainMessage).join('; ') });
		}
		this.label = preset.label;
		this.skipped = skipped;
		this.results = [];
		this.total = run.length;
		this.#fixed = fixed(target);
		this.queue = run;
		if (!run.length) return;
		this.#launch(preset.values);
		cell.clearGhosts(); // after the launch, which may have kept the replaced run as a ghost
	}

	stop(): void {
		this.queue = [];
	}

	/** Follows the cell: the next rule once a run has finished and its animation has caught up. */
	sync(): void {
		const rule = this.queue[0];
		if (!rule) return;
		const cell = this.#cell;
		if (fixed(cell.values) !== this.#fixed || cell.values.agg !== rule) return this.stop();
		const run = cell.run;
		if (!run || run.values.agg !== rule || cell.bridge.state !== 'finished') return;
		// the reader paused the animation: wait for them
		if (cell.playing || (!cell.playhead.playing && cell.playhead.t < cell.bridge.latest)) return;
		this.results = [...this.results, this.#result(rule, run.scenario.rounds, runColor(run.n))];
		const rest = this.queue.slice(1);
		this.queue = rest;
		if (rest.length) this.#launch({});
	}

	#launch(values: Values): void {
		const rule = this.queue[0];
		if (!rule) return;
		this.#cell.set({ ...values, agg: rule });
		this.#cell.play();
	}

	#result(rule: AggregatorName, rounds: number, color: string): SweepResult {
		const { metrics, events } = this.#cell.bridge;
		let diverged: number | null = null;
		for (let i = events.length - 1; i >= 0 && i >= events.length - 50; i--) {
			const e = events[i];
			if (e?.type === 'diverged') {
				diverged = e.round;
				break;
			}
		}
		return {
			rule,
			label: aggregators[rule].label,
			accuracy: metrics.at(-1)?.accuracy ?? null,
			diverged,
			rounds,
			color
		};
	}
}
