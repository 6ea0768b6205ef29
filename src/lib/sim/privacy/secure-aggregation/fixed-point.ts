/**
 * Fixed-point encoding of real vectors into the group Z_{2^32}, as Bonawitz et al. 2017 (see
 * protocol.ts) require: masks must cancel exactly, which they do in a finite group and not in
 * floating point. x ↦ round(x·2^F) mod 2^32; a sum of encodings decodes correctly as long as the
 * true sum lies in [−2^(31−F), 2^(31−F)). With F = 20 that is ±2048 at a resolution of ~1e-6
 * (each coordinate's error ≤ 2^−21 per client), ample for weighted model deltas.
 */
export const FRACTION_BITS = 20;
const SCALE = 2 ** FRACTION_BITS;
/** The largest magnitude a decoded sum may have. */
export const FIXED_POINT_RANGE = 2 ** (31 - FRACTION_BITS);

/** Encodes `v·weight` (weight: the client's share of the mean) into Z_{2^32}. */
export function encodeFixed(v: Float32Array, weight = 1): Uint32Array {
	const out = new Uint32Array(v.length);
	for (let i = 0; i < v.length; i++) out[i] = Math.round((v[i] as number) * weight * SCALE) >>> 0;
	return out;
}

/** Decodes a group element (two's complement) back to a real vector. */
export function decodeFixed(u: Uint32Array): Float32Array {
	const out = new Float32Array(u.length);
	for (let i = 0; i < u.length; i++) out[i] = ((u[i] as number) | 0) / SCALE;
	return out;
}

/** a += b in Z_{2^32}. */
export function addInto(a: Uint32Array, b: Uint32Array): void {
	for (let i = 0; i < a.length; i++) a[i] = ((a[i] as number) + (b[i] as number)) >>> 0;
}
