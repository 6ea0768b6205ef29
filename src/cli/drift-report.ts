/**
 * The client-drift comparison of issue 11, from real runs: FedAvg, FedProx, SCAFFOLD, FedAvgM and
 * FedAdam on the same clients and seed at Dirichlet α ∈ {10, 1, 0.1}, E local epochs; prints a
 * Markdown table of rounds to a target test accuracy and bytes (up + down) to that target.
 *
 *   npx tsx src/cli/drift-report.ts [--train 6000] [--test 2000] [--rounds 30] [--target 0.85]
 *     [--alphas 10,1,0.1] [--methods fedavg,fedprox,scaffold,fedavgm,fedadam] [--epochs 5]
 *     [--hidden 64] [--clients 20] [--fraction 0.5] [--lr 0.05] [--seed 1] [--jsonl out.jsonl]
 *
 * To fit a shared 2-core machine it trains on the first `--train` MNIST training images (a real
 * subset, the partition is drawn over it) and evaluates on the first `--test` test images.
 */
import { appendFileSync } from 'node:fs';
import { initNodeBackend } from '../lib/ml/backend';
import { TfTrainer } from '../lib/ml/tf-trainer';
import { loadDatasetNode } from '../lib/hosts/node/load';
import type { Dataset } from '../lib/sim/core/dataset';
import { Engine } from '../lib/sim/engine';
import { scenarioOrThrow, type ScenarioInput } from '../lib/sim/scenario';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const nTrain = Number(opt('train', '6000'));
const nTest = Number(opt('test', '2000'));
const rounds = Number(opt('rounds', '30'));
const target = Number(opt('target', '0.85'));
const alphas = opt('alphas', '10,1,0.1').split(',').map(Number);
const epochs = Number(opt('epochs', '5'));
const hidden = opt('hidden', '64').split(',').filter(Boolean).map(Number);
const clients = Number(opt('clients', '20'));
const fraction = Number(opt('fraction', '0.5'));
const lr = Number(opt('lr', '0.05'));
const seed = Number(opt('seed', '1'));
const jsonl = opt('jsonl', '');

/** The methods compared: each a patch of the FedAvg scenario. */
const METHODS: Record<
	string,
	{ algorithm?: Record<string, unknown>; server?: ScenarioInput['serverOptimizer'] }
> = {
	fedavg: {},
	fedprox: { algorithm: { proximalMu: 0.01 } },
	scaffold: { algorithm: { scaffold: true } },
	fedavgm: { server: { kind: 'momentum', learningRate: 1, beta: 0.9 } },
	fedadam: { server: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 0.001 } },
	fedyogi: { server: { kind: 'yogi', learningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 0.001 } },
	fednova: { algorithm: { fednova: true } }
};
const methods = opt('methods', 'fedavg,fedprox,scaffold,fedavgm,fedadam').split(',');

function subset(d: Dataset): Dataset {
	const f = d.inputShape.reduce((a, b) => a * b, 1);
	const cut = (s: Dataset['train'], n: number) => ({
		n: Math.min(n, s.n),
		x: s.x.subarray(0, Math.min(n, s.n) * f),
		y: s.y.subarray(0, Math.min(n, s.n))
	});
	return { ...d, train: cut(d.train, nTrain), test: cut(d.test, nTest) };
}

interface Row {
	alpha: number;
	method: string;
	roundsToTarget: number | null;
	bytesToTarget: number | null;
	best: number;
	final: number;
	bytesPerRound: number;
	seconds: number;
}

async function runOne(data: Dataset, alpha: number, method: string): Promise<Row> {
	const m = METHODS[method];
	if (!m) throw new Error(`unknown method ${method} (one of ${Object.keys(METHODS).join(', ')})`);
	const scenario = scenarioOrThrow({
		seed,
		dataset: 'mnist',
		rounds,
		clients,
		model: { kind: 'mlp', hidden },
		partition: { kind: 'dirichlet', alpha },
		algorithm: {
			kind: 'fedavg',
			clientFraction: fraction,
			localEpochs: epochs,
			batchSize: 32,
			learningRate: lr,
			...m.algorithm
		},
		...(m.server && { serverOptimizer: m.server })
	});
	const trainer = new TfTrainer(data, scenario.model, { yieldBudgetMs: 1e9 });
	const started = performance.now();
	try {
		const engine = new Engine(scenario, data, trainer, { yieldBudgetMs: 1e9 });
		await engine.run();
		const ms = engine.metrics;
		const hit = ms.find((e) => e.accuracy >= target);
		const row: Row = {
			alpha,
			method,
			roundsToTarget: hit?.round ?? null,
			bytesToTarget: hit ? hit.bytesUp + hit.bytesDown : null,
			best: Math.max(...ms.map((e) => e.accuracy)),
			final: ms.at(-1)?.accuracy ?? NaN,
			bytesPerRound: ms[0] ? ms[0].bytesUp + ms[0].bytesDown : 0,
			seconds: (performance.now() - started) / 1000
		};
		if (jsonl)
			appendFileSync(
				jsonl,
				`${JSON.stringify({ ...row, curve: ms.map((e) => +e.accuracy.toFixed(4)) })}\n`
			);
		return row;
	} finally {
		trainer.dispose();
	}
}

const mb = (b: number | null) => (b === null ? '—' : (b / 1e6).toFixed(1));

async function main(): Promise<void> {
	await initNodeBackend('wasm');
	const data = subset(loadDatasetNode('mnist'));
	const out = (s = '') => process.stdout.write(`${s}\n`);
	out(
		`MNIST subset ${data.train.n}/${data.test.n}, MLP [${hidden}], ${clients} clients, C = ${fraction}, ` +
			`E = ${epochs}, B = 32, η_l = ${lr}, ${rounds} rounds, seed ${seed}; target ${target}`
	);
	out();
	out('| α | method | rounds to target | MB to target | best acc | final acc | MB/round |');
	out('|---|---|---|---|---|---|---|');
	for (const alpha of alphas)
		for (const method of methods) {
			const r = await runOne(data, alpha, method);
			out(
				`| ${alpha} | ${method} | ${r.roundsToTarget ?? `> ${rounds}`} | ${mb(r.bytesToTarget)} | ` +
					`${r.best.toFixed(3)} | ${r.final.toFixed(3)} | ${mb(r.bytesPerRound)} |`
			);
			process.stderr.write(`${alpha} ${method} ${r.seconds.toFixed(0)} s\n`);
		}
}

void main();
