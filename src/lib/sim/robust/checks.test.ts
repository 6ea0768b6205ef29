import { describe, expect, it } from 'vitest';
import { byzantineCount, checkByzantine, roundShape } from './checks';
import { scenarioOrThrow, type ScenarioInput, type Scenario } from '../scenario';
import * as v from 'valibot';
import { ScenarioSchema } from '../scenario';

/** A scenario straight from the schema, before the cross-checks (which would reject it). */
const raw = (input: ScenarioInput): Scenario => v.parse(ScenarioSchema, input);

describe('Byzantine preconditions', () => {
	it('counts round(fraction × clients) Byzantine clients and the worst case per round', () => {
		const s = scenarioOrThrow({
			clients: 20,
			byzantine: { fraction: 0.3 },
			algorithm: { kind: 'fedavg', clientFraction: 0.5 }
		});
		expect(byzantineCount(s)).toBe(6);
		expect(roundShape(s)).toEqual({ n: 10, q: 6 });
		expect(byzantineCount({ clients: 10, byzantine: { ...s.byzantine, fraction: 0.25 } })).toBe(3);
	});

	it('blocks Krum with too many attackers, naming n, f and the fields to change', () => {
		const c = checkByzantine(
			raw({
				clients: 10,
				byzantine: { fraction: 0.4 },
				aggregator: { kind: 'krum' },
				algorithm: { kind: 'fedavg', clientFraction: 1 }
			})
		);
		expect(c.errors).toEqual([
			expect.stringMatching(
				/^byzantine.fraction: Krum needs n > 2f \+ 2 .*n = 10 and f = 4 \(2f \+ 2 = 10\)/
			)
		]);
	});

	it('warns (does not block) when the guarantee is void', () => {
		const c = checkByzantine(
			raw({
				clients: 10,
				byzantine: { fraction: 0.3 },
				aggregator: { kind: 'medianOfMeans', groups: 5 },
				algorithm: { kind: 'fedavg', clientFraction: 1 }
			})
		);
		expect(c.errors).toEqual([]);
		expect(c.warnings).toEqual([
			expect.stringMatching(/^aggregator.groups: .*q = 3 .*k = 5 groups/)
		]);
		const mean = checkByzantine(raw({ clients: 10, byzantine: { fraction: 0.3 } }));
		expect(mean.warnings.join()).toMatch(/the mean has no defence/);
	});

	it('says when sampling leaves the per-round count to chance, and when the fraction rounds to 0', () => {
		const sampled = checkByzantine(
			raw({
				clients: 20,
				byzantine: { fraction: 0.1 },
				aggregator: { kind: 'median' },
				algorithm: { kind: 'fedavg', clientFraction: 0.5 }
			})
		);
		expect(sampled.warnings.join('\n')).toMatch(/anywhere from 0 to 2 of the 2 Byzantine/);
		const none = checkByzantine(raw({ clients: 10, byzantine: { fraction: 0.04 } }));
		expect(none.warnings.join()).toMatch(/rounds to no Byzantine client/);
	});

	it('refuses robust settings for the asynchronous algorithms', () => {
		const c = checkByzantine(
			raw({ byzantine: { fraction: 0.2 }, algorithm: { kind: 'fedasync' } })
		);
		expect(c.errors).toEqual([expect.stringMatching(/"fedavg" only \(got "fedasync"\)/)]);
		expect(checkByzantine(raw({ algorithm: { kind: 'fedbuff' } }))).toEqual({
			errors: [],
			warnings: []
		});
	});

	it('is silent for the default scenario', () => {
		expect(checkByzantine(scenarioOrThrow({}))).toEqual({ errors: [], warnings: [] });
	});
});
