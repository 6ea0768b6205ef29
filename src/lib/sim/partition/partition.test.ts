import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { clientSizes, labelHistogram, partition } from './index';

/** 10 classes × 100 samples, labels in a fixed interleaved order. */
const labels = Uint8Array.from({ length: 1000 }, (_, i) => i % 10);
const input = (clients: number) => ({ labels, numClasses: 10, clients });

function entropy(h: number[]): number {
	const n = h.reduce((a, b) => a + b, 0);
	return -h.reduce((s, c) => (c ? s + (c / n) * Math.log2(c / n) : s), 0);
}

function coversAllOnce(parts: Int32Array[], n: number): boolean {
	const seen = new Uint8Array(n);
	for (const p of parts) for (const i of p) seen[i] = (seen[i] as number) + 1;
	return seen.every((c) => c === 1);
}

describe('partitioners', () => {
	it.each([
		{ spec: { kind: 'iid', sizeSkew: 0 } as const },
		{ spec: { kind: 'iid', sizeSkew: 1.5 } as const },
		{ spec: { kind: 'dirichlet', alpha: 0.1, sizeSkew: 0 } as const },
		{ spec: { kind: 'dirichlet', alpha: 1, sizeSkew: 1 } as const },
		{ spec: { kind: 'shards', shardsPerClient: 2 } as const }
	])('$spec.kind uses every sample exactly once', ({ spec }) => {
		const parts = partition(input(10), spec, createRng(1));
		expect(parts).toHaveLength(10);
		expect(parts.reduce((s, p) => s + p.length, 0)).toBe(1000);
		expect(coversAllOnce(parts, 1000)).toBe(true);
		expect(parts.every((p) => p.length > 0)).toBe(true);
	});

	it('IID gives every client close to the same class balance', () => {
		const parts = partition(input(5), { kind: 'iid', sizeSkew: 0 }, createRng(2));
		for (const p of parts) {
			expect(p.length).toBe(200);
			for (const c of labelHistogram(labels, 10, p)) expect(c).toBeGreaterThan(8); // mean 20
			expect(entropy(labelHistogram(labels, 10, p))).toBeGreaterThan(3.1); // max log2(10) = 3.32
		}
	});

	it.each([1, 2, 3, 5])('shards give each client exactly %i labels', (s) => {
		const parts = partition(input(10), { kind: 'shards', shardsPerClient: s }, createRng(3));
		for (const p of parts)
			expect(labelHistogram(labels, 10, p).filter((c) => c > 0)).toHaveLength(s);
	});

	it('smaller alpha gives lower label entropy per client', () => {
		const mean = (alpha: number) => {
			const parts = partition(input(20), { kind: 'dirichlet', alpha, sizeSkew: 0 }, createRng(4));
			return parts.reduce((s, p) => s + entropy(labelHistogram(labels, 10, p)), 0) / parts.length;
		};
		const [e01, e1, e100] = [mean(0.1), mean(1), mean(100)];
		expect(e01).toBeLessThan(e1);
		expect(e1).toBeLessThan(e100);
		expect(e01).toBeLessThan(1.5);
		expect(e100).toBeGreaterThan(2.9);
	});

	it('is deterministic for a seed and differs across seeds', () => {
		const spec = { kind: 'dirichlet', alpha: 0.5, sizeSkew: 0.5 } as const;
		const a = partition(input(8), spec, createRng(9));
		const b = partition(input(8), spec, createRng(9));
		const c = partition(input(8), spec, createRng(10));
		expect(a.map((p) => Array.from(p))).toEqual(b.map((p) => Array.from(p)));
		expect(a.map((p) => Array.from(p))).not.toEqual(c.map((p) => Array.from(p)));
	});

	it('rejects more clients than samples', () => {
		expect(() =>
			partition(
				{ labels: labels.slice(0, 5), numClasses: 10, clients: 6 },
				{ kind: 'iid', sizeSkew: 0 },
				createRng(1)
			)
		).toThrow(/6 clients/);
	});
});

describe('clientSizes', () => {
	it.each([
		[1000, 7, 0],
		[1000, 7, 1],
		[50, 50, 2],
		[8000, 200, 3]
	])('%i samples over %i clients (skew %f) sum exactly, each ≥ 1', (total, k, skew) => {
		const sizes = clientSizes(total, k, skew, createRng(5));
		expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
		expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
	});

	it('skew spreads the sizes', () => {
		const flat = clientSizes(1000, 10, 0, createRng(6));
		const skewed = clientSizes(1000, 10, 1.5, createRng(6));
		expect(Math.max(...flat) - Math.min(...flat)).toBe(0);
		expect(Math.max(...skewed) / Math.min(...skewed)).toBeGreaterThan(5);
	});
});
