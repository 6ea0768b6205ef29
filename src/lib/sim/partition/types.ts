/** What a partitioner sees of the training set. */
export interface PartitionInput {
	readonly labels: Uint8Array;
	readonly numClasses: number;
	readonly clients: number;
}

/** Sample indices of the training set grouped by class, in index order. */
export function indicesByClass(labels: Uint8Array, numClasses: number): number[][] {
	const byClass = Array.from({ length: numClasses }, () => [] as number[]);
	labels.forEach((y, i) => (byClass[y] as number[]).push(i));
	return byClass;
}
