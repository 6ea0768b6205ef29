/**
 * The run budget in the browser: a scenario the schema accepts but that would exhaust the tab
 * (see `sim/budget.ts`) is refused like any invalid setting, with the fields to lower; a valid one
 * gets a one-line estimate for the Lab ("≈ 270 MB, ≈ 30 s of training (estimate)").
 */
import { browserBudget, checkBudget, describeCost, estimateCost, type Budget } from '../sim/budget';
import type { ParseResult } from '../sim/scenario';

/** This device's budget: half of `navigator.deviceMemory` (Chromium), at most 2 GB. */
export function deviceBudget(): Budget {
	const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
	return browserBudget(nav?.deviceMemory);
}

/** `parsed`, or a refusal when the scenario exceeds `budget`. */
export function withinBudget(parsed: ParseResult, budget: Budget = deviceBudget()): ParseResult {
	if (!parsed.ok) return parsed;
	const errors = checkBudget(parsed.scenario, budget);
	return errors.length ? { ok: false, errors } : parsed;
}

/** The estimate line for a valid scenario, or null. */
export function costLine(parsed: ParseResult): string | null {
	return parsed.ok ? describeCost(estimateCost(parsed.scenario)) : null;
}
