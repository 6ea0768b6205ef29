/**
 * Gradient inversion from the command line:
 *   npm run inversion -- --model mlp|cnn --batch 1 --seed 1 [--attack analytic|dlg|cosine]
 *     [--shared gradient|fedavg|dp|secagg] [--iterations 300] [--hidden 200,200] [--filters 8,16]
 *     [--images N] [--epochs 1] [--local-batch 32] [--lr 0.1] [--clip 1] [--sigma 0.1]
 *     [--attack-lr 0.05] [--tv 0]
 * Picks `--images` (default: `--batch`) MNIST training digits with the seed, lets the client share
 * what `--shared` says, attacks it, and prints one JSON line per reconstructed image
 * ({image, matched, label, labelGuess, labelRecovered, psnr, mse}) and a summary line.
 *
 * The cut layer of split learning instead (the server inverts the client's layers from the smashed
 * data; the model, seed and training of chapter 6's "what the server sees"):
 *   npm run inversion -- --model cnn --cut all|1,4 [--train 4000] [--seed 42] [--images 4]
 *     [--iterations 300] [--attack-lr 0.05] [--tv 0.01]
 * prints one JSON line per cut and image ({cut, layer, floats, image, label, psnr, mse}) and a
 * summary line per cut.
 * Bad arguments: a message on stderr naming the option, exit code 2.
 */
import { initNodeBackend } from '../lib/ml/backend';
import {
	runInversion,
	type InversionAttack,
	type SharedUpdate
} from '../lib/ml/inversion/experiment';
import { runCutExperiment } from '../lib/ml/inversion/cut-experiment';
import {
	gradientModel,
	modelName,
	type InversionModelSpec
} from '../lib/ml/inversion/gradient-model';
import { loadMnistNode } from '../lib/hosts/node/load';
import { describeModel } from '../lib/sim/core/model-spec';
import { createRng } from '../lib/sim/core/rng';
import { firstDistinctDigits } from '../lib/sim/privacy/inversion/client-images';

const USAGE = [
	'usage: npm run inversion -- --model mlp|cnn --batch 1 --seed 1 [--attack analytic|dlg|cosine] [--shared gradient|fedavg|dp|secagg] [--iterations N] [--hidden 200,200] [--filters 8,16] [--images N] [--epochs E] [--local-batch B] [--lr η] [--clip S] [--sigma σ] [--attack-lr η] [--tv λ]',
	'   or: npm run inversion -- --model mlp|cnn --cut all|1,4 [--train 4000] [--seed 42] [--images 4] [--iterations N] [--attack-lr η] [--tv λ]'
].join('\n');

function fail(msg: string): never {
	process.stderr.write(`inversion: ${msg}\n${USAGE}\n`);
	process.exit(2);
}

function parse(argv: string[]): Map<string, string> {
	const m = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--help' || a === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		if (!a.startsWith('--')) fail(`unexpected argument ${a}`);
		const v = argv[++i];
		if (v === undefined) fail(`${a} needs a value`);
		m.set(a.slice(2), v);
	}
	return m;
}

const KNOWN = [
	'model',
	'batch',
	'seed',
	'attack',
	'shared',
	'iterations',
	'hidden',
	'images',
	'epochs',
	'local-batch',
	'lr',
	'clip',
	'sigma',
	'filters',
	'attack-lr',
	'tv',
	'cut',
	'train'
];

function int(args: Map<string, string>, key: string, fallback: number, min: number, max: number) {
	const s = args.get(key);
	if (s === undefined) return fallback;
	const v = Number(s);
	if (!Number.isInteger(v) || v < min || v > max)
		fail(`--${key} must be a whole number from ${min} to ${max} (got ${s})`);
	return v;
}

function real(args: Map<string, string>, key: string, fallback: number) {
	const s = args.get(key);
	if (s === undefined) return fallback;
	const v = Number(s);
	if (!(v >= 0) || !Number.isFinite(v)) fail(`--${key} must be a number ≥ 0 (got ${s})`);
	return v;
}

