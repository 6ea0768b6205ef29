/**
 * Keeps a cell's earlier runs (the ghosts), their names and the notes pinned on them across a
 * reload, in localStorage under one key per cell. What is read back is checked with valibot: a
 * value written by an older version, another site on the same origin or a hand edit is ignored
 * as a whole (nothing restored, nothing thrown), and a field value that does not fit its field is
 * left out of that run's settings.
 */
import * as v from 'valibot';
import type { EventOf } from '../sim/core/events';
import { NOTE_MAX_LENGTH, type Note } from '../viz/notes';
import {
	FIELD_BY_KEY,
	isFieldKey,
	withValues,
	type Field,
	type FieldValue,
	type Values
} from './fields';
import { RUN_NAME_MAX, type RunRecord } from './runs';

/** The storage key of a cell's runs. */
export function runStoreKey(cellName: string): string {
	return `dlp:runs:${cellName}`;
}

export const STORE_VERSION = 1;
/** Runs kept at most (the ghosts and the run that was live). */
export const STORE_MAX_RUNS = 16;
/** Evaluations kept per run at most. */
export const STORE_MAX_POINTS = 5000;

/** A number, or null for one JSON cannot hold (NaN: a diverged run's loss). */
const num = v.pipe(
	v.nullable(v.pipe(v.number(), v.finite())),
	v.transform((x) => x ?? Number.NaN)
);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const Point = v.object({
	t: v.pipe(v.number(), v.finite(), v.minValue(0)),
	round: count,
	accuracy: num,
	loss: num,
	attackSuccess: v.optional(num),
	bytesUp: v.pipe(v.number(), v.finite(), v.minValue(0)),
	bytesDown: v.pipe(v.number(), v.finite(), v.minValue(0))
});

const Value = v.union([
	v.pipe(v.number(), v.finite()),
	v.pipe(v.string(), v.maxLength(200)),
	v.boolean(),
	v.pipe(v.array(v.pipe(v.number(), v.finite())), v.maxLength(64))
]);

const StoredRun = v.object({
	n: v.pipe(count, v.minValue(1), v.maxValue(1_000_000)),
	name: v.optional(v.pipe(v.string(), v.maxLength(RUN_NAME_MAX))),
	preset: v.optional(v.pipe(v.string(), v.maxLength(200))),
	values: v.record(v.pipe(v.string(), v.maxLength(40)), Value),
	points: v.pipe(v.array(Point), v.maxLength(STORE_MAX_POINTS))
});

const StoredNote = v.object({
	run: v.pipe(count, v.minValue(1)),
	round: count,
	text: v.pipe(v.string(), v.minLength(1), v.maxLength(NOTE_MAX_LENGTH))
});

const Stored = v.object({
	v: v.literal(STORE_VERSION),
	runs: v.pipe(v.array(StoredRun), v.maxLength(STORE_MAX_RUNS)),
	notes: v.pipe(v.array(StoredNote), v.maxLength(200))
});

/** A run as kept: its record and its name (if the user gave one). */
export interface StoredRunRecord extends RunRecord {
	readonly name?: string;
}

/** What a cell keeps across a reload. */
export interface StoredRuns {
	readonly runs: readonly StoredRunRecord[];
	readonly notes: readonly Note[];
}

/** Whether `value` has the shape of `field`'s values (a choice among its options). */
function fits(field: Field, value: FieldValue): boolean {
	switch (field.kind) {
		case 'number':
			return typeof value === 'number' || value === field.special?.value;
		case 'choice':
			return field.options.some((o) => o.value === value);
		case 'toggle':
			return typeof value === 'boolean';
		case 'list':
			return Array.isArray(value);
	}
}

/** The stored settings that name a field and fit it, over `base`. */
function cleanValues(raw: Record<string, FieldValue>, base: Values): Values {
	const kept: { [k: string]: FieldValue } = {};
	for (const [k, value] of Object.entries(raw)) {
		const field = isFieldKey(k) ? FIELD_BY_KEY.get(k) : undefined;
		if (field && fits(field, value)) kept[k] = value;
	}
	return withValues(base, kept as Values);
}

/**
 * Reads stored runs: null when `text` is missing, not JSON or not of this shape (the caller then
 * starts empty). Runs come back in number order, each number once; notes only on runs kept.
 */
export function decodeRuns(text: string | null, base: Values): StoredRuns | null {
	if (text === null) return null;
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return null;
	}
	const r = v.safeParse(Stored, json);
	if (!r.success) return null;
	const seen = new Set<number>();
	const runs: StoredRunRecord[] = [];
	for (const s of [...r.output.runs].sort((a, b) => a.n - b.n)) {
		if (seen.has(s.n)) continue;
		seen.add(s.n);
		const points: EventOf<'evaluated'>[] = s.points.map((p) => ({
			type: 'evaluated',
			t: p.t,
			round: p.round,
			accuracy: p.accuracy,
			loss: p.loss,
			...(p.attackSuccess === undefined ? {} : { attackSuccess: p.attackSuccess }),
			bytesUp: p.bytesUp,
			bytesDown: p.bytesDown
		}));
		const name = s.name?.trim();
		runs.push({
			n: s.n,
			values: cleanValues(s.values, base),
			points,
			...(s.preset ? { preset: s.preset } : {}),
			...(name ? { name } : {})
		});
	}
	const notes = r.output.notes.filter((n) => seen.has(n.run));
	return { runs, notes };
}

/** JSON can hold no NaN or infinity: those become null (read back as NaN). */
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** The text `decodeRuns` reads back. */
export function encodeRuns(data: StoredRuns): string {
	return JSON.stringify({
		v: STORE_VERSION,
		runs: data.runs.slice(-STORE_MAX_RUNS).map((r) => ({
			n: r.n,
			...(r.name ? { name: r.name.slice(0, RUN_NAME_MAX) } : {}),
			...(r.preset ? { preset: r.preset } : {}),
			values: r.values,
			points: r.points.slice(-STORE_MAX_POINTS).map((p) => ({
				t: p.t,
				round: p.round,
				accuracy: finiteOrNull(p.accuracy),
				loss: finiteOrNull(p.loss),
				...(p.attackSuccess === undefined ? {} : { attackSuccess: finiteOrNull(p.attackSuccess) }),
				bytesUp: p.bytesUp,
				bytesDown: p.bytesDown
			}))
		})),
		notes: data.notes
	});
}

/** The page's localStorage, or null where there is none (server rendering, a blocked store). */
function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/** The runs kept for a cell, or null. */
export function loadRuns(key: string, base: Values, store = storage()): StoredRuns | null {
	try {
		return decodeRuns(store?.getItem(key) ?? null, base);
	} catch {
		return null;
	}
}

/** Keeps a cell's runs (nothing kept: the key is removed); a full or blocked store is ignored. */
export function saveRuns(key: string, data: StoredRuns, store = storage()): void {
	try {
		if (!data.runs.length) store?.removeItem(key);
		else store?.setItem(key, encodeRuns(data));
	} catch {
		// not kept: the next visit starts without the earlier runs
	}
}
