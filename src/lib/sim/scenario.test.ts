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

describe('system model and asynchronous algorithms in the scenario', () => {
	it('defaults keep today’s devices: homogeneous, always online, no loss, no deadline', () => {
		const s = defaultScenario();
		expect(s.devices).toMatchObject({
			computeSpread: 0,
			stragglerFraction: 0,
			linkSpread: 0,
			meanOnlineSec: 0,
			messageLoss: 0
		});
		const r = parseScenario({ algorithm: { kind: 'fedavg' } });
		expect(r.ok && r.scenario.algorithm).toMatchObject({ deadline: 0, overSelection: 1 });
	});

	it('fills FedAsync and FedBuff defaults, including the staleness function', () => {
		const a = parseScenario({ algorithm: { kind: 'fedasync' } });
		expect(a.ok && a.scenario.algorithm).toMatchObject({
			kind: 'fedasync',
			alpha: 0.6,
			concurrency: 10,
			maxStaleness: 0,
			proximalRho: 0,
			staleness: { kind: 'polynomial', a: 0.5 }
		});
		const b = parseScenario({
			algorithm: { kind: 'fedbuff', staleness: { kind: 'hinge' } }
		});
		expect(b.ok && b.scenario.algorithm).toMatchObject({
			kind: 'fedbuff',
			bufferSize: 10,
			serverLearningRate: 1,
			staleness: { kind: 'hinge', a: 10, b: 4 }
		});
		if (b.ok) expect(parseScenario(serializeScenario(b.scenario))).toEqual(b);
	});

	it.each([
		[{ devices: { stragglerFraction: 1.5 } }, 'devices.stragglerFraction'],
		[{ devices: { stragglerSlowdown: 0.5 } }, 'devices.stragglerSlowdown'],
		[{ devices: { computeSpread: -1 } }, 'devices.computeSpread'],
		[{ devices: { meanOfflineSec: 0 } }, 'devices.meanOfflineSec'],
		[{ devices: { messageLoss: 1 } }, 'devices.messageLoss'],
		[{ algorithm: { kind: 'fedavg', deadline: -1 } }, 'algorithm.deadline'],
		[{ algorithm: { kind: 'fedavg', overSelection: 0.9 } }, 'algorithm.overSelection'],
		[{ algorithm: { kind: 'fedasync', alpha: 0 } }, 'algorithm.alpha'],
		[{ algorithm: { kind: 'fedasync', concurrency: 0 } }, 'algorithm.concurrency'],
		[{ algorithm: { kind: 'fedasync', staleness: { kind: 'linear' } } }, 'algorithm.staleness'],
		[{ algorithm: { kind: 'fedasync', staleness: { kind: 'hinge', b: 1.5 } } }, 'staleness.b'],
		[{ algorithm: { kind: 'fedbuff', bufferSize: 0 } }, 'algorithm.bufferSize'],
		[{ algorithm: { kind: 'fedbuff', alpha: 0.5 } }, 'algorithm.alpha']
	])('rejects %j naming %s', (input, field) => {
		const r = parseScenario(input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toContain(field);
	});
});

describe('parseScenario: Byzantine clients and aggregators', () => {
	it('defaults to no attackers and the mean (FedAvg)', () => {
		expect(defaultScenario().byzantine).toEqual({
			fraction: 0,
			attack: { kind: 'signFlip', scale: 4 },
			project: false
		});
		expect(defaultScenario().aggregator).toEqual({ kind: 'mean' });
	});

	it('fills each attack and rule with its defaults and round-trips', () => {
		const r = parseScenario({
			clients: 10,
			byzantine: { fraction: 0.3, attack: { kind: 'alie' } },
			aggregator: { kind: 'medianOfMeans', groups: 7 },
			algorithm: { kind: 'fedavg', clientFraction: 1 }
		});
		expect(r.ok && r.scenario.byzantine.attack).toEqual({ kind: 'alie', z: 'auto' });
		expect(r.ok && r.scenario.aggregator).toEqual({
			kind: 'medianOfMeans',
			groups: 7,
			inner: 'geometric'
		});
		if (r.ok) expect(parseScenario(serializeScenario(r.scenario))).toEqual(r);
	});

	it.each([
		[{ byzantine: { fraction: 0.6 } }, 'byzantine.fraction'],
		[{ byzantine: { fraction: 0.2, attack: { kind: 'bribe' } } }, 'byzantine.attack'],
		[{ byzantine: { fraction: 0.2, attack: { kind: 'signFlip', scale: -1 } } }, 'attack.scale'],
		[{ byzantine: { fraction: 0.2, attack: { kind: 'faulty', value: 'zero' } } }, 'attack.value'],
		[{ byzantine: { fraction: 0.2, attack: { kind: 'alie', z: 'max' } } }, 'attack.z'],
		[{ byzantine: { fraction: 0.2, attack: { kind: 'labelFlip', to: 3 } } }, 'attack.to'],
		[{ aggregator: { kind: 'mode' } }, 'aggregator'],
		[{ aggregator: { kind: 'trimmedMean', beta: 0.7 } }, 'aggregator.beta'],
		[{ aggregator: { kind: 'krum', f: 1.5 } }, 'aggregator.f'],
		[{ aggregator: { kind: 'medianOfMeans', groups: 0 } }, 'aggregator.groups'],
		[{ aggregator: { kind: 'medianOfMeans', inner: 'mean' } }, 'aggregator.inner']
	])('rejects %j naming %s', (input, field) => {
		const r = parseScenario(input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toContain(field);
	});

	it.each([
		[
			{ clients: 10, byzantine: { fraction: 0.4 }, aggregator: { kind: 'krum' } },
			/byzantine.fraction: Krum needs n > 2f \+ 2 updates per round, but n = 10 and f = 4/
		],
		[
			{ clients: 10, aggregator: { kind: 'trimmedMean', beta: 0.5 } },
			/aggregator.beta: the trimmed mean needs 0 ≤ β < 0.5 \(got β = 0.5\)/
		],
		[
			{ clients: 10, aggregator: { kind: 'medianOfMeans', groups: 11 } },
			/aggregator.groups: .*k = 11 groups: k must be at most 10/
		],
		[
			{ byzantine: { fraction: 0.2 }, algorithm: { kind: 'fedbuff' } },
			/"fedavg" only \(got "fedbuff"\)/
		]
	])('rejects the impossible setting %j with a specific message', (input, message) => {
		const r = parseScenario({ algorithm: { kind: 'fedavg', clientFraction: 1 }, ...input });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
	});

	it('accepts settings whose guarantee is void (warned elsewhere, not blocked)', () => {
		const r = parseScenario({
			clients: 10,
			byzantine: { fraction: 0.3 },
			aggregator: { kind: 'medianOfMeans', groups: 5 },
			algorithm: { kind: 'fedavg', clientFraction: 1 }
		});
		expect(r.ok).toBe(true);
	});
});

describe('split-learning scenarios', () => {
	it('fills the defaults of both kinds', () => {
		const split = parseScenario({ algorithm: { kind: 'split' } });
		expect(split.ok && split.scenario.algorithm).toEqual({
			kind: 'split',
			cutLayer: 2,
			labels: 'vanilla',
			topLayers: 1,
			localEpochs: 1,
			batchSize: 32,
			learningRate: 0.1,
			serverSpeedup: 10,
			handoff: 'server'
		});
		const fed = parseScenario({ algorithm: { kind: 'splitfed', version: 'v2' } });
		expect(fed.ok && fed.scenario.algorithm).toMatchObject({ version: 'v2', clientFraction: 1 });
	});

	it('accepts every layer boundary of the model, and U-shaped cuts that leave the server a layer', () => {
		// MLP on MNIST: flatten, dense, dense, dense → boundaries 1..3; CNN: 7 layers → 1..6
		for (const cutLayer of [1, 2, 3])
			expect(parseScenario({ algorithm: { kind: 'split', cutLayer } }).ok).toBe(true);
		for (const cutLayer of [1, 6])
			expect(
				parseScenario({ model: { kind: 'cnn' }, algorithm: { kind: 'splitfed', cutLayer } }).ok
			).toBe(true);
		expect(
			parseScenario({ algorithm: { kind: 'split', labels: 'ushaped', cutLayer: 2, topLayers: 1 } })
				.ok
		).toBe(true);
	});

	it.each([
		[{ algorithm: { kind: 'split', cutLayer: 4 } }, /cutLayer: .*from 1 to 3 .*4 layers\), got 4/],
		[
			{ dataset: 'blobs', model: { kind: 'mlp', hidden: [16] }, algorithm: { kind: 'split' } },
			/cutLayer: .*from 1 to 1 .*got 2/
		],
		[{ model: { kind: 'cnn' }, algorithm: { kind: 'splitfed', cutLayer: 7 } }, /from 1 to 6/],
		[
			{ algorithm: { kind: 'split', labels: 'ushaped', cutLayer: 2, topLayers: 2 } },
			/U-shaped: cutLayer \(2\) \+ topLayers \(2\) must be at most 3/
		],
		[{ algorithm: { kind: 'split', cutLayer: 0 } }, /algorithm.cutLayer/],
		[{ algorithm: { kind: 'split', handoff: 'carrier pigeon' } }, /algorithm.handoff/],
		[{ algorithm: { kind: 'splitfed', version: 'v3' } }, /algorithm.version/],
		[{ algorithm: { kind: 'split', labels: 'secret' } }, /algorithm.labels/],
		[{ algorithm: { kind: 'split', clientFraction: 0.5 } }, /unknown field "clientFraction"/],
		[{ algorithm: { kind: 'split' }, devices: { messageLoss: 0.1 } }, /reliable, always-online/],
		[{ algorithm: { kind: 'splitfed' }, byzantine: { fraction: 0.2 } }, /no Byzantine clients/]
	])('rejects %j with a clear message', (input, message) => {
		const r = parseScenario(input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
	});
});
