/**
 * Which digits the client holds in the chapter's experiments: the first training examples with
 * distinct labels (so a batch of up to ten has no repeated label), then the following ones in
 * order. The same four digits as chapter 6's "what the server sees".
 */

/** Indices of the first `count` examples: distinct labels first (up to one per class), then any. */
export function firstDistinctDigits(labels: ArrayLike<number>, n: number, count: number): number[] {
	const idx: number[] = [];
	const seen = new Set<number>();
	for (let i = 0; i < n && idx.length < count; i++) {
		const y = labels[i] as number;
		if (!seen.has(y)) {
			seen.add(y);
			idx.push(i);
		}
	}
	const taken = new Set(idx);
	for (let i = 0; i < n && idx.length < count; i++) if (!taken.has(i)) idx.push(i);
	return idx;
}
