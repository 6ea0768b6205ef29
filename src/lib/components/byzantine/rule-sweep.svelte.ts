/**
 * "Same partition and attack, one run per aggregator, overlaid": a `RunQueue` over the aggregation
 * rules, run at full speed without animation, several at once (batch mode; where the page cannot
 * start workers, one after another in the cell). Each finished run stays on the cell's chart as a
 * ghost labelled with its rule, and the sweep keeps a one-line result per rule (final accuracy, or
 * the round it diverged in: a diverged run leaves no curve); `replay(rule)` plays one of them
 * animated in the cell (same settings and seed: the same run). Rules whose preconditions fail
 * with these settings are skipped with the reason.
 */
import type { EventOf } from '$lib/sim/core/events';
import { aggregatorNames, aggregators, type AggregatorName } from '$lib/sim/robust/aggregate';
import { cellBatch } from '$lib/state/batch-runs';
import type { CellState } from '$lib/state/cell.svelte';
import { toScenario, withValues, type Values } from '$lib/state/fields';
import { RunQueue } from '$lib/state/run-queue.svelte';
import { ruleColor } from '$lib/viz/palette';

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
	/** The rule's colour (viz/palette.ts), also its curve's on the chart (state/rule-series.ts). */
	readonly color: string;
}

/** "aggregator: Krum needs …" → "Krum needs …". */
export function plainMessage(m: string): string {
	const s = m.replace(/^[\w./ ]+:\s*/, '');
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A rule's line from its run's evaluations, divergence and rounds (its colour is the rule's). */
function summary(
	rule: AggregatorName,
	metrics: readonly EventOf<'evaluated'>[],
	diverged: number | null,
	rounds: number
): SweepResult {
	return {
		rule,
		label: aggregators[rule].label,
		accuracy: metrics.at(-1)?.accuracy ?? null,
		diverged,
		rounds,
		color: ruleColor(rule)
	};
}

/** The last run's result, read from the cell's bridge (animated mode). */
function resultOf(cell: CellState, rule: AggregatorName): SweepResult {
	const { metrics, events } = cell.bridge;
	let diverged: number | null = null;
	for (let i = events.length - 1; i >= 0 && i >= events.length - 50; i--) {
		const e = events[i];
		if (e?.type === 'diverged') {
			diverged = e.round;
			break;
		}
	}
	return summary(rule, metrics, diverged, cell.run?.scenario.rounds ?? 0);
}

export class RuleSweep {
	readonly queue: RunQueue<AggregatorName, SweepResult>;
	skipped = $state.raw<readonly { rule: AggregatorName; reason: string }[]>([]);
	/** What is being swept (the preset's label), null before the first sweep. */
	label = $state<string | null>(null);

	#cell: CellState;

	constructor(cell: CellState) {
		this.#cell = cell;
		this.queue = new RunQueue(cell, {
			result: (item) => resultOf(cell, item.key),
			batch: {
				runner: cellBatch(cell),
				result: (item, o) =>
					summary(
						item.key,
						o.metrics,
						o.diverged?.round ?? null,
						cell.parsed.ok ? cell.parsed.scenario.rounds : 0
					)
			}
		});
	}

	get active(): boolean {
		return this.queue.active;
	}

	/** Rules in this sweep (run or to run). */
	get total(): number {
		return this.queue.items.length;
	}

	/** The finished rules' results, in order. */
	get results(): readonly SweepResult[] {
		return this.queue.results.map((r) => r.value);
	}

	/** Runs `preset`'s settings once per rule (the rules whose preconditions hold). */
	start(preset: SweepPreset, rules: readonly AggregatorName[] = aggregatorNames): void {
		const target = withValues(this.#cell.values, preset.values);
		const run: AggregatorName[] = [];
		const skipped: { rule: AggregatorName; reason: string }[] = [];
		for (const rule of rules) {
			const r = toScenario(withValues(target, { agg: rule }));
			if (r.ok) run.push(rule);
			else skipped.push({ rule, reason: r.errors.map(plainMessage).join('; ') });
		}
		this.label = preset.label;
		this.skipped = skipped;
		this.queue.start(
			run.map((rule) => ({
				key: rule,
				label: aggregators[rule].label,
				values: { ...preset.values, agg: rule }
			}))
		);
	}

	stop(): void {
		this.queue.cancel();
	}

	/** Plays rule `rule`'s run of the last sweep animated in the cell (the same run). */
	replay(rule: AggregatorName): boolean {
		return this.queue.replay(rule);
	}
}
