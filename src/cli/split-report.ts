/**
 * Prints the split-learning figures as Markdown: FLOPs per sample on each side of every cut, bytes
 * per epoch of split learning, SplitFed and FedAvg for K = 1..100 clients with the crossover
 * (Singh et al. 2019, arXiv:1909.09145), the simulated wall-clock of an epoch, and — with
 * `--leak` — the label-leakage AUCs measured on real MNIST (Li et al. 2022, arXiv:2102.08504).
 *
 *   npx tsx src/cli/split-report.ts [--samples 8000] [--leak]
 */
import { initNodeBackend } from '../lib/ml/backend';
import { measureLabelLeakage } from '../lib/ml/label-leakage';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { describeModel } from '../lib/sim/core/model-spec';
import { defaultScenario, type ModelSpec } from '../lib/sim/scenario';
import {
	batchSizesOf,
	bytesVsClients,
	crossoverClients,
	fedAvgFlops,
	fedAvgRoundSeconds,
	modelFlops,
	parallelRoundSeconds,
	sequentialRoundSeconds,
	splitFlops
} from '../lib/sim/split/costs';
import { LEAKAGE_EXPERIMENT } from '../lib/sim/split/leakage-experiment';
import { splitLayout } from '../lib/sim/split/layout';

const args = process.argv.slice(2);
const samplesArg = args.indexOf('--samples');
const N = samplesArg >= 0 ? Number(args[samplesArg + 1]) : 8000;
const out = (s = '') => process.stdout.write(`${s}\n`);
const mb = (b: number) => (b / 1e6).toFixed(2);
const mflop = (f: number) => (f / 1e6).toFixed(3);
const KS = [1, 2, 5, 10, 20, 50, 100];

const models: [string, ModelSpec][] = [
	['MLP 784-200-200-10', { kind: 'mlp', hidden: [200, 200] }],
	['CNN (8, 16 filters)', { kind: 'cnn', filters: [8, 16] }]
];

out(`# Split learning costs (MNIST, N = ${N} training samples, one epoch)\n`);
out('Backward pass = 2× forward; floats and labels 4 bytes; FedAvg: C = 1, E = 1.\n');
for (const [name, spec] of models) {
	const layers = describeModel(spec, [28, 28, 1], 10);
	const params = layers.reduce((s, l) => s + l.params, 0);
	const fa = fedAvgFlops(layers);
	out(`## ${name}: ${params} parameters, ${mflop(modelFlops(layers))} MFLOP forward per sample\n`);
	out(
		'| cut | after | head params | smashed floats | client fwd+bwd MFLOP | server fwd+bwd MFLOP |'
	);
	out('|---|---|---|---|---|---|');
	out(`| FedAvg | — | ${params} | — | ${mflop(fa.clientForward + fa.clientBackward)} | 0 |`);
	for (let cut = 1; cut < layers.length; cut++) {
		const l = splitLayout(layers, cut);
		const f = splitFlops(l);
		out(
			`| ${cut} | ${layers[cut - 1]?.name} | ${l.headParams} | ${l.smashedFloats} | ` +
				`${mflop(f.clientForward + f.clientBackward)} | ${mflop(f.serverForward + f.serverBackward)} |`
		);
	}
	out();
	const cuts = spec.kind === 'mlp' ? [2, 3] : [2, 4, 5];
	for (const cut of cuts) {
		const l = splitLayout(layers, cut);
		out(`### Cut ${cut} (after ${layers[cut - 1]?.name}): MB per epoch\n`);
		out('| K | SL (server hand-off) | SL (peer) | SplitFed | FedAvg |');
		out('|---|---|---|---|---|');
		const server = bytesVsClients(l, N, KS, 'server');
		const peer = bytesVsClients(l, N, KS, 'peer');
		server.forEach((r, i) =>
			out(
				`| ${r.clients} | ${mb(r.split)} | ${mb(peer[i]?.split ?? NaN)} | ${mb(r.splitfed)} | ${mb(r.fedavg)} |`
			)
		);
		out(
			`\nCrossover (split learning cheaper than FedAvg from K =): server hand-off ${crossoverClients(l, N, 'server') ?? 'never'}, peer ${crossoverClients(l, N, 'peer') ?? 'never'}.\n`
		);
	}
}

const d = defaultScenario().devices;
const mlp = describeModel({ kind: 'mlp', hidden: [200, 200] }, [28, 28, 1], 10);
const layout = splitLayout(mlp, 2);
const speeds = { modelFlops: modelFlops(mlp), serverSpeed: 10 * d.computeSpeed };
out(
	`## Simulated wall-clock of one epoch (MLP, cut 2, batch 32; ${d.computeSpeed} samples/s, ` +
		`${d.uplinkMbps}/${d.downlinkMbps} Mbit/s up/down, ${d.latencyMs} ms; server 10× a client)\n`
);
out('| K | sequential SL (s) | SplitFed (s) | FedAvg (s) |');
out('|---|---|---|---|');
for (const k of KS) {
	const loads = Array.from({ length: k }, (_, i) => ({
		device: d,
		batchSizes: batchSizesOf(Math.floor((N * (i + 1)) / k) - Math.floor((N * i) / k), 1, 32)
	}));
	const params = mlp.reduce((s, l) => s + l.params, 0);
	out(
		`| ${k} | ${sequentialRoundSeconds(layout, loads, speeds, 'server').toFixed(1)} | ` +
			`${parallelRoundSeconds(layout, loads, speeds).toFixed(1)} | ${fedAvgRoundSeconds(params, loads).toFixed(1)} |`
	);
}

if (args.includes('--leak')) {
	await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const mnist = loadDatasetNode('mnist');
	const { protections, ...experiment } = LEAKAGE_EXPERIMENT;
	out(
		`\n## Label leakage AUC (U-shaped, digit ${experiment.digit} vs rest, MLP 784-128-64-2, server sees ∂L/∂64-d)\n`
	);
	out(
		`| protection | norm AUC | cosine AUC | test accuracy | per-${experiment.window}-batch norm AUC |`
	);
	out('|---|---|---|---|---|');
	for (const protection of protections) {
		const r = await measureLabelLeakage(mnist, { ...experiment, protection });
		out(
			`| ${protection} | ${r.normAuc.toFixed(3)} | ${r.cosineAuc.toFixed(3)} | ${r.accuracy.toFixed(3)} | ` +
				`${r.points.map((p) => p.normAuc.toFixed(2)).join(' ')} |`
		);
	}
}
