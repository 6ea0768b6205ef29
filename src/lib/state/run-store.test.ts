import { describe, expect, it } from 'vitest';
import type { EventOf } from '../sim/core/events';
import { defaultValues, withValues } from './fields';
import {
	decodeRuns,
	encodeRuns,
	loadRuns,
	runStoreKey,
	saveRuns,
	STORE_MAX_RUNS,
	type StoredRuns
} from './run-store';

const point = (round: number, accuracy: number, loss = 1 / round): EventOf<'evaluated'> => ({
	type: 'evaluated',
	t: round * 1.5,
	round,
	accuracy,
	loss,
	bytesUp: round * 100,
	bytesDown: round * 200
});

const base = defaultValues();
const DATA: StoredRuns = {
	runs: [
		{ n: 2, values: withValues(base, { E: 5 }), points: [point(1, 0.5), point(2, 0.7)] },
		{
			n: 4,
			values: withValues(base, { E: 1 }),
			points: [point(1, 0.4, Number.NaN)],
			preset: 'FedSGD',
			name: 'baseline'
		}
	],
	notes: [{ run: 4, round: 1, text: 'here the stragglers were dropped' }]
};

/** A Storage backed by a Map. */
function memoryStore(init: Record<string, string> = {}): Storage {
	const m = new Map(Object.entries(init));
	return {
		get length() {
			return m.size;
		},
		clear: () => m.clear(),
		getItem: (k) => m.get(k) ?? null,
		key: (i) => [...m.keys()][i] ?? null,
		removeItem: (k) => void m.delete(k),
		setItem: (k, v) => void m.set(k, String(v))
	};
}

describe('run store codec', () => {
	it('reads back what it wrote, a NaN loss included', () => {
		const back = decodeRuns(encodeRuns(DATA), base);
		expect(back?.notes).toEqual(DATA.notes);
		expect(back?.runs.map((r) => [r.n, r.name, r.preset, r.values.E])).toEqual([
			[2, undefined, undefined, 5],
			[4, 'baseline', 'FedSGD', 1]
		]);
		expect(back?.runs[0]?.points).toEqual(DATA.runs[0]?.points);
		expect(back?.runs[1]?.points[0]?.loss).toBeNaN();
		expect(back?.runs[1]?.points[0]?.accuracy).toBe(0.4);
	});

	it.each([
		['nothing stored', null],
		['not JSON', '{runs: ['],
		['another version', JSON.stringify({ v: 2, runs: [], notes: [] })],
		['a foreign object', JSON.stringify({ hello: 'world' })],
		['an array', '[1,2,3]'],
		['a number', '42'],
		[
			'a run without a number',
			JSON.stringify({ v: 1, runs: [{ values: {}, points: [] }], notes: [] })
		],
		[
			'a point with text for accuracy',
			JSON.stringify({
				v: 1,
				runs: [
					{
						n: 1,
						values: {},
						points: [{ t: 1, round: 1, accuracy: 'high', loss: 1, bytesUp: 0, bytesDown: 0 }]
					}
				],
				notes: []
			})
		],
		[
			'too many runs',
			JSON.stringify({
				v: 1,
				runs: Array.from({ length: STORE_MAX_RUNS + 1 }, (_, i) => ({
					n: i + 1,
					values: {},
					points: []
				})),
				notes: []
			})
		],
		[
			'a note on round -1',
			JSON.stringify({ v: 1, runs: [], notes: [{ run: 1, round: -1, text: 'x' }] })
		]
	])('ignores %s', (_what, text) => {
		expect(decodeRuns(text, base)).toBeNull();
	});

	it('keeps the settings that name a field and fit it, and drops the rest', () => {
		const text = JSON.stringify({
			v: 1,
			runs: [
				{
					n: 3,
					values: { E: 3, split: 'no-such-split', bogus: 1, __proto__x: true, B: 'full' },
					points: []
				}
			],
			notes: [
				{ run: 3, round: 1, text: 'kept' },
				{ run: 8, round: 1, text: 'on a run not kept' }
			]
		});
		const back = decodeRuns(text, base);
		expect(back?.runs[0]?.values.E).toBe(3);
		expect(back?.runs[0]?.values.B).toBe('full');
		expect(back?.runs[0]?.values.split).toBe(base.split);
		expect(Object.keys(back?.runs[0]?.values ?? {})).not.toContain('bogus');
		expect(back?.notes).toEqual([{ run: 3, round: 1, text: 'kept' }]);
	});

	it('orders runs by number and keeps each number once', () => {
		const text = JSON.stringify({
			v: 1,
			runs: [
				{ n: 5, values: {}, points: [] },
				{ n: 2, values: {}, points: [] },
				{ n: 5, name: 'again', values: {}, points: [] }
			],
			notes: []
		});
		expect(decodeRuns(text, base)?.runs.map((r) => [r.n, r.name])).toEqual([
			[2, undefined],
			[5, undefined]
		]);
	});
});

describe('loadRuns / saveRuns', () => {
	it('round-trips through a store, one key per cell, and removes the key when nothing is kept', () => {
		const store = memoryStore();
		saveRuns(runStoreKey('fedavg'), DATA, store);
		expect(store.getItem('dlp:runs:fedavg')).not.toBeNull();
		expect(loadRuns(runStoreKey('fedavg'), base, store)?.runs).toHaveLength(2);
		expect(loadRuns(runStoreKey('lab'), base, store)).toBeNull();
		saveRuns(runStoreKey('fedavg'), { runs: [], notes: [] }, store);
		expect(store.getItem('dlp:runs:fedavg')).toBeNull();
	});

	it('survives a store that throws (blocked, full) and no store at all', () => {
		const broken = {
			...memoryStore(),
			getItem: () => {
				throw new Error('SecurityError');
			},
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		} as Storage;
		expect(() => saveRuns('k', DATA, broken)).not.toThrow();
		expect(loadRuns('k', base, broken)).toBeNull();
		expect(loadRuns('k', base, null)).toBeNull();
	});

	it('ignores garbage under the key', () => {
		const store = memoryStore({ 'dlp:runs:lab': '\u0000garbage' });
		expect(loadRuns(runStoreKey('lab'), base, store)).toBeNull();
	});
});
