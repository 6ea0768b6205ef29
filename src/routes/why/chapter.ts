/** Chapter 1's live cell: centralised against federated training on the same digits. */
import type { CellConfig } from '$lib/state/cell.svelte';

export const whyCell = {
	name: 'why',
	controls: ['K', 'C', 'rounds'],
	initial: { K: 1, C: 1, rounds: 10, centralized: true },
	presets: [
		{
			label: 'Centralized',
			description:
				'All 8,000 training digits uploaded once (6.3 MB, before training) to one place that trains on everything.',
			values: { K: 1, C: 1, centralized: true }
		},
		{
			label: 'Federated, 10 phones',
			description:
				'The same digits dealt out evenly to 10 devices; every device trains every round.',
			values: { K: 10, C: 1, split: 'iid', centralized: false }
		},
		{
			label: 'Federated, 50 phones, 10 % per round',
			description: '50 devices with 160 digits each; the server asks 5 of them per round.',
			values: { K: 50, C: 0.1, split: 'iid', centralized: false }
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [whyCell];
