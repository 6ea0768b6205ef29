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

export const cells: readonly CellConfig[] = [nonIidCell];
