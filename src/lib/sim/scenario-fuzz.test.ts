/**
 * A seeded fuzz test of the scenario parser: thousands of generated inputs (valid scenarios with
 * random values, then mutations: wrong types, unknown keys, lists for objects, huge lists and
 * strings, out-of-range and non-finite numbers). Nothing may throw; what is accepted must really
 * be runnable (the model can be described, a split cut laid out, the partition built, the
 * Byzantine checks pass, and it survives a JSON round trip); every rejection names a field and
 * stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { describeModel } from './core/model-spec';
import { createRng, type Rng } from './core/rng';
import { DATASET_SHAPES } from './budget';
import { partition } from './partition';
import { checkByzantine } from './robust/checks';
import { ScenarioSchema, parseScenario, serializeScenario, type Scenario } from './scenario';
import { splitLayout } from './split/layout';
import { MAX_ISSUES } from './input-check';

const TOP = Object.keys((ScenarioSchema as unknown as { entries: object }).entries);

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)] as T;

const KINDS = {
	algorithm: ['fedavg', 'fedasync', 'fedbuff', 'split', 'splitfed', 'nope'],
	aggregator: [
		'mean',
		'median',
		'trimmedMean',
		'krum',
		'multiKrum',
		'geometricMedian',
		'medianOfMeans',
		'bulyan',
		'nope'
	],
	partition: ['iid', 'dirichlet', 'shards', 'nope'],
	model: ['mlp', 'cnn', 'nope']
} as const;

function randomNumber(rng: Rng): unknown {
	return pick(rng, [
		0,
		1,
		-1,
		0.5,
		rng.int(10),
		rng.int(1000),
		rng.next() * 2,
		1e9,
		-1e9,
		Number.NaN,
		Infinity,
		'3',
		null,
		true
	]);
}

/** A plausible scenario object with random, often out-of-range values. */
function generate(rng: Rng): Record<string, unknown> {
	const s: Record<string, unknown> = {};
	if (rng.next() < 0.5) s.seed = randomNumber(rng);
	if (rng.next() < 0.6) s.dataset = pick(rng, ['mnist', 'blobs', 'x']);
	if (rng.next() < 0.5) s.rounds = pick(rng, [1, 2, 5, rng.int(2000), randomNumber(rng)]);
	if (rng.next() < 0.6) s.clients = pick(rng, [1, 2, 5, 10, 50, 500, rng.int(800)]);
	if (rng.next() < 0.5) {
		const kind = pick(rng, KINDS.model);
		s.model =
			kind === 'cnn'
				? { kind, filters: pick(rng, [[4, 8], [1], [8, 16, 3], [rng.int(80), rng.int(80)]]) }
				: { kind, hidden: pick(rng, [[], [8], [16, 16], [rng.int(2000)], [1, 2, 3, 4, 5]]) };
	}
	if (rng.next() < 0.5) {
		const kind = pick(rng, KINDS.partition);
		s.partition = { kind, alpha: randomNumber(rng), shardsPerClient: pick(rng, [1, 2, 5, 10]) };
		if (kind !== 'dirichlet') delete (s.partition as Record<string, unknown>).alpha;
		if (kind !== 'shards') delete (s.partition as Record<string, unknown>).shardsPerClient;
	}
	if (rng.next() < 0.7) {
		const kind = pick(rng, KINDS.algorithm);
		const a: Record<string, unknown> = { kind };
		if (kind === 'fedavg' || kind === 'splitfed') a.clientFraction = pick(rng, [0.1, 0.5, 1, 2, 0]);
		if (kind === 'fedavg' && rng.next() < 0.3) a.localEpochs = randomNumber(rng);
		if (kind === 'split' || kind === 'splitfed') {
			a.cutLayer = pick(rng, [1, 2, 3, 5, 9, 0]);
			if (rng.next() < 0.5) a.labels = pick(rng, ['vanilla', 'ushaped']);
			if (rng.next() < 0.5) a.topLayers = pick(rng, [1, 2, 4]);
		}
		if (kind === 'fedbuff') a.bufferSize = pick(rng, [1, 5, 50]);
		s.algorithm = a;
	}
	if (rng.next() < 0.4)
		s.byzantine = {
			fraction: pick(rng, [0, 0.1, 0.2, 0.3, 0.45, 0.6]),
			attack: { kind: pick(rng, ['signFlip', 'gaussian', 'alie', 'labelFlip', 'nope']) }
		};
	if (rng.next() < 0.4) {
		const kind = pick(rng, KINDS.aggregator);
		const agg: Record<string, unknown> = { kind };
		if (kind === 'trimmedMean') agg.beta = pick(rng, [0, 0.1, 0.3, 0.5]);
		if (kind === 'krum' || kind === 'multiKrum' || kind === 'bulyan')
			if (rng.next() < 0.5) agg.f = pick(rng, [0, 1, 3, 10]);
		if (kind === 'medianOfMeans') agg.groups = pick(rng, [1, 3, 10, 600]);
		s.aggregator = agg;
	}
	if (rng.next() < 0.3)
		s.devices = { latencyMs: randomNumber(rng), messageLoss: pick(rng, [0, 0.1, 0.5]) };
	return s;
}

