/**
 * The summary of one round's per-client accuracies (a `clientsEvaluated` event): the mean and the
 * spread (min, 10th and 90th percentiles, max) that the per-client chart draws and the CLI prints.
 * Personalized FL is judged on this spread, not only on the mean: the clients a global model
 * serves worst are the point of fine-tuning and clustering (e.g. Li, Sanjabi, Beirami, Smith 2020,
 * "Fair Resource Allocation in Federated Learning", arXiv:1905.10497, report the 10 % worst).
 *
 * Percentiles interpolate linearly between order statistics (position p·(n − 1) in the sorted
 * values: R's type 7, numpy's and d3's default). Written here rather than taken from d3-array
 * because `sim/` imports no UI libraries; `viz/client-spread.test.ts` checks it against d3.
 */

export interface ClientSpread {
	/** How many clients were measured. */
	readonly n: number;
	readonly mean: number;
	readonly min: number;
	readonly p10: number;
	readonly p90: number;
	readonly max: number;
}

/** The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` values, interpolated linearly. */
export function quantileSorted(sorted: readonly number[], p: number): number {
	const n = sorted.length;
	if (!n) return NaN;
	const h = (n - 1) * Math.min(1, Math.max(0, p));
	const lo = Math.floor(h);
	const a = sorted[lo] as number;
	const b = sorted[Math.min(n - 1, lo + 1)] as number;
	return a + (h - lo) * (b - a);
}

/** Mean and spread of `values`; null when there are none. Non-finite values are left out. */
export function clientSpread(values: readonly number[]): ClientSpread | null {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	const n = sorted.length;
	if (!n) return null;
	return {
		n,
		mean: sorted.reduce((s, x) => s + x, 0) / n,
		min: sorted[0] as number,
		p10: quantileSorted(sorted, 0.1),
		p90: quantileSorted(sorted, 0.9),
		max: sorted[n - 1] as number
	};
}
