import { describe, expect, it } from 'vitest';
import { defaultScenario, parseScenario } from '../../sim/scenario';
import {
	FIELDS,
	applies,
	checkField,
	decodeUrl,
	defaultValues,
	encodeUrl,
	fieldOf,
	parseField,
	toScenario,
	valuesFromScenario,
	withValues,
	NOTICE_MAX,
	type FieldKey,
	type Field,
	type FieldValue,
	type Values
} from '.';

/** Values under which `f` applies (its variant selected). */
function contextFor(f: Field): Values {
	const r = parseScenario(f.context ?? {});
	if (!r.ok) throw new Error('bad context');
	return valuesFromScenario(r.scenario);
}

/** A valid value for `f` that differs from its default. */
function otherValue(f: Field, current: FieldValue | undefined): FieldValue {
	switch (f.kind) {
		case 'choice': {
			const o = f.options.find((x) => x.value !== current);
			if (!o) throw new Error(`${f.key} has a single option`);
			return o.value;
		}
		case 'list':
			return f.minLength === f.maxLength ? Array(f.minLength).fill(3) : [7, 5];
		case 'toggle':
			return !current;
		case 'number': {
			const v = f.integer
				? Math.ceil((f.min + f.max) / 3)
				: Number(((f.min + f.max) / 3).toFixed(3));
			return v === current ? f.min : v;
		}
	}
}

/** A value for `f` that the schema must reject. */
function badValues(f: Field): string[] {
	switch (f.kind) {
		case 'choice':
			return ['nonsense', ''];
		case 'list':
			return ['a,b', f.maxLength === 2 ? '1,2,3' : '1,2,3,4,5', '0'];
		case 'toggle':
			return ['yes', '2'];
		case 'number':
			return ['abc', '-1e9', '1e12', ...(f.integer ? ['1.5'] : [])];
	}
}

describe('the field table', () => {
	it('has unique URL keys and a default for every field', () => {
		const keys = FIELDS.map((f) => f.key);
		expect(new Set(keys).size).toBe(keys.length);
		const d = defaultValues();
		for (const f of FIELDS) expect(d[f.key], f.key).toBeDefined();
		expect(toScenario(d)).toEqual({ ok: true, scenario: defaultScenario() });
	});

	it.each(FIELDS.filter((f) => f.kind === 'number').map((f) => [f.key, f] as const))(
		'%s: both ends of the slider are valid in the schema (the row’s range lies within it)',
		(_key, f) => {
			if (f.kind !== 'number') return;
			for (const end of [f.min, f.max])
				expect(checkField(f, end), `${f.key}=${end}`).toMatchObject({ ok: true });
		}
	);

	it('describes every leaf of the scenario (a new schema field needs a row)', () => {
		const leaves = (o: unknown, prefix: string[] = []): string[] =>
			o !== null && typeof o === 'object' && !Array.isArray(o)
				? Object.entries(o).flatMap(([k, v]) => leaves(v, [...prefix, k]))
				: [prefix.join('.')];
		const covered = new Set(FIELDS.map((f) => f.path.join('.')));
		const missing = new Set<string>();
		for (const f of FIELDS) {
			const r = parseScenario(f.context ?? {});
			if (!r.ok) throw new Error('bad context');
			for (const leaf of leaves(r.scenario)) if (!covered.has(leaf)) missing.add(leaf);
		}
		expect([...missing], 'scenario fields without a row in FIELDS').toEqual([]);
	});
});

describe('field keys', () => {
	it('a key that names no field fails loudly, at compile time and at run time', () => {
		// @ts-expect-error — `alfa` is not a FieldKey
		const typo: Values = { alfa: 0.1 };
		expect(() => withValues(defaultValues(), typo)).toThrow(/alfa/);
		expect(() => fieldOf('alfa')).toThrow(/alfa/);
		expect(fieldOf('alpha').label).toBe('Label skew α');
	});
});

