/**
 * The TypeScript half of `npm run test:flower` (flower/tests/e2e.sh): in one process, exports the
 * end-to-end scenarios and a matrix of every carried rule and attack (blobs, CNN), checks that
 * scenarios the export cannot carry are refused with their field named, and writes reference
 * vectors of the engine's generator and rules for flower/tests/test_ports.py.
 * usage: tsx flower/tests/prepare.ts <out-dir>
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportFlowerApp, zipFlowerApp } from '../../src/lib/export/flower/app';
import { CARRIED_ATTACKS, CARRIED_RULES } from '../../src/lib/export/flower/carry';
import { loadDatasetNode } from '../../src/lib/hosts/node/load';
import { MNIST_FILE } from '../../src/lib/sim/core/dataset';
import { createRng } from '../../src/lib/sim/core/rng';
import { geometricMedian } from '../../src/lib/sim/robust/aggregate/geometric-median';
import { krum, multiKrum } from '../../src/lib/sim/robust/aggregate/krum';
import { coordinateMedian } from '../../src/lib/sim/robust/aggregate/median';
import { bulyan } from '../../src/lib/sim/robust/aggregate/bulyan';
import { centeredClipping } from '../../src/lib/sim/robust/aggregate/centered-clipping';
import { meamed } from '../../src/lib/sim/robust/aggregate/meamed';
import { normClipMean } from '../../src/lib/sim/robust/aggregate/norm-clip';
import { trimmedMean } from '../../src/lib/sim/robust/aggregate/trimmed-mean';
import { medianOfMeans } from '../../src/lib/sim/robust/aggregate/median-of-means';
import { createServerOptimizer, serverStep } from '../../src/lib/sim/optimize';
import { scenarioOrThrow, type ScenarioInput } from '../../src/lib/sim/scenario';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = process.argv[2];
if (!out) throw new Error('usage: tsx flower/tests/prepare.ts <out-dir>');
const mnistBin = new Uint8Array(readFileSync(join(root, 'static', MNIST_FILE)));

function write(dir: string, files: Record<string, string | Uint8Array>): void {
	for (const [path, data] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), data);
	}
}

function exportTo(dir: string, input: ScenarioInput): void {
	const scenario = scenarioOrThrow(input);
	const r = exportFlowerApp({
		scenario,
		dataset: loadDatasetNode(scenario.dataset),
		...(scenario.dataset === 'mnist' && { mnistBin })
	});
	if (!r.ok) throw new Error(`${dir}: refused:\n  ${r.errors.join('\n  ')}`);
	write(dir, r.files);
	if (!zipFlowerApp(r.name, r.files).length) throw new Error('empty zip');
}

// 1. the end-to-end scenarios, as the CLI would export them
for (const f of readdirSync(join(here, 'scenarios')).filter((n) => n.endsWith('.json')))
	exportTo(
		join(out, 'apps', f.replace(/\.json$/, '')),
		JSON.parse(readFileSync(join(here, 'scenarios', f), 'utf8'))
	);

// 2. every carried rule and attack, and the CNN, for py_compile and ruff
const small: ScenarioInput = {
	dataset: 'blobs',
	rounds: 1,
	clients: 7,
	model: { kind: 'mlp', hidden: [8] },
	algorithm: { kind: 'fedavg', clientFraction: 1 }
};
for (const kind of CARRIED_RULES)
	exportTo(join(out, 'matrix', `rule-${kind}`), {
		...small,
		byzantine: { fraction: 1 / 7 },
		aggregator: { kind }
	} as ScenarioInput);
for (const kind of CARRIED_ATTACKS)
	exportTo(join(out, 'matrix', `attack-${kind}`), {
		...small,
		byzantine: { fraction: 1 / 7, attack: { kind } },
		aggregator: { kind: 'median' }
	} as ScenarioInput);
for (const kind of ['momentum', 'adam', 'yogi', 'adagrad'] as const)
	exportTo(join(out, 'matrix', `optimizer-${kind}`), {
		...small,
		aggregator: { kind: 'median' },
		serverOptimizer: { kind }
	});
exportTo(join(out, 'matrix', 'cnn'), { ...small, dataset: 'mnist', model: { kind: 'cnn' } });
const matrix = CARRIED_RULES.length + CARRIED_ATTACKS.length + 5;

// 3. refusals name their field
const refused: [ScenarioInput, string][] = [
	[{ algorithm: { kind: 'fedasync' } }, 'algorithm.kind'],
	[{ algorithm: { kind: 'split', cutLayer: 1 } }, 'algorithm.kind'],
	[{ algorithm: { kind: 'fedavg', deadline: 5 } }, 'algorithm.deadline'],
	[{ algorithm: { kind: 'fedavg', overSelection: 1.5 } }, 'algorithm.overSelection'],
	[{ devices: { meanOnlineSec: 100 } }, 'devices.meanOnlineSec'],
	[{ devices: { messageLoss: 0.1 } }, 'devices.messageLoss'],
	[{ byzantine: { fraction: 0.2, attack: { kind: 'alie' } } }, 'byzantine.attack.kind']
];
for (const [input, field] of refused) {
	const scenario = scenarioOrThrow({ ...small, ...input });
	const r = exportFlowerApp({ scenario, dataset: loadDatasetNode(scenario.dataset) });
	if (r.ok || !r.errors.some((e) => e.startsWith(`${field} `)))
		throw new Error(`expected a refusal naming ${field}, got ${JSON.stringify(r)}`);
}

// 4. reference vectors for the Python ports
const rng = createRng(123456);
const child = rng.fork('train/3/7');
const vectors = Array.from({ length: 7 }, (_, k) =>
	Array.from({ length: 5 }, () => (k === 6 ? 40 : 0) + child.normal())
);
const f32 = vectors.map((v) => Float32Array.from(v));
const reference = {
	seed: 123456,
	next: Array.from({ length: 5 }, () => rng.next()),
	forkLabel: 'train/3/7',
	shuffle: createRng(5)
		.fork('x')
		.shuffle(Array.from({ length: 10 }, (_, k) => k)),
	sample: createRng(9).fork('select/2').sample(20, 6),
	normal: Array.from(
		{ length: 5 },
		(() => {
			const r = createRng(77);
			return () => r.normal();
		})()
	),
	vectors: f32.map((v) => Array.from(v)),
	multiKrum: Array.from(multiKrum(f32, 1, 3).aggregate),
	bulyan: Array.from(bulyan(f32, 1).aggregate),
	meamed: Array.from(meamed(f32, 1)),
	centeredClipping: Array.from(centeredClipping(f32, 1, 3, f32[1]).aggregate),
	normClip: Array.from(normClipMean(f32, [1, 2, 3, 4, 5, 6, 7], 1).aggregate),
	// the rules mapped onto Flower's own strategies, for the same-semantics check
	krumSelected: krum(f32, 1).selected[0],
	trimmedMean: Array.from(trimmedMean(f32, 0.2)),
	median: Array.from(coordinateMedian(f32)),
	geometricMedian: Array.from(geometricMedian(f32).median),
	medianOfMeans: Array.from(medianOfMeans(f32, 3, createRng(4).fork('aggregate/1')).aggregate),
	optimizers: Object.fromEntries(
		(['momentum', 'adam', 'yogi', 'adagrad'] as const).map((kind) => {
			const spec = scenarioOrThrow({
				serverOptimizer: { kind, learningRate: 0.5 }
			}).serverOptimizer;
			const opt = createServerOptimizer(spec);
			let x = f32[0] as Float32Array;
			for (const d of f32.slice(1, 4)) x = serverStep(opt, x, d);
			return [kind, { spec, x: Array.from(x) }];
		})
	)
};
writeFileSync(join(out, 'vectors.json'), JSON.stringify(reference));
process.stdout.write(
	`prepare: 3 apps, ${matrix} matrix exports, ${refused.length} refusals checked\n`
);
