/**
 * The robustness grid: attack × rule (× share of Byzantine clients × Dirichlet α), each cell a real
 * run of a base scenario. The browser heatmap and `npm run sweep` both expand a grid here and
 * summarise it the same way: ByzFL's worst case per rule (the lowest final clean accuracy over the
 * attacks and settings tried). Pure: no engine, no I/O.
 */
import { hashString } from '../core/rng';
import { parseScenario, type Scenario, type ScenarioInput } from '../scenario';
import type { AggregatorSpec, AttackSpec, PreAggregateSpec } from '../core/schema';

type Loose<T> = T extends { kind: infer K } ? { kind: K } & Partial<Omit<T, 'kind'>> : never;

/** A rule of the grid: an aggregator, optionally behind a pre-aggregation step. */
export type GridRule =
	| Loose<AggregatorSpec>
	| { aggregator: Loose<AggregatorSpec>; preAggregate?: Loose<PreAggregateSpec> };

export interface GridSpec {
	/** The scenario every cell starts from (its byzantine / aggregator / partition are overridden). */
	readonly base: ScenarioInput;
	readonly attacks: readonly Loose<AttackSpec>[];
	readonly rules: readonly GridRule[];
	/** byzantine.fraction values (default: the base scenario's). */
	readonly fractions?: readonly number[];
	/** Dirichlet α values of the partition (default: the base scenario's partition). */
	readonly alphas?: readonly number[];
}

export interface GridCell {
	readonly attack: string;
	readonly rule: string;
	readonly fraction: number;
	/** The Dirichlet α, or null for the base partition. */
	readonly alpha: number | null;
	/** The validated scenario, or the reasons it was refused (e.g. Bulyan's n ≥ 4f + 3). */
	readonly scenario: Scenario | null;
	readonly refused: readonly string[];
	/** A stable hash of the scenario (the heatmap's cache key); "" when refused. */
	readonly hash: string;
}

export interface CellResult {
	readonly cell: Pick<GridCell, 'attack' | 'rule' | 'fraction' | 'alpha'>;
	/** Final clean accuracy; null when the cell was refused. */
	readonly accuracy: number | null;
	/** Final attack success rate (backdoor cells). */
	readonly attackSuccess?: number;
	readonly diverged?: boolean;
}

const ruleParts = (r: GridRule) =>
	'aggregator' in r
		? { aggregator: r.aggregator, preAggregate: r.preAggregate }
		: { aggregator: r };

/** "median", "nnm+median", "bucketing(2)+krum". */
export function ruleName(r: GridRule): string {
	const { aggregator, preAggregate } = ruleParts(r);
	const pre = preAggregate && preAggregate.kind !== 'none' ? `${preAggregate.kind}+` : '';
	return `${pre}${aggregator.kind}`;
}

/** A canonical JSON (keys sorted) hash of a scenario: same scenario, same key. */
export function scenarioHash(s: Scenario): string {
	const canon = (x: unknown): unknown =>
		x && typeof x === 'object' && !Array.isArray(x)
			? Object.fromEntries(
					Object.keys(x as object)
						.sort()
						.map((k) => [k, canon((x as Record<string, unknown>)[k])])
				)
			: x;
	const text = JSON.stringify(canon(s));
	return `${hashString(text).toString(16)}-${text.length.toString(16)}`;
}