describe('URL codec', () => {
	it('always carries the seed', () => {
		expect(encodeUrl(defaultValues()).get('seed')).toBe('42');
	});

	const editable = FIELDS.filter((f) => f.kind !== 'choice' || f.options.length > 1);
	it.each(editable.map((f) => [f.key, f] as const))('round-trips %s', (_key, f) => {
		const base = contextFor(f);
		const values = withValues(base, { [f.key]: otherValue(f, base[f.key]) });
		expect(applies(f, values)).toBe(true);
		expect(toScenario(values).ok).toBe(true);
		const url = encodeUrl(values, { hidden: new Set([f.key]) }).toString();
		const back = decodeUrl(new URLSearchParams(url));
		expect(back.notices).toEqual([]);
		expect(back.values[f.key]).toEqual(values[f.key]);
		expect(back.hidden).toEqual(new Set([f.key]));
		const s1 = toScenario(values);
		const s2 = toScenario(back.values);
		expect(s2).toEqual(s1);
		// the short form: only what differs from the page's settings
		const short = decodeUrl(encodeUrl(values, { base }), base);
		expect(short.notices).toEqual([]);
		expect(toScenario(short.values)).toEqual(s1);
	});

	it('round-trips batch size “full”', () => {
		const values = withValues(defaultValues(), { B: 'full' });
		const back = decodeUrl(encodeUrl(values));
		expect(back.values.B).toBe('full');
		expect(back.notices).toEqual([]);
	});

	it.each(FIELDS.flatMap((f) => badValues(f).map((bad) => [f.key, bad, f] as const)))(
		'rejects %s=%j alone, keeping the other fields',
		(key, bad, f) => {
			const base = contextFor(f);
			// another field set in the same link must survive the bad one
			const other = key === 'rounds' ? 'E' : 'rounds';
			const params = encodeUrl(withValues(base, { [other]: 3 }));
			params.set(key, bad);
			const r = decodeUrl(params, base);
			expect(r.notices).toHaveLength(1);
			expect(r.notices[0]).toContain(`${key}=`);
			expect(r.notices[0]).toContain(f.label);
			expect(r.values[key]).toEqual(base[key]);
			expect(r.values[other]).toBe(3);
			expect(toScenario(r.values).ok).toBe(true);
		}
	);

	it('falls back only the field a cross-field rule names', () => {
		const r = decodeUrl(new URLSearchParams('data=blobs&model=cnn&K=7'));
		expect(r.values.data).toBe('blobs');
		expect(r.values.model).toBe('mlp');
		expect(r.values.K).toBe(7);
		expect(r.notices).toHaveLength(1);
		expect(r.notices[0]).toContain('model=cnn');
	});

	it('an impossible robust setting resets only the field the schema names, not the whole link', () => {
		const r = decodeUrl(new URLSearchParams('agg=krum&byz=0.5&K=10&seed=9'));
		// the schema reports Krum's n > 2f + 2 against the Byzantine share
		expect(r.values.agg).toBe('krum');
		expect(r.values.byz).toBe(defaultValues().byz);
		expect(r.values.K).toBe(10);
		expect(r.values.seed).toBe(9);
		expect(r.notices).toHaveLength(1);
		expect(r.notices[0]).toContain('Krum needs');
		expect(toScenario(r.values).ok).toBe(true);
	});

	it('reports unknown parameters and unknown hide flags without failing', () => {
		const r = decodeUrl(new URLSearchParams('alfa=0.1&hide=C,zzz&present=1&K=4'));
		expect(r.values.K).toBe(4);
		expect(r.hidden).toEqual(new Set(['C']));
		expect(r.notices.join(' ')).toContain('alfa');
		expect(r.notices.join(' ')).toContain('zzz');
		expect(r.notices).toHaveLength(2);
	});

	it('decodes a URL with no fields to the base values', () => {
		const base = withValues(defaultValues(), { K: 3 });
		const r = decodeUrl(new URLSearchParams(''), base);
		expect(r.values).toEqual(base);
		expect(r.touched).toBe(false);
	});

	it('keeps the value of a field that does not apply (α while the split is IID)', () => {
		const r = decodeUrl(new URLSearchParams('split=iid&alpha=0.2'));
		expect(r.values.alpha).toBe(0.2);
		const s = toScenario(r.values);
		expect(s.ok && s.scenario.partition).toEqual({ kind: 'iid', sizeSkew: 0 });
	});
});

