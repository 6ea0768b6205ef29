/**
 * Exports a scenario as a Flower app: `npm run export:flower -- scenario.json --out dir/ [--zip]`.
 * The same code path as the UI's "Flower app (.zip)" (src/lib/export/flower/app.ts). A scenario
 * the export cannot carry: the reasons on stderr (each naming its field), exit code 2, nothing
 * written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportFlowerApp, zipFlowerApp } from '../lib/export/flower/app';
import { loadDatasetNode } from '../lib/hosts/node/load';
import { MNIST_FILE } from '../lib/sim/core/dataset';
import { parseScenario } from '../lib/sim/scenario';

const USAGE = 'usage: npm run export:flower -- <scenario.json> --out <dir> [--zip]';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function fail(msg: string): never {
	process.stderr.write(`export:flower: ${msg}\n`);
	process.exit(2);
}

function main(): void {
	const argv = process.argv.slice(2);
	let file: string | undefined;
	let out: string | undefined;
	let zip = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--out') out = argv[++i] ?? fail(`--out needs a directory\n${USAGE}`);
		else if (a === '--zip') zip = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
		else if (file) fail(`one scenario file at a time\n${USAGE}`);
		else file = a;
	}
	if (!file || !out) fail(USAGE);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	const parsed = parseScenario(text);
	if (!parsed.ok) fail(`${file} is not a valid scenario:\n  ${parsed.errors.join('\n  ')}`);
	const scenario = parsed.scenario;
	const result = exportFlowerApp({
		scenario,
		dataset: loadDatasetNode(scenario.dataset),
		...(scenario.dataset === 'mnist' && {
			mnistBin: new Uint8Array(readFileSync(join(root, 'static', MNIST_FILE)))
		})
	});
	if (!result.ok) fail(`${file} cannot be exported to Flower:\n  ${result.errors.join('\n  ')}`);
	mkdirSync(out, { recursive: true });
	if (zip) {
		const path = join(out, `${result.name}.zip`);
		writeFileSync(path, zipFlowerApp(result.name, result.files));
		process.stdout.write(`${path}\n`);
		return;
	}
	for (const [path, data] of Object.entries(result.files)) {
		mkdirSync(dirname(join(out, path)), { recursive: true });
		writeFileSync(join(out, path), data);
	}
	process.stdout.write(`${out} (${result.name}): ${Object.keys(result.files).length} files\n`);
}

main();
