/**
 * Log-space helpers for the RDP accountant: sums of terms far below the smallest double, and
 * log erfc(x) without underflow for large x (the accountant needs erfc of arguments up to ~100).
 */

/** log(e^a + e^b), exact at −∞. */
export function logAdd(a: number, b: number): number {
	if (a === -Infinity) return b;
	if (b === -Infinity) return a;
	const hi = Math.max(a, b);
	return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** log(e^a − e^b) for a ≥ b; −∞ when they are equal. */
export function logSub(a: number, b: number): number {
	if (b === -Infinity) return a;
	if (a < b) throw new RangeError('logSub: the result would be negative');
	if (a === b) return -Infinity;
	const d = b - a;
	// log(1 − e^d): expm1 near 0, log1p far from it (both accurate in their range)
	return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/**
 * log erfc(x). For x ≥ 0 the Chebyshev-fitted form of Press et al., "Numerical Recipes" §6.2
 * (fractional error below 1.2e-7 everywhere), evaluated in log space so that it never underflows;
 * for x < 0, erfc(x) = 2 − erfc(−x). Written here because no small npm package offers log erfc.
 */
export function logErfc(x: number): number {
	if (x < 0) return Math.log(2 - Math.exp(logErfc(-x)));
	const t = 1 / (1 + 0.5 * x);
	const poly =
		-x * x -
		1.26551223 +
		t *
			(1.00002368 +
				t *
					(0.37409196 +
						t *
							(0.09678418 +
								t *
									(-0.18628806 +
										t *
											(0.27886807 +
												t *
													(-1.13520398 +
														t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
	return Math.log(t) + poly;
}
