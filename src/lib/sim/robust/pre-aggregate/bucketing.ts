/**
 * Bucketing — Karimireddy, He, Jaggi 2022, "Byzantine-Robust Learning on Heterogeneous Datasets via
 * Bucketing", ICLR, arXiv:2006.09365.
 *
 * Shuffle the n updates (seeded) and average consecutive buckets of s (the last bucket may be
 * smaller): the rule then sees ⌈n/s⌉ bucket means. The honest buckets look more alike than single
 * non-IID clients, at the price of letting each attacker spoil a whole bucket, so the rule after it
 * must tolerate the same f among fewer inputs. Bucket means are plain means (as in the paper and
 * ByzFL); a bucket's sample count is the sum of its members'.
 */
import type { Rng } from '../../core/rng';
import { dimension } from '../aggregate/vectors';

/** The buckets (indices into `vectors`) and their means. */
export function bucketing(
	vectors: readonly Float32Array[],
	size: number,
	rng: Rng
): { vectors: Float32Array[]; buckets: number[][] } {
	const d = dimension(vectors, 'bucketing');
	if (!(size >= 1)) throw new Error(`bucketing: the bucket size must be at least 1, got ${size}`);
	const order = rng.shuffle(vectors.map((_, i) => i));
	const buckets: number[][] = [];
	for (let i = 0; i < order.length; i += size) buckets.push(order.slice(i, i + size));
	const means = buckets.map((b) => {
		const out = new Float64Array(d);
		for (const j of b) {
			const y = vectors[j] as Float32Array;
			for (let c = 0; c < d; c++) out[c] = (out[c] as number) + (y[c] as number) / b.length;
		}
		return Float32Array.from(out);
	});
	return { vectors: means, buckets };
}
