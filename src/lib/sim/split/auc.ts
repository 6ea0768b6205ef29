/**
 * Area under the ROC curve and the two label-leakage scores of Li, Sun, Wang, Zhang, Xie, Wang,
 * Lin 2022, "Label Leakage and Protection in Two-party Split Learning", arXiv:2102.08504: how well
 * a score computed from each example's cut-layer gradient separates the positive examples from
 * the negative ones (0.5: no better than chance; 1: every positive ranks above every negative).
 */

/**
 * AUC as the Mann–Whitney statistic: the probability that a random positive scores higher than a
 * random negative, ties counting one half. NaN when either class is empty.
 */
export function auc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
	const n = scores.length;
	if (positive.length !== n) throw new Error('auc: one label per score');
	const order = Array.from({ length: n }, (_, i) => i).sort(
		(a, b) => (scores[a] as number) - (scores[b] as number)
	);
	let rankSumPos = 0;
	let pos = 0;
	for (let i = 0; i < n;) {
		let j = i;
		while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
		const rank = (i + j) / 2 + 1; // average rank of a run of ties, 1-based
		for (let k = i; k <= j; k++)
			if (positive[order[k] as number]) {
				rankSumPos += rank;
				pos++;
			}
		i = j + 1;
	}
	const neg = n - pos;
	if (!pos || !neg) return NaN;
	return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Norm attack: each row's L2 norm (rows × cols, row-major). Rare positives get larger gradients. */
export function normScores(grad: ArrayLike<number>, rows: number, cols: number): Float64Array {
	const out = new Float64Array(rows);
	for (let r = 0; r < rows; r++) {
		let s = 0;
		for (let c = 0; c < cols; c++) {
			const x = grad[r * cols + c] as number;
			s += x * x;
		}
		out[r] = Math.sqrt(s);
	}
	return out;
}

/** Cosine attack: each row's cosine similarity with row `ref` (a known positive example's gradient). */
export function cosineScores(
	grad: ArrayLike<number>,
	rows: number,
	cols: number,
	ref: number
): Float64Array {
	const norms = normScores(grad, rows, cols);
	const out = new Float64Array(rows);
	const nr = norms[ref] as number;
	for (let r = 0; r < rows; r++) {
		let dot = 0;
		for (let c = 0; c < cols; c++)
			dot += (grad[r * cols + c] as number) * (grad[ref * cols + c] as number);
		const d = (norms[r] as number) * nr;
		out[r] = d > 0 ? dot / d : 0;
	}
	return out;
}
