/**
 * Runs a robustness grid headless: `npm run sweep -- grid.json [--out cells.csv] [--quiet]`.
 * A grid is {base, attacks, rules, fractions?, alphas?} (see src/lib/sim/robust/grid.ts); every
 * cell is a real run of the base scenario with that attack, rule (optionally "preAggregate+rule"),
 * Byzantine share and Dirichlet α. Prints one JSON line per cell on stdout as it finishes, then one
 * `worstCase` line per rule (its lowest final accuracy over the grid, ByzFL's summary). A cell whose
 * scenario is refused (e.g. Bulyan with n < 4f + 3) prints `refused` with the reasons and runs
 * nothing. A bad grid file: a message on stderr, exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { initNodeBackend } from '../lib/ml/backend';
import { createNodeRun } from '../lib/hosts/node/run';
import {
	expandGrid,
	gridCsv,
	parseGrid,
	worstCasePerRule,
	type CellResult
} from '../lib/sim/robust/grid';

const USAGE = 'usage: npm run sweep -- <grid.json> [--out cells.csv] [--quiet]';

function fail(msg: string): never {
	process.stderr.write(`sweep: ${msg}\n`);
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
		else if (file) fail(`one grid file at a time\n${USAGE}`);
		else file = a;
	}
	if (!file) fail(`no grid file given\n${USAGE}`);
	return { file, out, quiet };
}

const round4 = (x: number) => +x.toFixed(4);

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	let input: unknown;
	try {
		input = JSON.parse(readFileSync(args.file, 'utf8').replace(/^\uFEFF/, ''));
	} catch (e) {
		fail(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	const parsed = parseGrid(input);
	if (!parsed.ok) fail(`${args.file} is not a valid grid:\n  ${parsed.errors.join('\n  ')}`);
	const cells = expandGrid(parsed.grid);
	await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const results: CellResult[] = [];
	const started = performance.now();
	for (const [i, c] of cells.entries()) {
		const cell = { attack: c.attack, rule: c.rule, fraction: c.fraction, alpha: c.alpha };
		if (!c.scenario) {
			results.push({ cell, accuracy: null });
			process.stdout.write(`${JSON.stringify({ ...cell, refused: c.refused })}\n`);
			continue;
		}
		const t0 = performance.now();
		const run = createNodeRun(c.scenario);
		const flags = { diverged: false };
		run.engine.on((e) => {
			if (e.type === 'diverged') flags.diverged = true;
		});
		await run.engine.run();
		run.dispose();
		const last = run.engine.metrics.at(-1);
		const diverged = flags.diverged;
		const r: CellResult = {
			cell,
			accuracy: last ? round4(last.accuracy) : 0,
			...(last?.attackSuccess !== undefined && { attackSuccess: round4(last.attackSuccess) }),
			...(diverged ? { diverged } : {})
		};
		results.push(r);
		process.stdout.write(
			`${JSON.stringify({
				...cell,
				finalAccuracy: r.accuracy,
				...(r.attackSuccess !== undefined && { attackSuccess: r.attackSuccess }),
				...(diverged ? { diverged } : {}),
				wallSeconds: +((performance.now() - t0) / 1000).toFixed(1)
			})}\n`
		);
		if (!args.quiet)
			process.stderr.write(
				`cell ${i + 1}/${cells.length} ${c.attack} × ${c.rule}: ${r.accuracy}  ` +
					`(${((performance.now() - started) / 1000).toFixed(0)} s)\n`
			);
	}
	for (const w of worstCasePerRule(results))
		process.stdout.write(`${JSON.stringify({ worstCase: true, ...w })}\n`);
	if (args.out) writeFileSync(args.out, gridCsv(results));
}

main().catch((e: unknown) => {
	process.stderr.write(`sweep: ${(e as Error).message}\n`);
	process.exit(1);
});
