import { describe, expect, it } from 'vitest';
import { expandGrid, gridCsv, parseGrid, ruleName, scenarioHash, worstCasePerRule } from './grid';

const base = {
	dataset: 'blobs',
	rounds: 2,
	clients: 10,
	algorithm: { kind: 'fedavg', clientFraction: 1 }
} as const;

describe('the robustness grid', () => {
	it('refuses a bad grid and names the field', () => {
		const r = parseGrid({
			base,
			attacks: [],
			rules: [{ kind: 'mean' }],
			fractions: [0.7],
			extra: 1
		});
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.errors).toEqual([
				'extra: unknown field (expected base, attacks, rules, fractions, alphas)',
				'attacks: must be a non-empty list of objects with a "kind"',
				'fractions[0]: must be numbers from 0 to 0.5'
			]);
	});

	it('expands attack × rule × fraction × α; a rule whose precondition fails is refused, not run', () => {
		const cells = expandGrid({
			base,
			attacks: [{ kind: 'signFlip' }, { kind: 'alie' }],
			rules: [
				{ kind: 'median' },
				{ kind: 'bulyan' },
				{ aggregator: { kind: 'median' }, preAggregate: { kind: 'nnm' } }
			],
			fractions: [0.1, 0.3],
			alphas: [0.5]
		});
		expect(cells).toHaveLength(12);
		expect(cells.map((c) => c.rule).slice(0, 6)).toEqual([
			'median',
			'median',
			'bulyan',
			'bulyan',
			'nnm+median',
			'nnm+median'
		]);
		// Bulyan: 10 updates, f = 1 passes (4f + 3 = 7), f = 3 does not (15)
		const bulyan = cells.filter((c) => c.rule === 'bulyan');
		expect(bulyan.map((c) => c.refused.length > 0)).toEqual([false, true, false, true]);
		expect(bulyan[1]?.refused[0]).toMatch(/n ≥ 4f \+ 3/);
		expect(cells[0]?.scenario?.partition).toEqual({ kind: 'dirichlet', alpha: 0.5, sizeSkew: 0 });
		expect(ruleName({ aggregator: { kind: 'krum' }, preAggregate: { kind: 'bucketing' } })).toBe(
			'bucketing+krum'
		);
	});

	it('hashes a scenario by content, whatever the key order', () => {
		const [a, b] = expandGrid({
			base,
			attacks: [{ kind: 'alie' }],
			rules: [{ kind: 'median' }, { kind: 'mean' }]
		});
		expect(a?.hash).toMatch(/^[0-9a-f]+-[0-9a-f]+$/);
		expect(a?.hash).not.toBe(b?.hash);
		const s = a?.scenario;
		if (!s) throw new Error('no scenario');
		const reordered = Object.fromEntries(Object.entries(s).reverse()) as typeof s;
		expect(scenarioHash(reordered)).toBe(a?.hash);
	});

	it('keeps the worst case per rule (diverged = 0) and writes one CSV row per cell', () => {
		const cell = (attack: string, rule: string) => ({ attack, rule, fraction: 0.3, alpha: null });
		const results = [
			{ cell: cell('signFlip', 'median'), accuracy: 0.9 },
			{ cell: cell('alie', 'median'), accuracy: 0.7 },
			{ cell: cell('signFlip', 'mean'), accuracy: 0.4, diverged: true },
			{ cell: cell('backdoor', 'mean'), accuracy: 0.9, attackSuccess: 0.95 },
			{ cell: cell('signFlip', 'bulyan'), accuracy: null }
		];
		expect(worstCasePerRule(results)).toEqual([
			{ rule: 'median', accuracy: 0.7, at: cell('alie', 'median') },
			{ rule: 'mean', accuracy: 0, at: cell('signFlip', 'mean'), attackSuccess: 0.95 },
			{ rule: 'bulyan', accuracy: null, at: null }
		]);
		expect(gridCsv(results).split('\n')[2]).toBe('alie,median,0.3,,0.7,,0');
	});
});
