/**
 * The mask generator: a seed expanded into a vector of uniform elements of Z_{2^32}. The paper
 * uses a cryptographic PRG (AES in counter mode); this simulation uses mulberry32, the engine's
 * own generator (core/rng.ts), inlined for speed: the masks look like noise and cancel exactly,
 * which is what the chapter shows, but they are not cryptographically secure.
 */

/** out[i] += sign·PRG(seed)[i] in Z_{2^32}, in place. */
export function addMask(out: Uint32Array, seed: number, sign: 1 | -1): void {
	let a = seed >>> 0;
	for (let i = 0; i < out.length; i++) {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		const r = (t ^ (t >>> 14)) >>> 0;
		out[i] = (sign > 0 ? (out[i] as number) + r : (out[i] as number) - r) >>> 0;
	}
}
