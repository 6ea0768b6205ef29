import { describe, expect, it } from 'vitest';
import { defaultScenario, parseScenario, serializeScenario } from './scenario';

describe('parseScenario', () => {
	it('accepts the documented example and fills defaults', () => {
		const r = parseScenario({
			seed: 42,
			dataset: 'mnist',
			rounds: 20,
			clients: 20,
			model: { kind: 'mlp', hidden: [200, 200] },
			partition: { kind: 'iid' },
			algorithm: {
				kind: 'fedavg',
				clientFraction: 0.5,
				localEpochs: 1,
				batchSize: 32,
				learningRate: 0.1
			}
		});
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.scenario.partition).toEqual({ kind: 'iid', sizeSkew: 0 });
			expect(r.scenario.devices.computeSpeed).toBeGreaterThan(0);
		}
	});

	it('round-trips through JSON', () => {
		const s = parseScenario({
			partition: { kind: 'dirichlet', alpha: 0.3 },
			algorithm: { kind: 'fedavg', batchSize: 'full' }
		});
		expect(s.ok).toBe(true);
		if (!s.ok) return;
		const again = parseScenario(serializeScenario(s.scenario));
		expect(again).toEqual(s);
		expect(parseScenario(serializeScenario(defaultScenario()))).toEqual({
			ok: true,
			scenario: defaultScenario()
		});
	});

	it.each([
		[{ seed: -1 }, 'seed'],
		[{ seed: 1.5 }, 'seed'],
		[{ dataset: 'cifar' }, 'dataset'],
		[{ rounds: 0 }, 'rounds'],
		[{ clients: 'ten' }, 'clients'],
		[{ model: { kind: 'rnn' } }, 'model'],
		[{ model: { kind: 'mlp', hidden: [0] } }, 'model.hidden'],
		[{ partition: { kind: 'dirichlet', alpha: 0 } }, 'partition.alpha'],
		[{ partition: { kind: 'shards', shardsPerClient: 11 } }, 'partition.shardsPerClient'],
		[{ partition: { kind: 'iid', sizeSkew: 9 } }, 'partition.sizeSkew'],
		[{ algorithm: { kind: 'fedavg', clientFraction: 0 } }, 'algorithm.clientFraction'],
		[{ algorithm: { kind: 'fedavg', clientFraction: 1.5 } }, 'algorithm.clientFraction'],
		[{ algorithm: { kind: 'fedavg', localEpochs: 0 } }, 'algorithm.localEpochs'],
		[{ algorithm: { kind: 'fedavg', batchSize: 'half' } }, 'algorithm.batchSize'],
		[{ algorithm: { kind: 'fedavg', learningRate: -1 } }, 'algorithm.learningRate'],
		[{ devices: { latencyMs: -5 } }, 'devices.latencyMs']
	])('rejects %j naming %s', (input, field) => {
		const r = parseScenario(input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toContain(field);
	});

	it('rejects unknown fields by name, at any depth', () => {
		const r = parseScenario({ color: 'red', algorithm: { kind: 'fedavg', momentum: 0.9 } });
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors.join('\n')).toContain('unknown field "color"');
			expect(r.errors.join('\n')).toContain('algorithm.momentum');
		}
	});

	it('rejects non-objects and bad JSON with a message', () => {
		expect(parseScenario('{oops')).toMatchObject({
			ok: false,
			errors: [expect.stringContaining('JSON')]
		});
		expect(parseScenario([])).toMatchObject({ ok: false });
		expect(parseScenario(null)).toMatchObject({ ok: false });
	});

	it('rejects a CNN on non-image data', () => {
		const r = parseScenario({ dataset: 'blobs', model: { kind: 'cnn' } });
		expect(r).toMatchObject({ ok: false, errors: [expect.stringContaining('model.kind')] });
	});
});
