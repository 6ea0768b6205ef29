/** Chapter 5's live cell: three Byzantine clients among ten, and one run per rule at a click. */
import type { SweepPreset } from '$lib/components/byzantine/rule-sweep.svelte';
import type { CellConfig } from '$lib/state/cell.svelte';

export const byzantineCell = {
	name: 'byzantine',
	controls: [
		'byz',
		'attack',
		'flip',
		'sigma',
		'boost',
		'const',
		'fault',
		'z',
		'agg',
		'beta',
		'f',
		'm',
		'groups',
		'inner',
		'K',
		'C',
		'rounds'
	],
	/** Ten MNIST clients, all in every round, three of them Byzantine. */
	initial: {
		data: 'mnist',
		hidden: [64],
		K: 10,
		C: 1,
		E: 1,
		B: 32,
		lr: 0.2,
		rounds: 5,
		byz: 0.3,
		attack: 'signFlip',
		flip: 4,
		agg: 'mean',
		beta: 0.3,
		groups: 7
	}
} as const satisfies CellConfig;

/** The attacks of the "one run per rule" sweep, applied over the cell's settings. */
export const sweeps = [
	{
		label: 'Sign flip ×4',
		description: 'The Byzantine clients send −4 × their honest update.',
		values: { attack: 'signFlip', flip: 4 }
	},
	{
		label: 'A little is enough',
		description:
			'The Byzantine clients collude and send mean − z·std of the honest updates (z from the paper).',
		values: { attack: 'alie', z: 'auto' }
	},
	{
		label: 'Free riders',
		description: 'The Byzantine clients send no change at all (a zero update).',
		values: { attack: 'constant', const: 0 }
	},
	{
		label: 'Broken phones (NaN)',
		description: 'The Byzantine clients send NaN in every coordinate.',
		values: { attack: 'faulty', fault: 'nan' }
	},
	{
		label: 'Label flip',
		description: 'The Byzantine clients train honestly on wrong labels (y → 9 − y).',
		values: { attack: 'labelFlip' }
	}
] as const satisfies readonly SweepPreset[];

export const cells: readonly CellConfig[] = [byzantineCell];
