/**
 * Clipping an update to L2 norm S — the first half of DP-FedAvg (McMahan, Ramage, Talwar, Zhang
 * 2018, "Learning Differentially Private Recurrent Language Models", arXiv:1710.06963): it bounds
 * how much one client can move the sum, the sensitivity the noise is scaled to. Clipping alone is
 * not privacy: without noise the server still sees (the sum of) exact updates.
 */

/** ‖v‖₂, accumulated in double precision. */
export function l2Norm(v: Float32Array): number {
	let s = 0;
	for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
	return Math.sqrt(s);
}

/**
 * v·min(1, S/‖v‖). Returns `v` itself (same array, same bits) when it is already inside the ball,
 * so S = ∞ leaves every update untouched.
 */
export function clipToNorm(v: Float32Array, clip: number): { clipped: Float32Array; norm: number } {
	const norm = l2Norm(v);
	if (!(norm > clip)) return { clipped: v, norm };
	const f = clip / norm;
	return { clipped: v.map((x) => x * f), norm };
}
