import { describe, expect, it } from 'vitest';
import { stalenessFunction, stalenessFunctions, type StalenessSpec } from '.';
import { constantStaleness } from './constant';
import { hingeStaleness } from './hinge';
import { polynomialStaleness } from './polynomial';

describe('staleness functions (by hand)', () => {
	it.each([
		// constant: always 1
		{ spec: { kind: 'constant' }, staleness: 0, s: 1 },
		{ spec: { kind: 'constant' }, staleness: 16, s: 1 },
		// polynomial (t − τ + 1)^(−a)
		{ spec: { kind: 'polynomial', a: 0.5 }, staleness: 0, s: 1 },
		{ spec: { kind: 'polynomial', a: 0.5 }, staleness: 3, s: 0.5 }, // 4^(−1/2)
		{ spec: { kind: 'polynomial', a: 0.5 }, staleness: 15, s: 0.25 }, // 16^(−1/2)
		{ spec: { kind: 'polynomial', a: 1 }, staleness: 4, s: 0.2 }, // 5^(−1)
		{ spec: { kind: 'polynomial', a: 2 }, staleness: 1, s: 0.25 }, // 2^(−2)
		{ spec: { kind: 'polynomial', a: 0 }, staleness: 9, s: 1 }, // a = 0 is constant
		// hinge: 1 up to b, then 1/(a(t − τ − b) + 1)
		{ spec: { kind: 'hinge', a: 10, b: 4 }, staleness: 0, s: 1 },
		{ spec: { kind: 'hinge', a: 10, b: 4 }, staleness: 4, s: 1 },
		{ spec: { kind: 'hinge', a: 10, b: 4 }, staleness: 5, s: 1 / 11 },
		{ spec: { kind: 'hinge', a: 10, b: 4 }, staleness: 6, s: 1 / 21 },
		{ spec: { kind: 'hinge', a: 0.5, b: 2 }, staleness: 8, s: 0.25 } // 1/(0.5·6 + 1)
	] as { spec: StalenessSpec; staleness: number; s: number }[])(
		'$spec.kind $spec at staleness $staleness gives $s',
		({ spec, staleness, s }) => {
			expect(stalenessFunction(spec)(staleness)).toBeCloseTo(s, 12);
		}
	);

	it('the free functions agree with the registry and never increase with staleness', () => {
		expect(constantStaleness()).toBe(1);
		expect(polynomialStaleness(8, 1)).toBeCloseTo(1 / 9, 12);
		expect(hingeStaleness(7, 2, 3)).toBeCloseTo(1 / 9, 12);
		for (const spec of [
			{ kind: 'constant' },
			{ kind: 'polynomial', a: 0.5 },
			{ kind: 'hinge', a: 10, b: 4 }
		] as StalenessSpec[]) {
			const s = stalenessFunction(spec);
			for (let t = 0; t < 40; t++) {
				expect(s(t + 1)).toBeLessThanOrEqual(s(t));
				expect(s(t)).toBeGreaterThan(0);
				expect(s(t)).toBeLessThanOrEqual(1);
			}
		}
		expect(Object.keys(stalenessFunctions)).toEqual(['constant', 'polynomial', 'hinge']);
	});
});
