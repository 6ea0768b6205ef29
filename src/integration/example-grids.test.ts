/** Every grid in examples/grids is valid: it parses, and every cell is a valid scenario. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandGrid, parseGrid } from '../lib/sim/robust/grid';

const dir = new URL('../../examples/grids/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('examples/grids', () => {
	it('holds grids', () => expect(files.length).toBeGreaterThan(0));

	it.each(files)('%s parses and expands to runnable cells', (file) => {
		const parsed = parseGrid(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
		expect(parsed.ok ? [] : parsed.errors).toEqual([]);
		if (!parsed.ok) return;
		const cells = expandGrid(parsed.grid);
		expect(cells.length).toBeGreaterThan(0);
		// a refused cell must say why (Krum or Bulyan with too many attackers)
		for (const c of cells) expect(c.scenario !== null || c.refused.length > 0).toBe(true);
		expect(cells.some((c) => c.scenario !== null)).toBe(true);
	});
});
