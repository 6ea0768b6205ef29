/**
 * A faulty client: a broken device, an overflow or a bit error sends garbage — NaN, ±Infinity, or
 * finite but enormous values. Not an adversary, yet the mean cannot survive it: one NaN makes the
 * whole model NaN. Robust rules must discard non-finite updates and out-vote the enormous ones.
 */

export type FaultyValue = 'nan' | 'infinity' | 'huge';

/** The value a faulty client writes, per coordinate index (infinity alternates its sign). */
function faultAt(kind: FaultyValue, i: number): number {
	if (kind === 'nan') return NaN;
	const sign = i % 2 ? -1 : 1;
	return kind === 'infinity' ? sign * Infinity : sign * 1e30;
}

/** A vector of `length` faulty values. */
export function faultyUpdate(length: number, kind: FaultyValue): Float32Array {
	const out = new Float32Array(length);
	for (let i = 0; i < length; i++) out[i] = faultAt(kind, i);
	return out;
}
