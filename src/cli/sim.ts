/**
 * Runs a scenario headless: `npm run sim -- scenario.json [--out metrics.csv]`.
 * Prints one JSON line per evaluation on stdout, then a summary line; progress goes to stderr.
 * A bad file or an invalid scenario: a message on stderr, exit code 2, nothing written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { initNodeBackend } from '../lib/ml/backend';
import { createNodeRun } from '../lib/hosts/node/run';
import { checkByzantine } from '../lib/sim/robust/checks';
import { parseScenario } from '../lib/sim/scenario';

const USAGE = 'usage: npm run sim -- <scenario.json> [--out metrics.csv] [--quiet]';

function fail(msg: string): never {
	process.stderr.write(`sim: ${msg}\n`);
	process.exit(2);
}

function parseArgs(argv: string[]): { file: string; out?: string; quiet: boolean } {
	let file: string | undefined;
	let out: string | undefined;
	let quiet = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--out') {
			out = argv[++i];
			if (!out) fail(`--out needs a file name\n${USAGE}`);
		} else if (a === '--quiet') quiet = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
		else if (file) fail(`one scenario file at a time\n${USAGE}`);
		else file = a;
	}
	if (!file) fail(`no scenario file given\n${USAGE}`);
	return { file, out, quiet };
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	let text: string;
	try {
		text = readFileSync(args.file, 'utf8');
	} catch (e) {
		fail(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	const parsed = parseScenario(text);
	if (!parsed.ok) fail(`${args.file} is not a valid scenario:\n  ${parsed.errors.join('\n  ')}`);
	const scenario = parsed.scenario;
	for (const w of checkByzantine(scenario).warnings) process.stderr.write(`sim: warning: ${w}\n`);
	const backend = await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const started = performance.now();
	const run = createNodeRun(scenario);
	const rows: string[] = ['round,simTime,accuracy,loss,bytesUp,bytesDown'];
	let diverged: string | null = null;
	run.engine.on((e) => {
		if (e.type === 'evaluated') {
			const line = {
				round: e.round,
				simTime: +e.t.toFixed(3),
				accuracy: +e.accuracy.toFixed(4),
				loss: +e.loss.toFixed(4),
				bytesUp: e.bytesUp,
				bytesDown: e.bytesDown
			};
			process.stdout.write(`${JSON.stringify(line)}\n`);
			rows.push(Object.values(line).join(','));
			if (!args.quiet)
				process.stderr.write(
					`round ${e.round}/${scenario.rounds}  acc ${(e.accuracy * 100).toFixed(1)}%  ` +
						`${((performance.now() - started) / 1000).toFixed(1)} s\n`
				);
		} else if (e.type === 'diverged') diverged = e.reason;
	});
	await run.engine.run();
	const last = run.engine.metrics.at(-1);
	const summary = {
		summary: true,
		rounds: last?.round ?? 0,
		finalAccuracy: last ? +last.accuracy.toFixed(4) : null,
		bestAccuracy: run.engine.metrics.reduce((b, m) => Math.max(b, +m.accuracy.toFixed(4)), 0),
		simTime: +run.engine.now.toFixed(3),
		bytesUp: last?.bytesUp ?? 0,
		bytesDown: last?.bytesDown ?? 0,
		wallSeconds: +((performance.now() - started) / 1000).toFixed(2),
		backend,
		diverged
	};
	process.stdout.write(`${JSON.stringify(summary)}\n`);
	run.dispose();
	if (args.out) writeFileSync(args.out, rows.join('\n') + '\n');
}

main().catch((e: unknown) => {
	process.stderr.write(`sim: ${(e as Error).message}\n`);
	process.exit(1);
});
