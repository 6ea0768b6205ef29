/**
 * Runs a robustness grid headless: `npm run sweep -- grid.json [--out cells.csv] [--quiet]
 * [--workers N]`. With N > 1 (default: one per core) the cells run N at a time, each a whole run
 * on a worker thread (`RunPool`); the lines still come out in the grid's order, and every figure
 * is the same as with `--workers 1` (which runs the cells one after another on this thread).
 * A grid is {base, attacks, rules, fractions?, alphas?} (see src/lib/sim/robust/grid.ts); every
 * cell is a real run of the base scenario with that attack, rule (optionally "preAggregate+rule"),
 * Byzantine share and Dirichlet α. Prints one JSON line per cell on stdout as it finishes, then one
 * `worstCase` line per rule (its lowest final accuracy over the grid, ByzFL's summary). A cell whose
 * scenario is refused (e.g. Bulyan with n < 4f + 3) prints `refused` with the reasons and runs
 * nothing. A bad grid file: a message on stderr, exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { initNodeBackend } from '../lib/ml/backend';
import { createNodeRun } from '../lib/hosts/node/run';
import { RunPool, type RunSummary } from '../lib/hosts/node/run-pool';
import type { Scenario } from '../lib/sim/core/schema';
import {
	expandGrid,
	gridCsv,
	parseGrid,
	worstCasePerRule,
	type CellResult
} from '../lib/sim/robust/grid';

const USAGE =
	'usage: npm run sweep -- <grid.json> [--out cells.csv] [--quiet] [--workers N]\n' +
	'  --workers N  cells run at once, each on a worker thread (default: one per core; 1: one\n' +
	'               after another on this thread); the output is the same for any N';

function fail(msg: string): never {
	process.stderr.write(`sweep: ${msg}\n`);
	process.exit(2);
}

function parseArgs(argv: string[]): {
	file: string;
	out?: string;
	quiet: boolean;
	workers: number;
} {
	let file: string | undefined;
	let out: string | undefined;
	let quiet = false;
	let workers = availableParallelism();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--workers') {
			const v = argv[++i];
			workers = Number(v);
			if (!v || !Number.isInteger(workers) || workers < 1)
				fail(`--workers needs a whole number ≥ 1 (got ${v ?? 'nothing'})\n${USAGE}`);
		} else if (a === '--out') {
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
	return { file, out, quiet, workers };
}

const round4 = (x: number) => +x.toFixed(4);

/** Plays `scenario` to the end on this thread. */
async function runHere(scenario: Scenario): Promise<RunSummary> {
	const t0 = performance.now();
	const run = createNodeRun(scenario);
	let diverged = false;
	run.engine.on((e) => {
		if (e.type === 'diverged') diverged = true;
	});
	try {
		await run.engine.run();
	} finally {
		run.dispose();
	}
	return { metrics: run.engine.metrics, diverged, ms: performance.now() - t0 };
}

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
	const runnable = cells.filter((c) => c.scenario).length;
	const workers = Math.min(args.workers, Math.max(1, runnable));
	const pool = workers > 1 ? new RunPool(workers) : null;
	if (!pool) await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const started = performance.now();
	// every cell starts at once (the pool queues them); lines are printed in the grid's order
	const runs = cells.map((c) =>
		c.scenario ? (pool ? pool.run(c.scenario) : null) : Promise.resolve(null)
	);
	// a failure is reported when its line's turn comes, not as an unhandled rejection before it
	for (const r of runs) r?.catch(() => {});
	const results: CellResult[] = [];
	try {
		for (const [i, c] of cells.entries()) {
			const cell = { attack: c.attack, rule: c.rule, fraction: c.fraction, alpha: c.alpha };
			if (!c.scenario) {
				results.push({ cell, accuracy: null });
				process.stdout.write(`${JSON.stringify({ ...cell, refused: c.refused })}\n`);
				continue;
			}
			// on this thread the runs go one after another, each started when its turn comes
			const summary = (await (runs[i] ?? runHere(c.scenario))) as RunSummary;
			const last = summary.metrics.at(-1);
			const diverged = summary.diverged;
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
					wallSeconds: +(summary.ms / 1000).toFixed(1)
				})}\n`
			);
			if (!args.quiet)
				process.stderr.write(
					`cell ${i + 1}/${cells.length} ${c.attack} × ${c.rule}: ${r.accuracy}  ` +
						`(${((performance.now() - started) / 1000).toFixed(0)} s)\n`
				);
		}
	} finally {
		await pool?.destroy();
	}
	if (!args.quiet && pool)
		process.stderr.write(
			`${runnable} runs on ${workers} workers in ${((performance.now() - started) / 1000).toFixed(1)} s\n`
		);
	for (const w of worstCasePerRule(results))
		process.stdout.write(`${JSON.stringify({ worstCase: true, ...w })}\n`);
	if (args.out) writeFileSync(args.out, gridCsv(results));
}

main().catch((e: unknown) => {
	process.stderr.write(`sweep: ${(e as Error).message}\n`);
	process.exit(1);
});
