/**
 * Each client's own test split for personalized FL: `perClient` samples of the held-out set with
 * the same label mix as the client's training data (largest-remainder rounding of its label
 * histogram), drawn without replacement within a client from a seeded stream. Clients may share
 * test samples; a client's accuracy on its split measures how well a model serves *its*
 * distribution (a label-skewed client only meets its own classes).
 */
import type { Rng } from '../core/rng';

/** The test indices of every client, in client order. */
export function clientTestSplits(
	testLabels: ArrayLike<number>,
	numClasses: number,
	histograms: readonly (readonly number[])[],
	perClient: number,
	rng: Rng
): Int32Array[] {
	const byClass: number[][] = Array.from({ length: numClasses }, () => []);
	for (let i = 0; i < testLabels.length; i++) byClass[testLabels[i] as number]?.push(i);
	return histograms.map((h) => {
		const total = h.reduce((a, b) => a + b, 0);
		if (!total) return new Int32Array(0);
		const exact = h.map((c) => (c / total) * perClient);
		const counts = exact.map(Math.floor);
		const order = exact
			.map((x, c) => [x - Math.floor(x), c] as const)
			.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
		let left = perClient - counts.reduce((a, b) => a + b, 0);
		for (const [, c] of order) {
			if (left <= 0) break;
			counts[c] = (counts[c] as number) + 1;
			left--;
		}
		const out: number[] = [];
		counts.forEach((count, c) => {
			const pool = byClass[c] ?? [];
			const take = Math.min(count, pool.length);
			for (const j of rng.sample(pool.length, take)) out.push(pool[j] as number);
		});
		return Int32Array.from(out);
	});
}
