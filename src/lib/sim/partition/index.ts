/** The partitioners, by name: the UI, the URL codec and the CLI read this one table. */
import type { Rng } from '../core/rng';
import type { PartitionSpec } from '../core/schema';
import { partitionDirichlet } from './dirichlet';
import { partitionIid } from './iid';
import { partitionShards } from './shards';
import type { PartitionInput } from './types';

export type { PartitionInput } from './types';
export { clientSizes } from './sizes';

type Kind = PartitionSpec['kind'];
type Of<K extends Kind> = Extract<PartitionSpec, { kind: K }>;

export const partitioners = {
	iid: {
		label: 'IID (shuffled)',
		run: (input: PartitionInput, spec: Of<'iid'>, rng: Rng) =>
			partitionIid(input, spec.sizeSkew, rng)
	},
	dirichlet: {
		label: 'Dirichlet label skew',
		run: (input: PartitionInput, spec: Of<'dirichlet'>, rng: Rng) =>
			partitionDirichlet(input, spec.alpha, spec.sizeSkew, rng)
	},
	shards: {
		label: 'Label shards (McMahan)',
		run: (input: PartitionInput, spec: Of<'shards'>, rng: Rng) =>
			partitionShards(input, spec.shardsPerClient, rng)
	}
} satisfies {
	[K in Kind]: { label: string; run: (i: PartitionInput, s: Of<K>, r: Rng) => Int32Array[] };
};

/** Splits the training set among the clients as `spec` says; returns each client's sample indices. */
export function partition(input: PartitionInput, spec: PartitionSpec, rng: Rng): Int32Array[] {
	if (input.clients > input.labels.length)
		throw new Error(`${input.clients} clients but only ${input.labels.length} training samples`);
	switch (spec.kind) {
		case 'iid':
			return partitioners.iid.run(input, spec, rng);
		case 'dirichlet':
			return partitioners.dirichlet.run(input, spec, rng);
		case 'shards':
			return partitioners.shards.run(input, spec, rng);
	}
}

/** Label counts per client: the histogram the graph draws on each client node. */
export function labelHistogram(labels: Uint8Array, numClasses: number, idx: Int32Array): number[] {
	const h = new Array<number>(numClasses).fill(0);
	for (const i of idx) h[labels[i] as number] = (h[labels[i] as number] as number) + 1;
	return h;
}
