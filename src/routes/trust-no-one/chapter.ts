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
		'steps',
		'sopt',
		'smom',
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
	},
	/**
	 * The two settings the chapter contrasts: FedAvg (each update averages many local steps) and
	 * distributed mini-batch SGD (one step of B = 32 per round, server momentum 0.9), the setting
	 * of the ALIE paper (Baruch et al. 2019, arXiv:1902.06156), where honest updates vary most.
	 * "Distributed SGD" is exactly examples/byzantine-dsgd-alie-median.json (chapter.test.ts), the
	 * run whose figures the prose quotes; 100 rounds, not the paper's few hundred, to fit a browser.
	 */
	presets: [
		{
			label: 'FedAvg setting',
			description: 'Ten clients, one local epoch each round, three of them Byzantine.',
			values: { K: 10, E: 1, steps: 0, B: 32, lr: 0.2, sopt: 'sgd', rounds: 5, byz: 0.3 }
		},
		{
			label: 'Distributed SGD',
			description:
				'Twenty clients, one mini-batch step of 32 each round, server momentum 0.9, four of them Byzantine (ALIE).',
			values: {
				K: 20,
				steps: 1,
				B: 32,
				lr: 0.1,
				sopt: 'momentum',
				sglr: 1,
				smom: 0.9,
				rounds: 100,
				byz: 0.2,
				attack: 'alie',
				z: 'auto',
				agg: 'median'
			}
		}
	]
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
