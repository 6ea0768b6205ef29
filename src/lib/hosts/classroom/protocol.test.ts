import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	HostControl,
	HostHello,
	MAX_TEXT_BYTES,
	RateLimit,
	StudentHello,
	UpdateHeader,
	base32,
	decodeFrame,
	encodeFrame,
	parseClientText,
	parseUpdate
} from './protocol';

const session = 'abcdefghijklmnop';
const header = { kind: 'update', session, client: 2, round: 3, loss: 0.5, attack: 'none' };
const expectOk = { session, modelBytes: 16, allowNonFinite: false };

/** The schema types a field of a client message may have: bounded scalars only. */
const SCALARS = new Set(['string', 'number', 'boolean', 'literal', 'picklist', 'null']);

/** Every leaf type under a schema (unwrapping optional/nullable and descending into objects). */
function leafTypes(s: v.GenericSchema): string[] {
	const any = s as unknown as {
		type: string;
		wrapped?: v.GenericSchema;
		entries?: Record<string, v.GenericSchema>;
		pipe?: { type: string; requirement?: unknown }[];
	};
	if (any.wrapped) return [...leafTypes(any.wrapped), ...(any.type === 'nullable' ? ['null'] : [])];
	if (any.entries) return Object.values(any.entries).flatMap(leafTypes);
	return [any.type];
}

/** The string fields' maximum lengths (each must be bounded by a maxLength or a regex). */
function stringBounds(s: v.GenericSchema): boolean[] {
	const any = s as unknown as {
		type: string;
		wrapped?: v.GenericSchema;
		entries?: Record<string, v.GenericSchema>;
		pipe?: { type: string }[];
	};
	if (any.wrapped) return stringBounds(any.wrapped);
	if (any.entries) return Object.values(any.entries).flatMap(stringBounds);
	if (any.type !== 'string') return [];
	return [!!any.pipe?.some((p) => p.type === 'max_length' || p.type === 'regex')];
}

describe('classroom protocol: no message can carry data', () => {
	const schemas = { StudentHello, HostHello, HostControl, UpdateHeader };
	it.each(Object.entries(schemas))('%s holds bounded scalars only', (_, schema) => {
		const leaves = leafTypes(schema as v.GenericSchema);
		expect(leaves.filter((t) => !SCALARS.has(t))).toEqual([]);
		expect(stringBounds(schema as v.GenericSchema).every(Boolean)).toBe(true);
		expect((schema as { type: string }).type).toBe('strict_object');
	});

	it('an extra field (pixels, labels) is refused in every message', () => {
		const pixels = Array.from({ length: 64 }, () => 0.5); // a few pixels: not refused for size
		for (const m of [
			{ kind: 'hello', role: 'student', session, pixels },
			{ kind: 'hello', role: 'host', session, key: 'a'.repeat(32), labels: [1, 2] },
			{ kind: 'control', session, action: 'start', data: pixels }
		]) {
			const raw = JSON.stringify(m);
			expect(parseClientText(raw, raw.length)).toMatchObject({ ok: false, code: 'malformed' });
		}
		const frame = encodeFrame({ ...header, x: pixels }, new Float32Array(4));
		expect(parseUpdate(frame, expectOk)).toMatchObject({ ok: false, code: 'malformed' });
	});

	it('the only array a student sends is the update payload, exactly the model size', () => {
		const frame = encodeFrame(header, new Float32Array(5)); // one float too many: data?
		expect(parseUpdate(frame, expectOk)).toMatchObject({ ok: false, code: 'wrong-length' });
	});
});

