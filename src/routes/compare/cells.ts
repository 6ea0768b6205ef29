/**
 * The cells a comparison can start from: every chapter's cells (their `chapter.ts`), by name.
 * A link naming no known cell compares in the Lab's cell (every knob).
 */
import type { CellConfig } from '$lib/state/cell.svelte';
import { labCell } from '../lab/chapter';

const modules = import.meta.glob<{ cells: readonly CellConfig[] }>('../*/chapter.ts', {
	eager: true
});

const BY_NAME = new Map<string, CellConfig>(
	Object.values(modules)
		.flatMap((m) => m.cells)
		.map((c) => [c.name, c] as const)
);

/** The cell called `name`, else the Lab's. */
export function compareCell(name: string | null): CellConfig {
	return (name !== null ? BY_NAME.get(name) : undefined) ?? labCell;
}
