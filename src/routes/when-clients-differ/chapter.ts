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
	controls: ['alpha', 'E', 'mu', 'scaffold', 'sopt', 'sglr', 'rounds'],
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
			values: { ...plain, sopt: 'momentum', sglr: 1 }
		},
		{
			label: 'FedAdam, η = 0.01',
			description: 'Adam on the server, untuned.',
			values: { ...plain, sopt: 'adam', sglr: 0.01 }
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [nonIidCell, driftCell];
