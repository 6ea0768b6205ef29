/** Chapter 6's live cells: split learning in turns, SplitFed against FedAvg, the U-shaped split. */
import type { CellConfig } from '$lib/state/cell.svelte';

export const splitCell = {
	name: 'split',
	controls: ['handoff', 'K', 'E', 'B', 'lr', 'rounds'],
	initial: { algo: 'split', K: 5, rounds: 3, cut: 2, handoff: 'server' },
	presets: [
		{
			label: 'Hand-off through the server',
			description: 'The head goes up to the server and down to the next client.',
			values: { algo: 'split', handoff: 'server' }
		},
		{
			label: 'Peer to peer',
			description: 'The head goes straight from one client to the next.',
			values: { algo: 'split', handoff: 'peer' }
		}
	]
} as const satisfies CellConfig;

export const splitFedCell = {
	name: 'splitfed',
	controls: ['sfv', 'K', 'C', 'E', 'lr', 'rounds'],
	initial: { algo: 'splitfed', sfv: 'v1', K: 10, C: 1, rounds: 5, cut: 2 },
	presets: [
		{
			label: 'SplitFed V1',
			description:
				'Clients in parallel; a tail per client on the server; heads and tails averaged.',
			values: { algo: 'splitfed', sfv: 'v1' }
		},
		{
			label: 'SplitFed V2',
			description: 'Clients in parallel; one shared tail trained on each client in turn.',
			values: { algo: 'splitfed', sfv: 'v2' }
		},
		{
			label: 'FedAvg',
			description: 'Every client trains the whole model (C = 1, E = 1), for comparison.',
			values: { algo: 'fedavg', C: 1, E: 1 }
		}
	]
} as const satisfies CellConfig;

export const uShapedCell = {
	name: 'ushaped',
	controls: ['labels', 'top', 'handoff', 'K', 'rounds'],
	initial: { algo: 'split', labels: 'ushaped', top: 1, cut: 2, K: 5, rounds: 3, handoff: 'peer' },
	presets: [
		{
			label: 'Vanilla: labels sent',
			description: 'The server computes the loss, so it needs the labels.',
			values: { labels: 'vanilla' }
		},
		{
			label: 'U-shaped: labels kept',
			description: 'The client keeps the last layer and the loss.',
			values: { labels: 'ushaped', top: 1 }
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [splitCell, splitFedCell, uShapedCell];
