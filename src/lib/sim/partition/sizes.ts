import type { Rng } from '../core/rng';

/**
 * Splits `total` samples among `clients`: equal shares when `sizeSkew` is 0, otherwise
 * log-normal shares with σ = sizeSkew (σ = 1 already gives a ~10× spread between small and large
 * clients). Every client gets at least one sample; the sizes sum to `total` exactly.
 */
export function clientSizes(total: number, clients: number, sizeSkew: number, rng: Rng): number[] {
	if (clients > total)
		throw new Error(`cannot give ${clients} clients a sample each from ${total}`);
	const w =
		sizeSkew > 0
			? Array.from({ length: clients }, () => Math.exp(sizeSkew * rng.normal()))
			: new Array<number>(clients).fill(1);
	const sum = w.reduce((a, b) => a + b, 0);
	const spare = total - clients; // one sample each is reserved
	const exact = w.map((x) => (x / sum) * spare);
	const sizes = exact.map((x) => 1 + Math.floor(x));
	let left = total - sizes.reduce((a, b) => a + b, 0);
	// hand the remainder to the largest fractional parts (ties by index: deterministic)
	const order = exact
		.map((x, i) => ({ i, frac: x - Math.floor(x) }))
		.sort((a, b) => b.frac - a.frac || a.i - b.i);
	for (let j = 0; left > 0; j = (j + 1) % clients, left--) {
		const k = (order[j] as { i: number }).i;
		sizes[k] = (sizes[k] as number) + 1;
	}
	return sizes;
}
