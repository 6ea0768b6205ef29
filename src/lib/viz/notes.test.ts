import { describe, expect, it } from 'vitest';
import type { EventOf } from '$lib/sim/core/events';
import {
	cleanNoteText,
	drawnNotes,
	leaderEnd,
	noteAnchor,
	noteSize,
	placeNote,
	roundOfPoint,
	wrapText,
	NOTE_LINE_HEIGHT,
	NOTE_PAD
} from './notes';

const ev = (round: number, accuracy: number, loss = 1): EventOf<'evaluated'> => ({
	type: 'evaluated',
	t: round * 2,
	round,
	accuracy,
	loss,
	bytesUp: round * 100,
	bytesDown: round * 300
});
const POINTS = [ev(1, 0.5), ev(2, 0.6, Number.NaN), ev(3, 0.7, 0.4)];

describe('wrapText', () => {
	it.each([
		['here the stragglers were dropped', 26, ['here the stragglers were', 'dropped']],
		['short', 26, ['short']],
		['  spaced   out  ', 26, ['spaced out']],
		['abcdefghij', 4, ['abcd', 'efgh', 'ij']],
		['a b c d e f g h', 3, ['a b', 'c d', 'e…']]
	])('%s at %i characters', (text, width, lines) => {
		expect(wrapText(text, width, 3)).toEqual(lines);
	});
	it('is empty for an empty text', () => expect(wrapText('')).toEqual([]));
});

describe('cleanNoteText', () => {
	it('folds white space and cuts at 140 characters', () => {
		expect(cleanNoteText('  a\n\tb  ')).toBe('a b');
		expect(cleanNoteText('x'.repeat(500))).toHaveLength(140);
	});
});

describe('noteAnchor', () => {
	it('finds the round on each axis', () => {
		expect(noteAnchor({ round: 3 }, POINTS, 'accuracy', 'round')).toEqual({ x: 3, y: 0.7 });
		expect(noteAnchor({ round: 3 }, POINTS, 'loss', 'time')).toEqual({ x: 6, y: 0.4 });
		expect(noteAnchor({ round: 1 }, POINTS, 'accuracy', 'bytes')).toEqual({ x: 400, y: 0.5 });
	});
	it('is null for a round not evaluated or a NaN metric', () => {
		expect(noteAnchor({ round: 9 }, POINTS, 'accuracy', 'round')).toBeNull();
		expect(noteAnchor({ round: 2 }, POINTS, 'loss', 'round')).toBeNull();
	});
});

describe('roundOfPoint', () => {
	it('counts only the points the curve draws (finite metric)', () => {
		expect(roundOfPoint(POINTS, 'accuracy', 1)).toBe(2);
		// the loss curve skips round 2 (NaN): its second point is round 3
		expect(roundOfPoint(POINTS, 'loss', 1)).toBe(3);
		expect(roundOfPoint(POINTS, 'loss', 2)).toBeNull();
	});
});

describe('drawnNotes', () => {
	it('puts each note on its run, in its colour, and leaves out notes with no point', () => {
		const runs = [
			{ id: 'run-1', color: '#111', points: POINTS },
			{ id: 'run-2', color: '#222', points: [ev(1, 0.9)] }
		];
		const notes = [
			{ runId: 'run-2', round: 1, text: 'dropped the stragglers' },
			{ runId: 'run-1', round: 7, text: 'not there' },
			{ runId: 'run-9', round: 1, text: 'no such run' }
		];
		expect(drawnNotes(runs, notes, 'accuracy', 'round')).toEqual([
			{ x: 1, y: 0.9, lines: ['dropped the stragglers'], color: '#222' }
		]);
	});
});

describe('placeNote', () => {
	const area = { left: 0, top: 0, right: 400, bottom: 300 };
	it('goes above and to the right of the point', () => {
		expect(placeNote(100, 150, 80, 30, area, 10)).toEqual({ x: 110, y: 110, w: 80, h: 30 });
	});
	it('goes left at the right edge (the last point) and below at the top (100 %)', () => {
		expect(placeNote(395, 5, 80, 30, area, 10)).toEqual({ x: 305, y: 15, w: 80, h: 30 });
	});
	it('stays inside an area too small on one side', () => {
		const b = placeNote(50, 290, 380, 30, area, 10);
		expect(b.x).toBeGreaterThanOrEqual(0);
		expect(b.x + b.w).toBeLessThanOrEqual(400);
		expect(b.y + b.h).toBeLessThanOrEqual(300);
	});
	it('leader line ends on the box edge nearest the point', () => {
		expect(leaderEnd(100, 150, { x: 110, y: 110, w: 80, h: 30 })).toEqual({ x: 110, y: 140 });
	});
	it('sizes a label from its widest line', () => {
		expect(noteSize(['ab', 'abcd'], (l) => l.length * 10)).toEqual({
			w: 40 + 2 * NOTE_PAD,
			h: 2 * NOTE_LINE_HEIGHT + 2 * NOTE_PAD - 3
		});
	});
});
