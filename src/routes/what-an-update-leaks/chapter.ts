/** Chapter 7's live cell: DP-FedAvg and secure aggregation on MNIST, with ε as it is spent. */
import type { CellConfig } from '$lib/state/cell.svelte';

export const dpCell = {
	name: 'dp',
	controls: [
		'dpsigma',
		'dpclip',
		'dpmode',
		'dpdelta',
		'secagg',
		'tshare',
		'K',
		'C',
		'E',
		'lr',
		'rounds'
	],
	/** Twenty MNIST clients, a fifth of them per round, small MLP. */
	initial: {
		data: 'mnist',
		hidden: [64],
		K: 20,
		C: 0.2,
		E: 1,
		B: 32,
		lr: 0.2,
		rounds: 10,
		dpsigma: 1,
		dpclip: 1,
		dpmode: 'central'
	},
	presets: [
		{
			label: 'No DP',
			description: 'Plain FedAvg: no clipping, no noise, no guarantee.',
			values: { dpsigma: 'off', secagg: false }
		},
		{
			label: 'Clipping only',
			description:
				'Every update clipped to S = 1, no noise: ε is infinite. Clipping alone is not privacy.',
			values: { dpsigma: 0, dpclip: 1, dpmode: 'central' }
		},
		{
			label: 'Central DP, σ = 1',
			description: 'Clip to S = 1; the server adds N(0, (σS/m)²) to the mean.',
			values: { dpsigma: 1, dpclip: 1, dpmode: 'central' }
		},
		{
			label: 'Local DP, σ = 1',
			description: 'Each client adds N(0, (σS)²) to its own update before sending.',
			values: { dpsigma: 1, dpclip: 1, dpmode: 'local' }
		},
		{
			label: 'Secure aggregation',
			description: 'Masked updates; the server only unmasks the sum.',
			values: { dpsigma: 'off', secagg: true }
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [dpCell];