/** Breaks a generated scenario in one of the ways users and attackers do. */
function mutate(rng: Rng, s: Record<string, unknown>): unknown {
	const key = pick(rng, [...TOP, 'bogus', '__proto__', 'constructor']);
	switch (rng.int(8)) {
		case 0:
			return { ...s, [key]: [] };
		case 1:
			return { ...s, [key]: randomNumber(rng) };
		case 2:
			return { ...s, [`extra${rng.int(5)}`]: 1, [`extra${5 + rng.int(5)}`]: 2 };
		case 3:
			return { ...s, [key]: 'z'.repeat(1 + rng.int(50_000)) };
		case 4:
			return { ...s, model: { kind: 'mlp', hidden: new Array(rng.int(100_000)).fill(8) } };
		case 5:
			return JSON.stringify(s).slice(0, rng.int(JSON.stringify(s).length + 1));
		case 6:
			return {
				...s,
				[key]: { kind: pick(rng, ['mean', 'iid', 'fedavg', 'mlp']), nested: { deep: [1] } }
			};
		default:
			return pick(rng, [null, 42, 'text', [], [s], true]);
	}
}

const labelsCache = new Map<string, Uint8Array>();
function labels(dataset: Scenario['dataset']): Uint8Array {
	let y = labelsCache.get(dataset);
	if (!y) {
		const { train, classes } = DATASET_SHAPES[dataset];
		y = Uint8Array.from({ length: train }, (_, i) => i % classes);
		labelsCache.set(dataset, y);
	}
	return y;
}

/** Throws if an accepted scenario cannot really be run. */
function assertRunnable(s: Scenario): void {
	const shape = DATASET_SHAPES[s.dataset];
	const layers = describeModel(s.model, shape.inputShape, shape.classes);
	const a = s.algorithm;
	if (a.kind === 'split' || a.kind === 'splitfed')
		splitLayout(layers, a.cutLayer, a.labels, a.topLayers);
	const parts = partition(
		{ labels: labels(s.dataset), numClasses: shape.classes, clients: s.clients },
		s.partition,
		createRng(s.seed)
	);
	if (parts.length !== s.clients) throw new Error('partition size');
	if (s.partition.kind === 'shards' && parts.some((p) => p.length === 0))
		throw new Error('a shard client without data');
	const checks = checkByzantine(s);
	if (checks.errors.length) throw new Error(checks.errors.join('; '));
	const again = parseScenario(serializeScenario(s));
	if (!again.ok) throw new Error(`round trip: ${again.errors.join('; ')}`);
	expect(again.scenario).toEqual(s);
}

const FIELD_PATH = new RegExp(
	`^(${TOP.join('|')}|\\(scenario\\)|bogus|extra\\d|__proto__|constructor)[.:]`
);
const isNamed = (e: string) =>
	FIELD_PATH.test(e) ||
	e.startsWith('not valid JSON') ||
	e === 'a scenario must be a JSON object' ||
	/^and \d+ more problems$/.test(e);

describe('scenario fuzz (seeded)', () => {
	it('3,000 generated and mutated inputs: no throw, accepted means runnable, rejections named and bounded', () => {
		const rng = createRng(20261202);
		const counts = { accepted: 0, rejected: 0 };
		const unnamed: string[] = [];
		for (let i = 0; i < 3000; i++) {
			const base = generate(rng);
			const input = i % 3 === 0 ? mutate(rng, base) : base;
			const r = parseScenario(input);
			if (r.ok) {
				counts.accepted++;
				try {
					assertRunnable(r.scenario);
				} catch (e) {
					throw new Error(
						`accepted but not runnable: ${JSON.stringify(input).slice(0, 300)}: ${(e as Error).message}`,
						{ cause: e }
					);
				}
			} else {
				counts.rejected++;
				expect(r.errors.length).toBeGreaterThan(0);
				expect(r.errors.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
				for (const e of r.errors) {
					expect(e.length).toBeLessThan(600);
					if (!isNamed(e)) unnamed.push(e);
				}
			}
		}
		expect(unnamed.slice(0, 5)).toEqual([]);
		expect(counts.accepted).toBeGreaterThan(100);
		expect(counts.rejected).toBeGreaterThan(300);
		console.log(`scenario fuzz: ${counts.accepted} accepted, ${counts.rejected} rejected`);
	});
});
