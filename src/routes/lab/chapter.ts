/** The Lab's one cell: every field of the table. */
import type { CellConfig } from '$lib/state/cell.svelte';

export const labCell = { name: 'lab', controls: 'all' } as const satisfies CellConfig;

export const cells: readonly CellConfig[] = [labCell];
