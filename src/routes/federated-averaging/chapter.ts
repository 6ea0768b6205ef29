/** Chapter 2's live cell: FedSGD against FedAvg with one and five local epochs. */
import type { CellConfig } from '$lib/state/cell.svelte';

export const fedavgCell = {
	name: 'fedavg',
	controls: ['C', 'E', 'B', 'lr', 'rounds', 'K'],
	initial: { K: 20, C: 0.5, rounds: 15 },
	presets: [
		{
			label: 'FedSGD',
			description: 'One full-batch gradient step per client per round (E = 1, B = all).',
			values: { E: 1, B: 'full', lr: 0.5 }
		},
		{
			label: 'FedAvg, E = 1',
			description: 'One pass over the local data in mini-batches of 32.',
			values: { E: 1, B: 32, lr: 0.1 }
		},
		{
			label: 'FedAvg, E = 5',
			description: 'Five local passes: more work on the device, fewer rounds.',
			values: { E: 5, B: 32, lr: 0.1 }
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [fedavgCell];
