/** Chapter 3's live cell: FedAvg on IID, Dirichlet-skewed and sharded clients. */
import type { CellConfig } from '$lib/state/cell.svelte';

export const nonIidCell = {
	name: 'non-iid',
	controls: ['split', 'alpha', 'shards', 'skew', 'K', 'C', 'E', 'rounds'],
	initial: { split: 'dirichlet', alpha: 0.1, K: 20, C: 0.5, rounds: 15 },
	presets: [
		{
			label: 'IID',
			description: 'Every client gets a random, representative share.',
			values: { split: 'iid', skew: 0, K: 20, C: 0.5 }
		},
		{
			label: 'Mild skew, α = 1',
			description: 'Every client holds most labels, in uneven amounts.',
			values: { split: 'dirichlet', alpha: 1, skew: 0, K: 20, C: 0.5 }
		},
		{
			label: 'Strong skew, α = 0.1',
			description: 'Most clients hold one or two labels.',
			values: { split: 'dirichlet', alpha: 0.1, skew: 0, K: 20, C: 0.5 }
		},
		{
			label: 'Two shards each',
			description: 'McMahan’s pathological split: exactly two labels per client.',
			values: { split: 'shards', shards: 2, K: 20, C: 0.5 }
		},
		{
			label: '100 clients, C = 0.1',
			description: 'Many small clients, ten sampled per round.',
			values: { split: 'dirichlet', alpha: 0.5, skew: 1, K: 100, C: 0.1 }
		}
	]
} as const satisfies CellConfig;

/**
 * The drift section's cell: the same skewed clients under FedAvg, FedProx, SCAFFOLD, FedAvgM and
 * FedAdam. Each preset sets every remedy's knob, so switching presets never stacks two remedies.
 */
const plain = { mu: 0, scaffold: false, sopt: 'sgd', sglr: 1 } as const;
export const driftCell = {
	name: 'drift',
	controls: [
		'alpha',
		'E',
		'mu',
		'scaffold',
		'sopt',
		'sglr',
		'smom',
		'salr',
		'sb1',
		'sb2',
		'stau',
		'rounds'
	],
	initial: { split: 'dirichlet', alpha: 0.1, K: 20, C: 0.5, E: 5, rounds: 10 },
	presets: [
		{
			label: 'FedAvg',
			description: 'Plain averaging: the drift is left alone.',
			values: { ...plain }
		},
		{
			label: 'FedProx, μ = 0.01',
			description: 'Each client is pulled back towards the global model.',
			values: { ...plain, mu: 0.01 }
		},
		{
			label: 'SCAFFOLD',
			description: 'Control variates correct every local step; twice the bytes.',
			values: { ...plain, scaffold: true }
		},
		{
			label: 'FedAvgM, β = 0.9',
			description: 'Server momentum on the averaged update.',
			values: { ...plain, sopt: 'momentum', sglr: 1, smom: 0.9 }
		},
		{
			label: 'FedAdam, η = 0.01',
			description: 'Adam on the server, untuned.',
			values: { ...plain, sopt: 'adam', salr: 0.01, sb1: 0.9, sb2: 0.99, stau: 0.001 }
		}
	]
} as const satisfies CellConfig;

/**
 * The personalization cell: two groups of clients that read the labels differently (group 1 sees
 * y as y + 5 mod 10), each client scored on its own test split every round. One global model,
 * the global model fine-tuned on each client, and IFCA's two cluster models; and, for contrast,
 * plain label skew, where fine-tuning alone helps.
 */
const groups = { split: 'iid', lgroups: 2 } as const;
export const personalCell = {
	name: 'personal',
	controls: ['lgroups', 'split', 'alpha', 'clusters', 'ftune', 'ptest', 'K', 'E', 'rounds'],
	initial: {
		data: 'mnist',
		hidden: [64],
		...groups,
		ptest: 100,
		K: 10,
		C: 1,
		E: 1,
		rounds: 8,
		clusters: 1,
		ftune: 0
	},
	presets: [
		{
			label: 'One global model',
			description: 'FedAvg: every client gets the same model, whichever group it is in.',
			values: { ...groups, clusters: 1, ftune: 0 }
		},
		{
			label: 'FedAvg + fine-tune',
			description: 'Each client also trains the global model one epoch on its own data.',
			values: { ...groups, clusters: 1, ftune: 1 }
		},
		{
			label: 'IFCA, k = 2',
			description: 'Two models; each client trains and uses the one that fits its data best.',
			values: { ...groups, clusters: 2, ftune: 0 }
		},
		{
			label: 'Label skew α = 0.1, fine-tuned',
			description: 'One group, but each client holds one or two digits; fine-tuning on top.',
			values: { split: 'dirichlet', alpha: 0.1, lgroups: 1, clusters: 1, ftune: 1 }
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [nonIidCell, driftCell, personalCell];