describe('links that do not fit (issue 17, items 11–13)', () => {
	it.each([
		'algo=split&labels=ushaped&cut=abc&top=2',
		'algo=split&hidden=',
		'algo=split&model=cnn&data=blobs&cut=9&top=4&labels=ushaped',
		'agg=krum&f=20&m=20&byz=0.5&K=4&C=0.1'
	])('%s reaches a valid scenario, each notice once', (q) => {
		const r = decodeUrl(new URLSearchParams(q));
		expect(toScenario(r.values).ok).toBe(true);
		expect(new Set(r.notices).size).toBe(r.notices.length);
		expect(r.notices.length).toBeGreaterThan(0);
		expect(r.notices.length).toBeLessThanOrEqual(new URLSearchParams(q).size);
	});

	it('keeps the link’s other settings when one field conflicts', () => {
		const r = decodeUrl(new URLSearchParams('algo=split&labels=ushaped&cut=abc&top=2&K=7'));
		expect(r.values).toMatchObject({ algo: 'split', labels: 'ushaped', K: 7 });
		expect(r.notices.join(' ')).toContain('cut=abc');
		expect(r.notices.join(' ')).toContain('top=2');
	});

	it.each([
		['K', '0x10'],
		['K', '0b11'],
		['K', '1;2'],
		['lr', '1e-400'],
		['lr', 'Infinity'],
		['hidden', '64;32'],
		['hidden', '0x40']
	])('%s=%s: only decimal numbers are read', (key, raw) => {
		const r = decodeUrl(new URLSearchParams(`${key}=${raw}`));
		expect(r.values[key as FieldKey]).toEqual(defaultValues()[key as FieldKey]);
		expect(r.notices).toHaveLength(1);
		expect(r.notices[0]).toContain(`${key}=${raw}`);
	});

	it.each([
		['lr', '1e-2', 0.01],
		['lr', '.5', 0.5],
		['K', '+12', 12],
		['hidden', '64, 32', [64, 32]]
	])('%s=%s is read as %j', (key, raw, value) => {
		const r = decodeUrl(new URLSearchParams(`${key}=${raw}`));
		expect(r.notices).toEqual([]);
		expect(r.values[key as FieldKey]).toEqual(value);
	});

	it('a bad number in one field resets that field only (not the algorithm, not the rule)', () => {
		const a = decodeUrl(new URLSearchParams('algo=split&on=0b11'));
		expect(a.values.algo).toBe('split');
		const b = decodeUrl(new URLSearchParams('agg=krum&f=0b11'));
		expect(b.values.agg).toBe('krum');
		expect(b.notices).toHaveLength(1);
	});

	it('caps the length of every notice', () => {
		const huge = 'x'.repeat(100_000);
		const r = decodeUrl(new URLSearchParams(`${huge}=1&K=${huge}&hide=${huge}`));
		expect(r.notices).toHaveLength(3);
		for (const n of r.notices) expect(n.length).toBeLessThanOrEqual(NOTICE_MAX);
	});

	it('writes only the fields that differ from the page’s settings and apply, plus the seed', () => {
		const base = withValues(defaultValues(), { K: 20, C: 0.5 });
		const values = withValues(base, { E: 3, alpha: 0.3 });
		// α does not apply while the split is IID, so it is not written
		expect(encodeUrl(values, { base }).toString()).toBe('seed=42&E=3');
		expect(encodeUrl(base, { base }).toString()).toBe('seed=42');
		const back = decodeUrl(encodeUrl(values, { base }), base);
		expect(toScenario(back.values)).toEqual(toScenario(values));
	});

	it('old long links (every applicable field) keep working', () => {
		const base = withValues(defaultValues(), { K: 20, C: 0.5 });
		const values = withValues(base, { E: 3, split: 'dirichlet', alpha: 0.3 });
		const long = encodeUrl(values);
		expect(long.size).toBeGreaterThan(encodeUrl(values, { base }).size + 10);
		const back = decodeUrl(long, base);
		expect(back.notices).toEqual([]);
		expect(toScenario(back.values)).toEqual(toScenario(values));
	});
});

describe('parseField', () => {
	const field = fieldOf;
	it.each([
		['alpha', '0.3', 0.3],
		['hidden', '', []],
		['hidden', '64, 32', [64, 32]],
		['B', 'full', 'full'],
		['B', '16', 16],
		['split', 'shards', 'shards']
	])('%s %j → %j', (key, text, value) => {
		expect(parseField(field(key), text)).toEqual({ ok: true, value });
	});

	it('names the schema’s reason', () => {
		const r = parseField(field('alpha'), '0');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/at least 0\.01/);
	});
});
