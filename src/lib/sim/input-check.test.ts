import { describe, expect, it } from 'vitest';
import { MAX_ISSUES, capIssues, clip } from './input-check';
import { parseScenario } from './scenario';

const errorsOf = (input: unknown): string[] => {
	const r = parseScenario(input);
	if (r.ok) throw new Error(`accepted: ${JSON.stringify(input).slice(0, 200)}`);
	return r.errors;
};

describe('parseScenario: structure before the schema', () => {
	it('names every unknown key of every object, not only the first', () => {
		expect(errorsOf({ a: 1, b: 2, algorithm: { kind: 'fedavg', foo: 1, bar: 2 } })).toEqual([
			'a: unknown field "a"',
			'b: unknown field "b"',
			'algorithm.foo: unknown field "foo"',
			'algorithm.bar: unknown field "bar"'
		]);
	});

	it.each([['devices'], ['byzantine'], ['model'], ['aggregator'], ['partition']])(
		'refuses a list where the object %s belongs',
		(key) => {
			expect(errorsOf({ [key]: [] })).toEqual([`${key}: must be an object, not a list`]);
		}
	);

	it('keeps tuples strict: extra items are an error, not dropped', () => {
		expect(errorsOf({ model: { kind: 'cnn', filters: [1, 2, 3, 'x'] } })).toEqual([
			'model.filters: must have exactly 2 items (got 4)'
		]);
		expect(errorsOf({ model: { kind: 'cnn', filters: [4] } })).toEqual([
			'model.filters: must have exactly 2 items (got 1)'
		]);
	});

	it('checks a list length before its items: one message, fast, for a 10⁶-item list', () => {
		const t = performance.now();
		const errors = errorsOf({ model: { kind: 'mlp', hidden: new Array(1_000_000).fill('x') } });
		expect(performance.now() - t).toBeLessThan(1000);
		expect(errors).toEqual(['model.hidden: must have at most 4 hidden layers (got 1000000 items)']);
	});

	it('bounds every message and the number of messages', () => {
		const huge = 'x'.repeat(1_000_000);
		const [msg] = errorsOf({ dataset: huge });
		expect(msg).toMatch(/^dataset: must be "mnist" or "blobs"/);
		expect((msg as string).length).toBeLessThan(500);
		const keys = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
		const many = errorsOf(keys);
		expect(many).toHaveLength(MAX_ISSUES + 1);
		expect(many.at(-1)).toBe('and 450 more problems');
		const longKey = errorsOf({ ['y'.repeat(100_000)]: 1 });
		expect(longKey.join('').length).toBeLessThan(500);
	});

	it('accepts JSON text saved with a UTF-8 byte-order mark', () => {
		const r = parseScenario('\ufeff{"rounds": 3}');
		expect(r.ok && r.scenario.rounds).toBe(3);
	});

	it('caps a JSON syntax error that echoes the input', () => {
		const [msg] = errorsOf(`{"dataset": "${'z'.repeat(100_000)}`);
		expect(msg).toMatch(/^not valid JSON/);
		expect((msg as string).length).toBeLessThan(500);
	});
});

describe('parseScenario: cross-field errors name the field to change', () => {
	it.each([
		[{ clients: 10, aggregator: { kind: 'krum', f: 4 } }, 'aggregator.f'],
		[
			{ clients: 10, byzantine: { fraction: 0.4 }, aggregator: { kind: 'krum' } },
			'byzantine.fraction'
		],
		[{ clients: 10, aggregator: { kind: 'trimmedMean', beta: 0.5 } }, 'aggregator.beta'],
		[{ clients: 10, aggregator: { kind: 'medianOfMeans', groups: 11 } }, 'aggregator.groups'],
		[
			{
				model: { kind: 'mlp', hidden: [8] },
				algorithm: { kind: 'split', cutLayer: 1, labels: 'ushaped', topLayers: 5 }
			},
			'algorithm.topLayers'
		],
		[
			{ model: { kind: 'mlp', hidden: [8] }, algorithm: { kind: 'split', cutLayer: 9 } },
			'algorithm.cutLayer'
		],
		[
			{ dataset: 'blobs', clients: 500, partition: { kind: 'shards', shardsPerClient: 5 } },
			'partition.shardsPerClient'
		]
	])('%j → %s', (input, field) => {
		const errors = errorsOf(input);
		expect(errors[0]?.startsWith(`${field}: `), errors.join('\n')).toBe(true);
	});

	it('accepts the largest shard split the data allows', () => {
		expect(
			parseScenario({
				dataset: 'blobs',
				clients: 250,
				partition: { kind: 'shards', shardsPerClient: 8 }
			}).ok
		).toBe(true);
	});
});

describe('clip / capIssues', () => {
	it('cuts long values and names the full length', () => {
		expect(clip('abc', 2)).toBe('ab… (3 characters)');
		expect(clip('abc', 3)).toBe('abc');
		expect(capIssues(['a', 'a', 'b'])).toEqual(['a', 'b']);
	});
});
