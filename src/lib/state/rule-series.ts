/**
 * The chart's curves take their rule's colour (viz/palette.ts `RULE_COLORS`, the one colour of a
 * rule across the site) when the runs on the chart are one per aggregation rule: at least two runs,
 * each with another rule, and no other setting among the controls differs between them (a rule
 * sweep, or the reader's own comparison of rules). Otherwise the runs keep their run colours.
 */
import { ruleColor } from '../viz/palette';
import type { FieldKey, Values } from './fields';

const RULE_KEY = 'agg' satisfies FieldKey;

/** One colour per record when the records are one run per rule, else null. */
export function ruleSeriesColors(
	records: readonly { readonly values: Values }[],
	keys: readonly FieldKey[]
): string[] | null {
	if (records.length < 2) return null;
	const rules = records.map((r) => r.values[RULE_KEY]);
	if (rules.some((x) => typeof x !== 'string') || new Set(rules).size !== rules.length) return null;
	const first = records[0]?.values ?? {};
	const others = keys.filter((k) => k !== RULE_KEY);
	const same = records.every((r) =>
		others.every((k) => JSON.stringify(r.values[k]) === JSON.stringify(first[k]))
	);
	return same ? rules.map((x) => ruleColor(x as string)) : null;
}
