import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { secAggExtraBytes } from './costs';
import { P, invMod, mulMod, powMod } from './field';
import { decodeFixed, encodeFixed } from './fixed-point';
import { secureAggregate } from './protocol';
import { reconstructSecret, shareSecret } from './shamir';

const vec = (rng: ReturnType<typeof createRng>, d: number) =>
	Float32Array.from({ length: d }, () => rng.normal() * 0.1);

/** All subsets of [0, n) as index lists. */
const subsets = (n: number) =>
	Array.from({ length: 2 ** n }, (_, m) => [...Array(n).keys()].filter((i) => m & (1 << i)));

describe('field arithmetic mod 2^31 − 1', () => {
	it('multiplies exactly (checked with BigInt) and inverts', () => {
		const rng = createRng(1);
		for (let i = 0; i < 200; i++) {
			const a = rng.int(P);
			const b = rng.int(P);
			expect(mulMod(a, b)).toBe(Number((BigInt(a) * BigInt(b)) % BigInt(P)));
			if (a) expect(mulMod(a, invMod(a))).toBe(1);
		}
		expect(powMod(7, P - 1)).toBe(1);
	});
});

describe('Shamir t-of-n', () => {
	it('every subset of ≥ t shares recovers the secret; every smaller one is refused', () => {
		const n = 6;
		const t = 4;
		const secret = 123456789;
		const shares = shareSecret(secret, t, n, createRng(2));
		for (const s of subsets(n)) {
			const r = reconstructSecret(
				s.map((i) => shares[i] as (typeof shares)[number]),
				t
			);
			if (s.length >= t) expect(r).toEqual({ ok: true, secret });
			else {
				expect(r.ok).toBe(false);
				if (!r.ok) expect(r.reason).toMatch(/threshold is 4/);
			}
		}
	});
});

describe('secure aggregation (Bonawitz et al. 2017)', () => {
	it('the masked sum equals the plain sum exactly in Z_2^32', () => {
		const rng = createRng(3);
		const clients = [0, 3, 4, 7, 9];
		const inputs = new Map(clients.map((c) => [c, vec(rng, 500)]));
		const r = secureAggregate({ clients, inputs, threshold: 3, rng: createRng(4) });
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		// the plain sum of the same fixed-point encodings, in the same group
		const plain = new Uint32Array(500);
		for (const x of inputs.values()) {
			const e = encodeFixed(x);
			for (let i = 0; i < 500; i++) plain[i] = ((plain[i] as number) + (e[i] as number)) >>> 0;
		}
		expect([...r.sum]).toEqual([...decodeFixed(plain)]);
		// and the real sum to the fixed-point resolution
		for (let i = 0; i < 500; i++) {
			let s = 0;
			for (const x of inputs.values()) s += x[i] as number;
			expect(Math.abs((r.sum[i] as number) - s)).toBeLessThan(5 * 2 ** -20);
		}
	});

	it('a single masked update is uncorrelated with the plain one', () => {
		const rng = createRng(5);
		const clients = [0, 1, 2];
		const x = vec(rng, 20_000);
		const inputs = new Map([
			[0, x],
			[1, vec(rng, 20_000)],
			[2, vec(rng, 20_000)]
		]);
		const r = secureAggregate({ clients, inputs, threshold: 2, rng: createRng(6) });
		const seen = decodeFixed(r.masked.get(0) as Uint32Array);
		const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, z) => s + z, 0) / a.length;
		const mx = mean(x);
		const my = mean(seen);
		let sxy = 0;
		let sxx = 0;
		let syy = 0;
		for (let i = 0; i < x.length; i++) {
			const a = (x[i] as number) - mx;
			const b = (seen[i] as number) - my;
			sxy += a * b;
			sxx += a * a;
			syy += b * b;
		}
		const corr = sxy / Math.sqrt(sxx * syy);
		expect(Math.abs(corr)).toBeLessThan(0.03); // ~3.5 standard errors at n = 20,000
		// the masked values span the whole fixed-point range, the plain ones a few tenths
		expect(Math.max(...seen.map(Math.abs))).toBeGreaterThan(1000);
	});

	it('recovers from dropouts for every survivor set ≥ t and refuses below t', () => {
		const rng = createRng(7);
		const clients = [1, 2, 3, 4, 5];
		const all = new Map(clients.map((c) => [c, vec(rng, 40)]));
		const t = 3;
		for (const s of subsets(5)) {
			const inputs = new Map(s.map((i) => [clients[i] as number, all.get(clients[i] as number)!]));
			if (!inputs.size) continue;
			const r = secureAggregate({ clients, inputs, threshold: t, rng: createRng(8) });
			if (s.length < t) {
				expect(r.ok).toBe(false);
				if (!r.ok) expect(r.reason).toMatch(/threshold is t = 3/);
				continue;
			}
			expect(r.ok).toBe(true);
			if (!r.ok) continue;
			expect(r.recovered.length).toBe(5 - s.length);
			for (let i = 0; i < 40; i++) {
				let sum = 0;
				for (const x of inputs.values()) sum += x[i] as number;
				expect(Math.abs((r.sum[i] as number) - sum)).toBeLessThan(5 * 2 ** -20);
			}
		}
	});

	it('weights encode a weighted mean; extra bytes grow with n² per round', () => {
		const clients = [0, 1];
		const inputs = new Map([
			[0, new Float32Array([1, 2])],
			[1, new Float32Array([3, 6])]
		]);
		const weights = new Map([
			[0, 0.25],
			[1, 0.75]
		]);
		const r = secureAggregate({ clients, inputs, weights, threshold: 2, rng: createRng(9) });
		expect(r.ok && [...r.sum]).toEqual([2.5, 5]);
		// n = 10, all survive: up 10·(64 + 9·100 + 9·36), down 10·(640 + 9·100 + 40)
		expect(secAggExtraBytes(10, 10)).toEqual({ up: 12880, down: 15800 });
	});
});
