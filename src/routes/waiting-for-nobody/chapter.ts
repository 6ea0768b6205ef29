/**
 * Chapter 4's live cell: synchronous FedAvg (waiting, with a deadline) against FedAsync and FedBuff
 * on the same stragglers, compared on the simulated clock.
 */
import type { CellConfig } from '$lib/state/cell.svelte';

export const asyncCell = {
	name: 'async',
	xAxis: 'time',
	controls: [
		'algo',
		'rounds',
		'C',
		'deadline',
		'over',
		'conc',
		'mix',
		'buf',
		'slr',
		'stale',
		'pa',
		'hb',
		'ha',
		'maxstale',
		'rho',
		'every',
		'E',
		'lr',
		'K',
		'split',
		'alpha',
		'shards',
		'strag',
		'slow',
		'cspread',
		'on',
		'off',
		'msgloss',
		'up',
		'lat'
	],
	initial: {
		data: 'mnist',
		K: 10,
		hidden: [64],
		split: 'iid',
		algo: 'fedavg',
		C: 1,
		// the 'Wait for all' preset's round count, so the cell opens on that preset (a labelled run)
		rounds: 3,
		strag: 0.3,
		slow: 10,
		cspread: 0.3,
		mix: 0.9,
		conc: 10,
		every: 10,
		buf: 5,
		stale: 'polynomial',
		pa: 0.5
	},
	// Each preset changes only the algorithm, so all of them run on the same devices and seed.
	// Their round counts give each about a minute of simulated time on the chapter's devices.
	presets: [
		{
			label: 'Wait for all',
			description:
				'Synchronous FedAvg: every client every round, and the round waits for the slowest.',
			values: { algo: 'fedavg', C: 1, deadline: 0, over: 1, rounds: 3 }
		},
		{
			label: 'Deadline 3 s',
			description:
				'Synchronous FedAvg that closes each round after 3 s and drops what comes later.',
			values: { algo: 'fedavg', C: 1, deadline: 3, over: 1, rounds: 30 }
		},
		{
			label: 'FedAsync, constant',
			description: 'Mix in every update as it arrives with weight α = 0.9, however old.',
			values: {
				algo: 'fedasync',
				stale: 'constant',
				mix: 0.9,
				conc: 10,
				every: 10,
				maxstale: 0,
				rho: 0,
				rounds: 25
			}
		},
		{
			label: 'FedAsync, polynomial',
			description: 'α = 0.9 scaled by (t − τ + 1)^(−0.5): old updates count less.',
			values: {
				algo: 'fedasync',
				stale: 'polynomial',
				pa: 0.5,
				mix: 0.9,
				conc: 10,
				every: 10,
				maxstale: 0,
				rho: 0,
				rounds: 25
			}
		},
		{
			label: 'FedAsync, hinge',
			description: 'α = 0.9 in full up to 4 versions behind, then 1/(10(t − τ − 4) + 1).',
			values: {
				algo: 'fedasync',
				stale: 'hinge',
				ha: 10,
				hb: 4,
				mix: 0.9,
				conc: 10,
				every: 10,
				maxstale: 0,
				rho: 0,
				rounds: 25
			}
		},
		{
			label: 'FedBuff, K = 5',
			description: 'Buffer five updates, then apply their staleness-weighted mean change.',
			values: {
				algo: 'fedbuff',
				buf: 5,
				slr: 1,
				stale: 'polynomial',
				pa: 0.5,
				conc: 10,
				maxstale: 0,
				rounds: 50
			}
		}
	]
} as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [asyncCell];
