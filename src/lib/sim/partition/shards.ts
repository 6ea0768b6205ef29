import type { Rng } from '../core/rng';
import { indicesByClass, type PartitionInput } from './types';

/**
 * The smallest class of each bundled training set (measured; `partition.test.ts` checks it
 * against the data) and its number of classes: a shard split that cuts a class into more shards
 * than it has examples leaves clients with no data, and the scenario parser refuses it.
 */
export const SHARD_MIN_CLASS = {
	mnist: { classes: 10, minCount: 693 },
	blobs: { classes: 4, minCount: 500 }
} as const;

/**
 * The pathological non-IID split of McMahan et al. 2017 (arXiv:1602.05629, §3): sort the data by
 * label, cut it into clients × shardsPerClient shards, and give each client shardsPerClient
 * random shards. Here each shard holds one label only (each class is cut into its own shards),
 * and a repair pass swaps shards so that no client holds two shards of one label when that is
 * possible, so "2 shards per client" really means "2 labels per client".
 */
export function partitionShards(
	input: PartitionInput,
	shardsPerClient: number,
	rng: Rng
): Int32Array[] {
	const { labels, numClasses, clients } = input;
	const total = clients * shardsPerClient;
	const byClass = indicesByClass(labels, numClasses).map((idx) => rng.shuffle(idx));
	const shards: { label: number; idx: number[] }[] = [];
	byClass.forEach((idx, c) => {
		const count = Math.floor(total / numClasses) + (c < total % numClasses ? 1 : 0);
		for (let j = 0; j < count; j++) {
			const from = Math.floor((j * idx.length) / count);
			const to = Math.floor(((j + 1) * idx.length) / count);
			shards.push({ label: c, idx: idx.slice(from, to) });
		}
	});
	rng.shuffle(shards);
	const own = Array.from({ length: clients }, (_, k) =>
		shards.slice(k * shardsPerClient, (k + 1) * shardsPerClient)
	);
	repairDuplicates(own, rng);
	return own.map((list) => Int32Array.from(list.flatMap((s) => s.idx)));
}

type Shard = { label: number; idx: number[] };

/** Swaps shards between clients until no client has two shards of one label (when possible). */
function repairDuplicates(own: Shard[][], rng: Rng): void {
	const hasLabel = (list: Shard[], label: number, skip: number) =>
		list.some((s, i) => i !== skip && s.label === label);
	for (let pass = 0; pass < 50; pass++) {
		let clean = true;
		for (let a = 0; a < own.length; a++) {
			const la = own[a] as Shard[];
			for (let i = 0; i < la.length; i++) {
				const si = la[i] as Shard;
				if (!hasLabel(la, si.label, i)) continue;
				clean = false;
				const start = rng.int(own.length);
				search: for (let step = 0; step < own.length; step++) {
					const b = (start + step) % own.length;
					if (b === a) continue;
					const lb = own[b] as Shard[];
					for (let j = 0; j < lb.length; j++) {
						const sj = lb[j] as Shard;
						if (hasLabel(la, sj.label, i) || hasLabel(lb, si.label, j)) continue;
						la[i] = sj;
						lb[j] = si;
						break search;
					}
				}
			}
		}
		if (clean) return;
	}
}
