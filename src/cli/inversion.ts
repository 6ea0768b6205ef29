/**
 * Gradient inversion from the command line:
 *   npm run inversion -- --model mlp --batch 1 --seed 1 [--attack analytic|dlg|cosine]
 *     [--shared gradient|fedavg|dp|secagg] [--iterations 300] [--hidden 200,200]
 *     [--images N] [--epochs 1] [--local-batch 32] [--lr 0.1] [--clip 1] [--sigma 0.1]
 * Picks `--images` (default: `--batch`) MNIST training digits with the seed, lets the client share
 * what `--shared` says, attacks it, and prints one JSON line per reconstructed image
 * ({image, matched, label, labelGuess, labelRecovered, psnr, mse}) and a summary line.
 * Bad arguments: a message on stderr naming the option, exit code 2.
 */
import { initNodeBackend } from '../lib/ml/backend';
import {
	runInversion,
	type InversionAttack,
	type SharedUpdate
} from '../lib/ml/inversion/experiment';
import { loadMnistNode } from '../lib/hosts/node/load';
import { createRng } from '../lib/sim/core/rng';

const USAGE =
	'usage: npm run inversion -- --model mlp --batch 1 --seed 1 [--attack analytic|dlg|cosine] [--shared gradient|fedavg|dp|secagg] [--iterations N] [--hidden 200,200] [--images N] [--epochs E] [--local-batch B] [--lr η] [--clip S] [--sigma σ]';

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
	'sigma'
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
	if (model === 'cnn')
		fail(
			'--model cnn: the inversion is implemented for the MLP only (its gradient is written out by hand so that it can be differentiated again); use --model mlp'
		);
	if (model !== 'mlp') fail(`--model must be "mlp" (got ${model})`);
	const attack = (args.get('attack') ?? 'dlg') as InversionAttack;
	if (!['analytic', 'dlg', 'cosine'].includes(attack))
		fail(`--attack must be "analytic", "dlg" or "cosine" (got ${attack})`);
	const kind = args.get('shared') ?? 'gradient';
	const batch = int(args, 'batch', 1, 1, 64);
	const seed = int(args, 'seed', 1, 0, 2 ** 31 - 1);
	const images = int(args, 'images', batch, batch, 5000);
	const hidden = (args.get('hidden') ?? '200,200').split(',').map(Number);
	if (!hidden.length || hidden.some((h) => !Number.isInteger(h) || h < 1 || h > 1024))
		fail(`--hidden must be layer widths like 200,200 (got ${args.get('hidden')})`);
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
		sizes: [d, ...hidden, 10],
		seed,
		images: x,
		labels: pick.map((k) => data.train.y[k] as number),
		attack,
		shared,
		reconstruct: batch,
		iterations: int(args, 'iterations', 300, 0, 100_000)
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
			attack,
			shared: kind,
			batch,
			images,
			hidden,
			iterations: r.iterations,
			meanPsnr: +mean.toFixed(2),
			labelsRecovered: r.results.filter((e) => e.labelRecovered).length,
			wallSeconds: +((performance.now() - started) / 1000).toFixed(2)
		})}\n`
	);
}

main().catch((e: unknown) => {
	process.stderr.write(`inversion: ${(e as Error).message}\n`);
	process.exit(1);
});
