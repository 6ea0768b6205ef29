import { describe, expect, it } from 'vitest';
import { inView, pickCell, type CellSpot } from './active-cell';

const VH = 800;
const spot = (id: string, visible: number, lastUsed = 0, presenting = false, height = 900) =>
	({ id, visible, height, lastUsed, presenting }) satisfies CellSpot;

describe('which cell the shortcuts drive', () => {
	it('in view: a quarter of the window, or half the cell', () => {
		expect(inView(spot('a', 200), VH)).toBe(true);
		expect(inView(spot('a', 199), VH)).toBe(false);
		expect(inView(spot('a', 150, 0, false, 300), VH)).toBe(true);
		expect(inView(spot('a', 0, 0, false, 0), VH)).toBe(false);
	});

	it.each([
		['one cell in view', [spot('a', 500)], 'a'],
		['no cell in view: none (keys keep their meaning)', [spot('a', 0), spot('b', 100)], null],
		['no cell used yet: the one most in view', [spot('a', 300), spot('b', 500)], 'b'],
		['the last used cell, while in view', [spot('a', 300, 2), spot('b', 500, 1)], 'a'],
		[
			'the last used cell scrolled away: the one most in view',
			[spot('a', 100, 5), spot('b', 500, 1), spot('c', 250)],
			'b'
		],
		['a presenting cell wins over everything', [spot('a', 800, 9), spot('b', 0, 0, true)], 'b']
	] as const)('%s', (_, spots, want) => {
		expect(pickCell(spots, VH)).toBe(want);
	});
});
