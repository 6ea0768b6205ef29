/**
 * A seeded fuzz test of the link decoder: thousands of generated query strings (real keys with
 * good, bad, huge and lenient-number values; unknown and oversized keys; reserved flags). The
 * decoder must never throw, always end on a valid scenario, report each problem once, and keep
 * its notices bounded in count and length; a link it writes must decode to the same values.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../sim/core/rng';
import { FIELDS, type Field } from './table';
import { defaultValues, toScenario } from './values';
import { NOTICE_MAX, decodeUrl, encodeUrl } from './url';

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)] as T;

function valueFor(rng: Rng, f: Field): string {
	const junk = [
		'',
		'abc',
		'0x10',
		'0b11',
		'1;2',
		'1e-400',
		'1e400',
		'NaN',
		'-1',
		'Infinity',
		' 3',
		'x'.repeat(1 + rng.int(20_000))
	];
	if (rng.next() < 0.35) return pick(rng, junk);
	switch (f.kind) {
		case 'number': {
			const span = f.max - f.min;
			const v = pick(rng, [f.min, f.max, f.min + rng.next() * span, f.max * 10, f.min - 1]);
			if (f.special && rng.next() < 0.2) return f.special.value;
			return String(f.integer ? Math.round(v) : +v.toFixed(3));
		}
		case 'choice':
			return rng.next() < 0.9 ? pick(rng, f.options).value : 'nope';
		case 'toggle':
			return pick(rng, ['1', '0', 'yes']);
		case 'list':
			return pick(rng, ['8', '16,16', '200,200', '1,2,3,4,5', '', 'a,b', '4,8']);
	}
}

function generate(rng: Rng): URLSearchParams {
	const p = new URLSearchParams();
	const n = 1 + rng.int(12);
	for (let i = 0; i < n; i++) {
		const r = rng.next();
		if (r < 0.85) {
			const f = pick(rng, FIELDS);
			p.set(f.key, valueFor(rng, f));
		} else if (r < 0.93) p.set(`unknown${rng.int(5)}`, '1');
		else if (r < 0.97) p.set('k'.repeat(1 + rng.int(100_000)), 'v');
		else p.set(pick(rng, ['hide', 'present', 'backend', 'speed']), pick(rng, ['1', 'all', 'x']));
	}
	return p;
}

describe('link fuzz (seeded)', () => {
	it('2,000 generated links: no throw, always a valid scenario, bounded notices, each once', () => {
		const rng = createRng(1202);
		const base = defaultValues();
		let noticed = 0;
		let maxNotices = 0;
		for (let i = 0; i < 2000; i++) {
			const params = generate(rng);
			const d = decodeUrl(params, base);
			const s = toScenario(d.values);
			if (!s.ok) throw new Error(`?${params.toString().slice(0, 300)} → ${s.errors.join('; ')}`);
			expect(new Set(d.notices).size).toBe(d.notices.length);
			for (const line of d.notices) expect(line.length).toBeLessThanOrEqual(NOTICE_MAX);
			expect(d.notices.length).toBeLessThanOrEqual([...params.keys()].length + FIELDS.length);
			noticed += d.notices.length ? 1 : 0;
			maxNotices = Math.max(maxNotices, d.notices.length);
			// what the decoder settled on survives its own encoding
			const again = decodeUrl(encodeUrl(d.values), base);
			expect(again.notices).toEqual([]);
			expect(toScenario(again.values)).toEqual(s);
		}
		expect(noticed).toBeGreaterThan(300);
		console.log(`link fuzz: 2000 links, ${noticed} with notices, at most ${maxNotices} notices`);
	});

	it.each([
		['algo=split&labels=ushaped&cut=abc&top=2'],
		['algo=split&hidden='],
		['agg=krum&f=abc&byz=0.4'],
		['on=0b11&algo=split']
	])('decodes ?%s to a valid scenario with each notice once', (q) => {
		const d = decodeUrl(new URLSearchParams(q));
		expect(toScenario(d.values).ok).toBe(true);
		expect(new Set(d.notices).size).toBe(d.notices.length);
		expect(d.notices.length).toBeLessThan(5);
	});
});