describe('classroom protocol: text frames', () => {
	const cases: [string, unknown, string | null][] = [
		['a student hello', { kind: 'hello', role: 'student', session, name: 'Ada' }, null],
		[
			'a resume hello',
			{ kind: 'hello', role: 'student', session, seat: 3, token: 'b'.repeat(32) },
			null
		],
		['a host hello', { kind: 'hello', role: 'host', session, key: 'c'.repeat(32) }, null],
		['a control', { kind: 'control', session, action: 'kick', seat: 1 }, null],
		['a short session code', { kind: 'hello', role: 'student', session: 'abc' }, 'malformed'],
		[
			'an upper-case code',
			{ kind: 'hello', role: 'student', session: session.toUpperCase() },
			'malformed'
		],
		['a long name', { kind: 'hello', role: 'student', session, name: 'x'.repeat(41) }, 'malformed'],
		['an unknown role', { kind: 'hello', role: 'admin', session }, 'malformed'],
		['an unknown action', { kind: 'control', session, action: 'format' }, 'malformed'],
		['an unknown kind', { kind: 'data', session }, 'malformed'],
		[
			'a bad token',
			{ kind: 'hello', role: 'student', session, seat: 1, token: 'short' },
			'malformed'
		]
	];
	it.each(cases)('%s', (_, msg, code) => {
		const raw = JSON.stringify(msg);
		const r = parseClientText(raw, raw.length);
		if (code === null) expect(r.ok).toBe(true);
		else expect(r).toMatchObject({ ok: false, code });
	});

	it('refuses non-JSON and oversized text', () => {
		expect(parseClientText('{not json', 9)).toMatchObject({ ok: false, code: 'malformed' });
		const big = JSON.stringify({ kind: 'hello', role: 'student', session, name: 'x'.repeat(5000) });
		expect(parseClientText(big, big.length)).toMatchObject({ ok: false, code: 'oversized' });
		expect(MAX_TEXT_BYTES).toBeLessThan(big.length);
	});
});

describe('classroom protocol: update frames', () => {
	const w = Float32Array.from([1, -2, 3.5, 0]);

	it('round-trips a header and its payload', () => {
		const f = decodeFrame(encodeFrame(header, w));
		expect(f.ok).toBe(true);
		if (!f.ok) return;
		expect(f.header).toEqual(header);
		expect(Array.from(f.payload)).toEqual([1, -2, 3.5, 0]);
		const u = parseUpdate(encodeFrame(header, w), expectOk);
		expect(u.ok && Array.from(u.value.weights)).toEqual([1, -2, 3.5, 0]);
	});

	const bad: [string, Uint8Array, string][] = [
		[
			'another session',
			encodeFrame({ ...header, session: 'zzzzzzzzzzzzzzzz' }, w),
			'wrong-session'
		],
		['a short payload', encodeFrame(header, new Float32Array(3)), 'wrong-length'],
		['NaN', encodeFrame(header, Float32Array.from([0, NaN, 0, 0])), 'non-finite'],
		['Infinity', encodeFrame(header, Float32Array.from([0, 0, Infinity, 0])), 'non-finite'],
		['a negative round', encodeFrame({ ...header, round: -1 }, w), 'malformed'],
		['a fractional client', encodeFrame({ ...header, client: 1.5 }, w), 'malformed'],
		['an unknown attack', encodeFrame({ ...header, attack: 'virus' }, w), 'malformed'],
		['a NaN loss', encodeFrame({ ...header, loss: 'NaN' }, w), 'malformed'],
		['three bytes', new Uint8Array(3), 'malformed'],
		['a huge header length', Uint8Array.from([255, 255, 0, 0, 1, 2, 3, 4]), 'oversized'],
		['a header that is not JSON', Uint8Array.from([2, 0, 0, 0, 123, 123, 0, 0]), 'malformed'],
		['an oversized frame', new Uint8Array(16 + 2000), 'oversized']
	];
	it.each(bad)('refuses %s', (_, frame, code) => {
		expect(parseUpdate(frame, expectOk)).toMatchObject({ ok: false, code });
	});

	it('accepts non-finite values when the lecturer allows broken clients', () => {
		const frame = encodeFrame(header, Float32Array.from([0, NaN, 0, 0]));
		expect(parseUpdate(frame, { ...expectOk, allowNonFinite: true }).ok).toBe(true);
	});
});

describe('classroom protocol: helpers', () => {
	it('base32 of 10 bytes is 16 characters, of 20 bytes 32', () => {
		expect(base32(new Uint8Array(10).fill(255))).toBe('7'.repeat(16));
		expect(base32(new Uint8Array(20))).toBe('a'.repeat(32));
		expect(base32(Uint8Array.from([0x08]))).toBe('ba'); // 00001 000(00)
	});

	it('the rate limit lets a burst through, then the average rate', () => {
		let ms = 0;
		const r = new RateLimit(3, 2, () => ms);
		expect([r.take(), r.take(), r.take(), r.take()]).toEqual([true, true, true, false]);
		ms += 500; // one token back
		expect([r.take(), r.take()]).toEqual([true, false]);
	});
});
