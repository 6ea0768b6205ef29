import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { parseScenario } from '../../scenario';
import { aggregateWith, aggregatorNames, aggregators, checkAggregator } from './index';

const f = (...x: number[]) => Float32Array.from(x);

describe('the aggregator registry', () => {
	it.each(aggregatorNames)('%s: its defaults are the scenario schema defaults', (name) => {
		const r = parseScenario({ aggregator: { kind: name } });
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.scenario.aggregator).toEqual(aggregators[name].defaults);
	});

	it('every rule cites its paper and maps the same updates to a vector of the same length', () => {
		const updates = [f(1, 2), f(1, 2.5), f(0.5, 2), f(1.2, 1.8), f(-9, 9), f(1, 2.1), f(0.9, 2)];
		for (const name of aggregatorNames) {
			expect(aggregators[name].paper.length).toBeGreaterThan(5);
			const r = aggregateWith(aggregators[name].defaults, updates, {
				samples: updates.map(() => 10),
				byzantine: 1,
				rng: createRng(1),
				previous: f(1, 2), // centred clipping's centre
				reference: f(1, 2) // FLTrust's server update
			});
			expect(r.aggregate).toHaveLength(2);
			// the robust rules stay near the honest cloud, the mean does not; norm clipping (τ = 1)
			// shrinks every update, so it only bounds the attacker's pull
			const off = Math.hypot((r.aggregate[0] as number) - 1, (r.aggregate[1] as number) - 2);
			if (name === 'mean') expect(off).toBeGreaterThan(1.5);
			else if (name === 'normClip') expect(off).toBeLessThan(1.5);
			else expect(off).toBeLessThan(0.5);
		}
	});

	it.each([
		[{ kind: 'krum' } as const, { n: 10, q: 4 }, /Krum needs n > 2f \+ 2 .* n = 10 and f = 4/],
		[{ kind: 'multiKrum' } as const, { n: 6, q: 2 }, /Multi-Krum needs n > 2f \+ 2/],
		[{ kind: 'trimmedMean', beta: 0.5 } as const, { n: 10, q: 0 }, /β < 0.5 \(got β = 0.5\)/],
		[
			{ kind: 'medianOfMeans', groups: 12, inner: 'geometric' } as const,
			{ n: 10, q: 0 },
			/k must be at most 10/
		],
		[{ kind: 'medianOfMeans', groups: 0, inner: 'geometric' } as const, { n: 10, q: 0 }, /k ≥ 1/]
	])('%j with %j is an error: %s', (spec, shape, message) => {
		const c = checkAggregator(spec, shape);
		expect(c.errors.join('\n')).toMatch(message);
	});

	it.each([
		[{ kind: 'mean' } as const, { n: 10, q: 1 }, /no defence/],
		[{ kind: 'median' } as const, { n: 10, q: 5 }, /breakdown point is 1\/2/],
		[{ kind: 'trimmedMean', beta: 0.1 } as const, { n: 10, q: 3 }, /raise β to at least 0.3/],
		[{ kind: 'krum', f: 2 } as const, { n: 10, q: 3 }, /told f = 2/],
		[{ kind: 'multiKrum', select: 9 } as const, { n: 10, q: 3 }, /choose m ≤ 7/],
		[
			{ kind: 'medianOfMeans', groups: 5, inner: 'geometric' } as const,
			{ n: 10, q: 3 },
			/q ≥ k\/2.*use k > 6/
		]
	])('%j with %j only warns: %s', (spec, shape, message) => {
		const c = checkAggregator(spec, shape);
		expect(c.errors).toEqual([]);
		expect(c.warnings.join('\n')).toMatch(message);
	});

	it('has nothing to say when the guarantees hold', () => {
		const shape = { n: 10, q: 3 };
		for (const spec of [
			{ kind: 'median' },
			{ kind: 'trimmedMean', beta: 0.3 },
			{ kind: 'krum' },
			{ kind: 'multiKrum' },
			{ kind: 'geometricMedian' },
			{ kind: 'medianOfMeans', groups: 7, inner: 'coordinate' }
		] as const)
			expect(checkAggregator(spec, shape)).toEqual({ errors: [], warnings: [] });
	});
});
