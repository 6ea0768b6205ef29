import type { Rng } from '../core/rng';
import type { PartitionInput } from './types';
import { clientSizes } from './sizes';

/** IID: shuffle every sample, then deal contiguous runs of the (possibly skewed) client sizes. */
export function partitionIid(input: PartitionInput, sizeSkew: number, rng: Rng): Int32Array[] {
	const n = input.labels.length;
	const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
	const sizes = clientSizes(n, input.clients, sizeSkew, rng);
	let at = 0;
	return sizes.map((size) => {
		const part = Int32Array.from(order.slice(at, at + size));
		at += size;
		return part;
	});
}