/** Reads a grid from JSON-like input; errors name the field. */
export function parseGrid(
	input: unknown
): { ok: true; grid: GridSpec } | { ok: false; errors: string[] } {
	const errors: string[] = [];
	if (!input || typeof input !== 'object' || Array.isArray(input))
		return {
			ok: false,
			errors: ['a grid must be a JSON object {base, attacks, rules, fractions?, alphas?}']
		};
	const g = input as Record<string, unknown>;
	for (const k of Object.keys(g))
		if (!['base', 'attacks', 'rules', 'fractions', 'alphas'].includes(k))
			errors.push(`${k}: unknown field (expected base, attacks, rules, fractions, alphas)`);
	if (!g.base || typeof g.base !== 'object') errors.push('base: must be a scenario object');
	const list = (k: string, item: (x: unknown) => boolean, what: string, required: boolean) => {
		const v = g[k];
		if (v === undefined) {
			if (required) errors.push(`${k}: missing (a non-empty list of ${what})`);
			return;
		}
		if (!Array.isArray(v) || !v.length) errors.push(`${k}: must be a non-empty list of ${what}`);
		else v.forEach((x, i) => item(x) || errors.push(`${k}[${i}]: must be ${what}`));
	};
	const kindObject = (x: unknown) =>
		!!x && typeof x === 'object' && typeof (x as { kind?: unknown }).kind === 'string';
	list('attacks', kindObject, 'objects with a "kind"', true);
	list(
		'rules',
		(x) =>
			kindObject(x) ||
			(!!x && typeof x === 'object' && kindObject((x as { aggregator?: unknown }).aggregator)),
		'aggregator objects with a "kind" (or {aggregator, preAggregate})',
		true
	);
	list(
		'fractions',
		(x) => typeof x === 'number' && x >= 0 && x <= 0.5,
		'numbers from 0 to 0.5',
		false
	);
	list(
		'alphas',
		(x) => typeof x === 'number' && x >= 0.01 && x <= 1000,
		'numbers from 0.01 to 1000',
		false
	);
	return errors.length ? { ok: false, errors } : { ok: true, grid: input as GridSpec };
}

/** Every cell of the grid, in order attack-major, then rule, fraction, α. */
export function expandGrid(grid: GridSpec): GridCell[] {
	const base = grid.base;
	const fractions = grid.fractions ?? [base.byzantine?.fraction ?? 0];
	const alphas: (number | null)[] = grid.alphas ? [...grid.alphas] : [null];
	const cells: GridCell[] = [];
	for (const attack of grid.attacks)
		for (const rule of grid.rules)
			for (const fraction of fractions)
				for (const alpha of alphas) {
					const { aggregator, preAggregate } = ruleParts(rule);
					const input = {
						...base,
						byzantine: { ...base.byzantine, fraction, attack },
						aggregator,
						preAggregate: preAggregate ?? { kind: 'none' },
						...(alpha !== null && { partition: { kind: 'dirichlet', alpha } })
					};
					const r = parseScenario(input);
					cells.push({
						attack: attack.kind,
						rule: ruleName(rule),
						fraction,
						alpha,
						scenario: r.ok ? r.scenario : null,
						refused: r.ok ? [] : r.errors,
						hash: r.ok ? scenarioHash(r.scenario) : ''
					});
				}
	return cells;
}

export interface WorstCase {
	readonly rule: string;
	/** The lowest final accuracy over the rule's cells that ran; null if none ran. */
	readonly accuracy: number | null;
	/** Where it happened. */
	readonly at: CellResult['cell'] | null;
	/** The highest attack success over its backdoor cells, if any. */
	readonly attackSuccess?: number;
}

/** ByzFL's summary: each rule's worst final accuracy over the grid (diverged runs count as 0). */
export function worstCasePerRule(results: readonly CellResult[]): WorstCase[] {
	const rules = [...new Set(results.map((r) => r.cell.rule))];
	return rules.map((rule) => {
		let worst: CellResult | null = null;
		let success: number | undefined;
		for (const r of results) {
			if (r.cell.rule !== rule || r.accuracy === null) continue;
			const acc = r.diverged ? 0 : r.accuracy;
			if (!worst || acc < (worst.diverged ? 0 : (worst.accuracy as number))) worst = r;
			if (r.attackSuccess !== undefined) success = Math.max(success ?? 0, r.attackSuccess);
		}
		return {
			rule,
			accuracy: worst ? (worst.diverged ? 0 : worst.accuracy) : null,
			at: worst ? worst.cell : null,
			...(success !== undefined && { attackSuccess: success })
		};
	});
}

/** The grid's results as CSV: one row per cell. */
export function gridCsv(results: readonly CellResult[]): string {
	const rows = ['attack,rule,byzantineFraction,alpha,finalAccuracy,attackSuccess,diverged'];
	for (const r of results)
		rows.push(
			[
				r.cell.attack,
				r.cell.rule,
				r.cell.fraction,
				r.cell.alpha ?? '',
				r.accuracy ?? '',
				r.attackSuccess ?? '',
				r.diverged ? 1 : 0
			].join(',')
		);
	return rows.join('\n') + '\n';
}