async function main(): Promise<void> {
	const args = parse(process.argv.slice(2));
	for (const k of args.keys()) if (!KNOWN.includes(k)) fail(`unknown option --${k}`);
	const model = args.get('model') ?? 'mlp';
	if (model !== 'mlp' && model !== 'cnn') fail(`--model must be "mlp" or "cnn" (got ${model})`);
	const hidden = (args.get('hidden') ?? '200,200').split(',').map(Number);
	if (!hidden.length || hidden.some((h) => !Number.isInteger(h) || h < 1 || h > 1024))
		fail(`--hidden must be layer widths like 200,200 (got ${args.get('hidden')})`);
	const filters = (args.get('filters') ?? '8,16').split(',').map(Number);
	if (filters.length !== 2 || filters.some((f) => !Number.isInteger(f) || f < 1 || f > 64))
		fail(
			`--filters must be two filter counts from 1 to 64, like 8,16 (got ${args.get('filters')})`
		);
	const spec: InversionModelSpec =
		model === 'mlp'
			? { kind: 'mlp', hidden }
			: { kind: 'cnn', filters: filters as [number, number] };
	if (args.has('cut')) return cutMode(args, spec);
	for (const k of ['train'])
		if (args.has(k)) fail(`--${k} only applies with --cut (the split-learning attack)`);
	const attack = (args.get('attack') ?? 'dlg') as InversionAttack;
	if (!['analytic', 'dlg', 'cosine'].includes(attack))
		fail(`--attack must be "analytic", "dlg" or "cosine" (got ${attack})`);
	if (attack === 'analytic' && model === 'cnn')
		fail(
			'--attack analytic: the analytic attack needs a dense first layer with a bias; the CNN starts with a convolution (use --attack dlg or cosine)'
		);
	const kind = args.get('shared') ?? 'gradient';
	const batch = int(args, 'batch', 1, 1, 64);
	const seed = int(args, 'seed', 1, 0, 2 ** 31 - 1);
	const images = int(args, 'images', batch, batch, 5000);
	let shared: SharedUpdate;
	if (kind === 'gradient' || kind === 'secagg') shared = { kind };
	else if (kind === 'fedavg')
		shared = {
			kind,
			epochs: int(args, 'epochs', 1, 1, 50),
			batchSize: int(args, 'local-batch', 32, 1, 5000),
			learningRate: real(args, 'lr', 0.1)
		};
	else if (kind === 'dp')
		shared = { kind, clip: real(args, 'clip', 1), noiseMultiplier: real(args, 'sigma', 0.1) };
	else fail(`--shared must be "gradient", "fedavg", "dp" or "secagg" (got ${kind})`);

	await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const data = loadMnistNode();
	const d = 784;
	const pick = createRng(seed).fork('inversion/images').sample(data.train.n, images);
	const x = new Float32Array(images * d);
	pick.forEach((k, i) => x.set(data.train.x.subarray(k * d, (k + 1) * d), i * d));
	const started = performance.now();
	const r = await runInversion({
		model: gradientModel(spec),
		seed,
		images: x,
		labels: pick.map((k) => data.train.y[k] as number),
		attack,
		shared,
		reconstruct: batch,
		iterations: int(args, 'iterations', 300, 0, 100_000),
		learningRate: real(args, 'attack-lr', 0.05),
		tv: real(args, 'tv', 0)
	});
	const round = (v: number) => (Number.isFinite(v) ? +v.toFixed(4) : v > 0 ? 'Infinity' : v);
	for (const e of r.results)
		process.stdout.write(
			`${JSON.stringify({ ...e, psnr: round(e.psnr), mse: +e.mse.toExponential(4) })}\n`
		);
	const mean = r.results.reduce((s, e) => s + Math.min(e.psnr, 100), 0) / r.results.length;
	process.stdout.write(
		`${JSON.stringify({
			summary: true,
			model: modelName(spec),
			attack,
			shared: kind,
			batch,
			images,
			iterations: r.iterations,
			meanPsnr: +mean.toFixed(2),
			labelsRecovered: r.results.filter((e) => e.labelRecovered).length,
			wallSeconds: +((performance.now() - started) / 1000).toFixed(2)
		})}\n`
	);
}

/** The split-learning attack: invert the client's layers at each cut from the smashed data. */
async function cutMode(args: Map<string, string>, spec: InversionModelSpec): Promise<void> {
	for (const k of ['attack', 'shared', 'batch', 'epochs', 'local-batch', 'lr', 'clip', 'sigma'])
		if (args.has(k)) fail(`--${k} does not apply with --cut (the server attacks the smashed data)`);
	const modelSpec =
		spec.kind === 'mlp'
			? { kind: 'mlp' as const, hidden: [...spec.hidden] }
			: { kind: 'cnn' as const, filters: spec.filters };
	// MNIST is 28×28×1: the MLP starts with a flatten layer (cut 1 sends the digit itself)
	const layers = describeModel(modelSpec, [28, 28, 1], 10).length;
	const cutText = args.get('cut') as string;
	const cuts =
		cutText === 'all'
			? Array.from({ length: layers - 1 }, (_, i) => i + 1)
			: cutText.split(',').map(Number);
	if (!cuts.length || cuts.some((c) => !Number.isInteger(c) || c < 1 || c >= layers))
		fail(
			`--cut must be "all" or cuts from 1 to ${layers - 1} like 1,${layers - 1} (got ${cutText})`
		);
	const seed = int(args, 'seed', 42, 0, 2 ** 31 - 1);
	const count = int(args, 'images', 4, 1, 10);
	const trainSamples = int(args, 'train', 0, 0, 60_000);
	const iterations = int(args, 'iterations', 300, 1, 100_000);
	const tv = real(args, 'tv', 0.01);
	const learningRate = real(args, 'attack-lr', 0.05);
	await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const data = loadMnistNode();
	const started = performance.now();
	const r = await runCutExperiment(data, {
		spec: modelSpec,
		seed,
		trainSamples,
		indices: firstDistinctDigits(data.train.y, data.train.n, count),
		cuts,
		iterations,
		learningRate,
		tv
	});
	for (const c of r.cuts) {
		c.quality.forEach((q, i) =>
			process.stdout.write(
				`${JSON.stringify({ cut: c.cut, layer: c.layer, floats: c.floats, image: i, label: r.labels[i], psnr: +q.psnr.toFixed(4), mse: +q.mse.toExponential(4) })}\n`
			)
		);
		const mean = c.quality.reduce((s, q) => s + Math.min(q.psnr, 100), 0) / c.quality.length;
		process.stdout.write(
			`${JSON.stringify({ summary: true, model: modelName(spec), cut: c.cut, layer: c.layer, floats: c.floats, trainSamples, accuracy: +r.accuracy.toFixed(4), iterations: c.iterations, fit: +c.loss.toExponential(3), meanPsnr: +mean.toFixed(2) })}\n`
		);
	}
	process.stderr.write(`wall ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((e: unknown) => {
	process.stderr.write(`inversion: ${(e as Error).message}\n`);
	process.exit(1);
});
