import type { Rng } from '../core/rng';
import { clientSizes } from './sizes';
import { indicesByClass, type PartitionInput } from './types';

/**
 * Dirichlet label skew, the per-client variant of Hsu, Qi & Brown 2019 (arXiv:1909.06335): each
 * client k draws its own class mix q_k ~ Dir(α·1) and fills its n_k slots by drawing classes
 * from q_k (renormalised over the classes that still have samples).
 *
 * Why per-client rather than per-class (split each class among clients by p_c ~ Dir(α)): it keeps
 * label skew and quantity skew as two separate knobs — the client sizes n_k come from `sizeSkew`
 * alone, whereas the per-class variant also makes sizes wildly unequal at small α. α → 0 gives
 * one class per client; α → ∞ approaches IID.
 */
export function partitionDirichlet(
	input: PartitionInput,
	alpha: number,
	sizeSkew: number,
	rng: Rng
): Int32Array[] {
	const { labels, numClasses, clients } = input;
	const pools = indicesByClass(labels, numClasses).map((idx) => rng.shuffle(idx));
	const sizes = clientSizes(labels.length, clients, sizeSkew, rng);
	return sizes.map((size) => {
		const q = rng.dirichlet(alpha, numClasses);
		const out = new Int32Array(size);
		for (let s = 0; s < size; s++) {
			let mass = 0;
			for (let c = 0; c < numClasses; c++)
				if ((pools[c] as number[]).length) mass += q[c] as number;
			let c: number;
			if (mass > 0) {
				let u = rng.next() * mass;
				for (c = 0; c < numClasses; c++) {
					if (!(pools[c] as number[]).length) continue;
					u -= q[c] as number;
					if (u < 0) break;
				}
				if (c === numClasses) c = pools.findLastIndex((p) => p.length > 0);
			} else {
				// this client's classes are used up: take from the fullest remaining class
				c = pools.reduce(
					(best, p, i) => (p.length > (pools[best] as number[]).length ? i : best),
					0
				);
			}
			out[s] = (pools[c] as number[]).pop() as number;
		}
		return out;
	});
}
