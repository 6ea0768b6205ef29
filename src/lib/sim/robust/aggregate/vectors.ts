/** Small helpers shared by the aggregation rules: flat update vectors as `Float32Array`s. */

/** The common length of `vectors`; throws (naming `rule`) on an empty list or differing lengths. */
export function dimension(vectors: readonly Float32Array[], rule: string): number {
	const first = vectors[0];
	if (!first) throw new Error(`${rule}: no vectors`);
	for (const v of vectors)
		if (v.length !== first.length) throw new Error(`${rule}: vectors differ in length`);
	return first.length;
}

/** ‖a − b‖², accumulated in double precision. */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) {
		const d = (a[i] as number) - (b[i] as number);
		s += d * d;
	}
	return s;
}

/** The plain (unweighted) mean of `vectors`, in double precision. */
export function plainMean(vectors: readonly Float32Array[], rule = 'mean'): Float64Array {
	const d = dimension(vectors, rule);
	const out = new Float64Array(d);
	for (const v of vectors)
		for (let i = 0; i < d; i++) out[i] = (out[i] as number) + (v[i] as number);
	for (let i = 0; i < d; i++) out[i] = (out[i] as number) / vectors.length;
	return out;
}

/** True when every entry is a finite number. */
export function isFiniteVector(v: ArrayLike<number>): boolean {
	for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i] as number)) return false;
	return true;
}

/**
 * Sorts the first `n` entries of `column` ascending, in place. Insertion sort for the short columns
 * of a round (a typed-array sort call costs more than sorting ten numbers), the built-in sort beyond.
 */
export function sortColumn(column: Float64Array, n = column.length): Float64Array {
	if (n > 32) {
		column.subarray(0, n).sort();
		return column;
	}
	for (let i = 1; i < n; i++) {
		const x = column[i] as number;
		let j = i - 1;
		while (j >= 0 && (column[j] as number) > x) {
			column[j + 1] = column[j] as number;
			j--;
		}
		column[j + 1] = x;
	}
	return column;
}
