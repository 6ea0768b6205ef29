import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { parseScenario } from '../../scenario';
import { constantUpdate } from './constant';
import { faultyUpdate } from './faulty';
import { gaussianUpdate } from './gaussian';
import { attackNames, attacks, craftUpdates, labelMapFor } from './index';
import { flipLabels } from './label-flip';
import { scaleUpdate } from './scaling';
import { signFlip } from './sign-flip';

const f = (...x: number[]) => Float32Array.from(x);

describe('attacks by hand', () => {
	it.each([
		{ name: 'sign flip λ = 4', out: signFlip(f(0.5, -0.25, 0), 4), expected: [-2, 1, -0] },
		{ name: 'sign flip λ = 1', out: signFlip(f(3, -1), 1), expected: [-3, 1] },
		{ name: 'scaling ×10', out: scaleUpdate(f(0.5, -0.25), 10), expected: [5, -2.5] },
		{ name: 'zero update', out: constantUpdate(3, 0), expected: [0, 0, 0] },
		{ name: 'constant 1.5', out: constantUpdate(2, 1.5), expected: [1.5, 1.5] },
		{ name: 'faulty NaN', out: faultyUpdate(2, 'nan'), expected: [NaN, NaN] },
		{ name: 'faulty infinity', out: faultyUpdate(2, 'infinity'), expected: [Infinity, -Infinity] },
		{ name: 'faulty huge', out: faultyUpdate(2, 'huge'), expected: [1e30, -1e30].map(Math.fround) }
	])('$name', ({ out, expected }) => {
		expect(Array.from(out)).toEqual(expected);
	});

	it('Gaussian noise has the asked σ and comes from the seeded stream', () => {
		const a = gaussianUpdate(20_000, 0.5, createRng(3));
		const mean = a.reduce((s, x) => s + x, 0) / a.length;
		const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
		expect(Math.abs(mean)).toBeLessThan(0.02);
		expect(sd).toBeCloseTo(0.5, 1);
		expect(gaussianUpdate(5, 0.5, createRng(3))).toEqual(a.slice(0, 5));
	});

	it('label flip maps y → C − 1 − y (9 − y on MNIST) and only for Byzantine clients', () => {
		const m = flipLabels(10);
		expect([0, 1, 4, 9].map(m)).toEqual([9, 8, 5, 0]);
		expect(labelMapFor({ kind: 'labelFlip' }, true, 4)?.(1)).toBe(2);
		expect(labelMapFor({ kind: 'labelFlip' }, false, 10)).toBeUndefined();
		expect(labelMapFor({ kind: 'signFlip', scale: 4 }, true, 10)).toBeUndefined();
	});
});

describe('the attack registry', () => {
	const input = { own: [f(1, 2), f(3, 4)], honest: [f(1, 1), f(2, 2), f(3, 3)], rng: createRng(1) };

	it.each(attackNames)('%s: crafts one update per attacker, defaults from the schema', (name) => {
		const out = craftUpdates(attacks[name].defaults, input);
		expect(out).toHaveLength(2);
		for (const u of out) expect(u).toHaveLength(2);
		const r = parseScenario({ byzantine: { fraction: 0.1, attack: { kind: name } } });
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.scenario.byzantine.attack).toEqual(attacks[name].defaults);
	});

	it('label flip sends its (poisoned) training result untouched; no attackers, no updates', () => {
		const out = craftUpdates({ kind: 'labelFlip' }, input);
		expect(out.map((u) => Array.from(u))).toEqual([
			[1, 2],
			[3, 4]
		]);
		expect(craftUpdates({ kind: 'alie', z: 'auto' }, { ...input, own: [] })).toEqual([]);
		expect(attacks.labelFlip.poisons).toBe('data');
	});
});
