/**
 * Concept shift for clustered FL, as in the experiments of Ghosh, Chung, Yin, Ramchandran 2020,
 * "An Efficient Framework for Clustered Federated Learning", arXiv:2006.04088 (which rotate
 * images per group; here the labels are permuted per group): client k is in group k mod G, and
 * group g sees every label y as (y + g·⌊C/G⌋) mod C. The same image means different classes to
 * different groups, so no single model can fit everyone.
 */

/** The group of client k among G groups. */
export function groupOf(client: number, groups: number): number {
	return client % groups;
}

/** The label map of client k's group; undefined for group 0 or G = 1 (labels as they are). */
export function groupLabelMap(
	client: number,
	groups: number,
	numClasses: number
): ((label: number) => number) | undefined {
	const g = groupOf(client, groups);
	if (g === 0) return undefined;
	const shift = g * Math.floor(numClasses / groups);
	return (y) => (y + shift) % numClasses;
}

/** `inner` after the group map (a label-flip attacker of group g flips the shifted labels). */
export function composeLabelMaps(
	group: ((y: number) => number) | undefined,
	inner: ((y: number) => number) | undefined
): ((y: number) => number) | undefined {
	if (!group) return inner;
	if (!inner) return group;
	return (y) => inner(group(y));
}
