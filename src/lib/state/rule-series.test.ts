import { describe, expect, it } from 'vitest';
import { RULE_COLORS } from '../viz/palette';
import type { FieldKey } from './fields';
import { ruleSeriesColors } from './rule-series';

const keys = ['agg', 'attack', 'rounds'] as FieldKey[];

describe('ruleSeriesColors', () => {
	it('one run per rule: each curve in its rule’s colour', () => {
		const runs = [
			{ values: { agg: 'mean', attack: 'signFlip', rounds: 5 } },
			{ values: { agg: 'krum', attack: 'signFlip', rounds: 5 } }
		];
		expect(ruleSeriesColors(runs, keys)).toEqual([RULE_COLORS.mean, RULE_COLORS.krum]);
	});

	it.each([
		['a single run', [{ values: { agg: 'mean' } }]],
		[
			'two runs of one rule',
			[{ values: { agg: 'mean', rounds: 5 } }, { values: { agg: 'mean', rounds: 6 } }]
		],
		[
			'another setting differs too',
			[{ values: { agg: 'mean', rounds: 5 } }, { values: { agg: 'krum', rounds: 6 } }]
		],
		['no rule setting', [{ values: { rounds: 5 } }, { values: { rounds: 6 } }]]
	])('%s: run colours', (_, runs) => {
		expect(ruleSeriesColors(runs as { values: Record<string, unknown> }[], keys)).toBeNull();
	});
});
