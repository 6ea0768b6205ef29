/**
 * Arithmetic modulo the Mersenne prime p = 2^31 − 1 in plain doubles (products are split so that
 * no intermediate exceeds 2^53): the field of the Shamir shares and the toy Diffie–Hellman group
 * of the secure-aggregation simulation. Written here because the numbers are tiny and BigInt would
 * be ~20× slower for the same result.
 */
export const P = 2147483647;
/** 7 generates the multiplicative group mod 2^31 − 1 (Park & Miller 1988). */
export const GENERATOR = 7;

/** (a·b) mod P for a, b in [0, P). */
export function mulMod(a: number, b: number): number {
	const hi = Math.floor(a / 65536);
	const lo = a % 65536;
	return (((hi * b) % P) * 65536 + lo * b) % P;
}

/** a^e mod P (square and multiply). */
export function powMod(a: number, e: number): number {
	let result = 1;
	let base = a % P;
	let k = e;
	while (k > 0) {
		if (k % 2 === 1) result = mulMod(result, base);
		base = mulMod(base, base);
		k = Math.floor(k / 2);
	}
	return result;
}

/** a⁻¹ mod P (Fermat: a^(P−2)); a must not be 0. */
export function invMod(a: number): number {
	if (a % P === 0) throw new RangeError('0 has no inverse');
	return powMod(a, P - 2);
}

/** (a + b) mod P and (a − b) mod P for a, b in [0, P). */
export const addMod = (a: number, b: number): number => (a + b) % P;
export const subMod = (a: number, b: number): number => (a - b + P) % P;
