/**
 * The robustness heatmap's runs: a `RunQueue` over attack × rule (or Byzantine share × Dirichlet α
 * for the cell's rule and attack), each cell a real run of the cell's scenario played to the end,
 * at full speed without animation and several at once (batch mode; the chart gets no ghosts, the
 * heatmap is the view), any of which `replay(key)` plays animated in the cell.
 * Finished cells are cached by the hash of their scenario (`scenarioHash`) for the page's life, so
 * running the grid again, or a grid that shares cells, reuses them; cells whose scenario is refused
 * (e.g. Bulyan's n ≥ 4f + 3) are marked with the reason and not run. Cancel stops after the run
 * under way.
 */
import { cellBatch, type RunOutcome } from '$lib/state/batch-runs';
import type { CellState } from '$lib/state/cell.svelte';
import { toScenario, withValues, type Values } from '$lib/state/fields';
import { RunQueue } from '$lib/state/run-queue.svelte';
import { scenarioHash } from '$lib/sim/robust/grid';
import { buildHeatmap, type HeatCell, type Heatmap } from '$lib/viz/heatmap';
import { plainMessage } from './rule-sweep.svelte';

export type GridMode = 'attacks' | 'shape';

interface Axis {
	readonly label: string;
	readonly values: Values;
}

/** The rules of the attack × rule grid (columns): each the field values that select it. */
export const GRID_RULES: readonly Axis[] = [
	{ label: 'Mean', values: { agg: 'mean', pre: 'none' } },
	{ label: 'Median', values: { agg: 'median', pre: 'none' } },
	{ label: 'Trimmed mean', values: { agg: 'trimmedMean', pre: 'none' } },
	{ label: 'Krum', values: { agg: 'krum', pre: 'none' } },
	{ label: 'Bulyan', values: { agg: 'bulyan', pre: 'none' } },
	{ label: 'Centered clipping', values: { agg: 'centeredClipping', pre: 'none' } },
	{ label: 'FLTrust', values: { agg: 'fltrust', pre: 'none' } },
	{ label: 'DnC', values: { agg: 'dnc', pre: 'none' } },
	{ label: 'Norm clipping', values: { agg: 'normClip', pre: 'none' } },
	{ label: 'NNM + median', values: { agg: 'median', pre: 'nnm' } }
];

/** The attacks of the grid (rows). */
export const GRID_ATTACKS: readonly Axis[] = [
	{ label: 'Sign flip', values: { attack: 'signFlip' } },
	{ label: 'ALIE', values: { attack: 'alie' } },
	{ label: 'IPM', values: { attack: 'ipm' } },
	{ label: 'Min-max', values: { attack: 'minMax' } },
	{ label: 'Mimic', values: { attack: 'mimic' } },
	{ label: 'Backdoor', values: { attack: 'backdoor' } }
];

const SHARES = [0.1, 0.2, 0.3, 0.4];
const ALPHAS = [0.1, 1, 100];

/** Finished cells by scenario hash, shared by every grid of the page. */
const cache: Record<string, HeatCell> = {};

/** A finished cell from a batch run. */
function outcomeCell(o: RunOutcome): HeatCell {
	const last = o.metrics.at(-1);
	return {
		accuracy: last?.accuracy ?? (o.diverged ? 0 : null),
		...(last?.attackSuccess !== undefined && { attackSuccess: last.attackSuccess }),
		...(o.diverged && { diverged: true })
	};
}

function resultOf(cell: CellState): HeatCell {
	const { metrics, events } = cell.bridge;
	let diverged = false;
	for (let i = events.length - 1; i >= 0 && i >= events.length - 50; i--)
		if (events[i]?.type === 'diverged') diverged = true;
	const last = metrics.at(-1);
	return {
		accuracy: last?.accuracy ?? (diverged ? 0 : null),
		...(last?.attackSuccess !== undefined && { attackSuccess: last.attackSuccess }),
		...(diverged && { diverged })
	};
}

export class RobustGrid {
	readonly queue: RunQueue<string, HeatCell>;
	mode = $state<GridMode>('attacks');
	/** Cells known before the runs: cached ones and refused ones, by key "row|column". */
	known = $state.raw<Readonly<Record<string, HeatCell>>>({});
	rows = $state.raw<readonly string[]>([]);
	columns = $state.raw<readonly string[]>([]);
	/** The scenario hash of each queued cell (its cache key). */
	#hashes: Record<string, string> = {};
	#cell: CellState;

	constructor(cell: CellState) {
		this.#cell = cell;
		const keep = (key: string, r: HeatCell) => {
			const h = this.#hashes[key];
			if (h) cache[h] = r;
			return r;
		};
		this.queue = new RunQueue(cell, {
			finish: 'jump',
			result: (item) => keep(item.key, resultOf(cell)),
			batch: {
				runner: cellBatch(cell),
				ghosts: false,
				result: (item, o) => keep(item.key, outcomeCell(o))
			}
		});
	}

	get active(): boolean {
		return this.queue.active;
	}

	/** Cells still to run in this batch (including the one running). */
	get remaining(): number {
		return this.queue.active ? this.queue.items.length - this.queue.index : 0;
	}

	get total(): number {
		return this.queue.items.length;
	}

	/** The heatmap so far. */
	get heatmap(): Heatmap {
		const results: Record<string, HeatCell> = Object.fromEntries(
			this.queue.results.map((r) => [r.key, r.value])
		);
		return buildHeatmap(
			this.rows,
			this.columns,
			(r, c) => this.known[`${r}|${c}`] ?? results[`${r}|${c}`]
		);
	}

	/** Builds the grid of `mode` around the cell's settings and runs the cells not cached. */
	start(mode: GridMode): void {
		this.mode = mode;
		const base = this.#cell.values;
		const share = typeof base.byz === 'number' && base.byz > 0 ? base.byz : 0.3;
		// rows: attacks (or shares); columns: rules (or α), so the worst case per rule is a row below
		const rows: Axis[] =
			mode === 'attacks'
				? GRID_ATTACKS.map((a) => ({ ...a, values: { ...a.values, byz: share } }))
				: SHARES.map((s) => ({ label: `${Math.round(s * 100)} % Byzantine`, values: { byz: s } }));
		const columns: Axis[] =
			mode === 'attacks'
				? [...GRID_RULES]
				: ALPHAS.map((a) => ({ label: `α = ${a}`, values: { split: 'dirichlet', alpha: a } }));
		const known: Record<string, HeatCell> = {};
		const items: { key: string; label: string; values: Values }[] = [];
		this.#hashes = {};
		for (const r of rows)
			for (const c of columns) {
				const key = `${r.label}|${c.label}`;
				const values = { ...r.values, ...c.values };
				const parsed = toScenario(withValues(base, values));
				if (!parsed.ok) {
					known[key] = { accuracy: null, refused: parsed.errors.map(plainMessage).join('; ') };
					continue;
				}
				const hash = scenarioHash(parsed.scenario);
				const hit = cache[hash];
				if (hit) known[key] = hit;
				else {
					this.#hashes[key] = hash;
					items.push({ key, label: `${r.label} × ${c.label}`, values });
				}
			}
		this.rows = rows.map((r) => r.label);
		this.columns = columns.map((c) => c.label);
		this.known = known;
		if (items.length) this.queue.start(items);
		else this.queue.cancel();
	}

	cancel(): void {
		this.queue.cancel();
	}

	/** Plays cell `key` ("row|column") of the last batch animated in the cell (the same run). */
	replay(key: string): boolean {
		return this.queue.replay(key);
	}
}
