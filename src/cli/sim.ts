/**
 * Runs a scenario headless: `npm run sim -- scenario.json [--out metrics.csv]`.
 * Prints one JSON line per evaluation on stdout, then a summary line; progress goes to stderr.
 * Runs with per-client test splits (`personalization.testSamples` > 0) add one `clients` line per
 * model and round: the mean and spread of the clients' accuracies on their own data.
 * Exit codes: 0 the run finished; 2 a bad file, option or invalid scenario (a message naming the
 * field on stderr, nothing written); 3 the run diverged ("diverged in round N: why" on stderr; the
 * rounds and bytes that did happen are in the summary and the CSV); 1 an unexpected error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { initNodeBackend } from '../lib/ml/backend';
import { createNodeRun } from '../lib/hosts/node/run';
import { defaultWorkers } from '../lib/hosts/node/pool-trainer';
import { clientSpread } from '../lib/sim/personal/spread';
import { checkPrivacy } from '../lib/sim/privacy/checks';
import { checkByzantine } from '../lib/sim/robust/checks';
import { scenarioTrigger } from '../lib/sim/robust/round';
import { CLI_BUDGET, checkBudget, type Budget } from '../lib/sim/budget';
import { parseScenario } from '../lib/sim/scenario';

const USAGE =
	'usage: npm run sim -- <scenario.json> [--out metrics.csv] [--quiet] [--workers N]\n' +
	'  --workers N  worker threads training clients in parallel (default: one per core; 1: none);\n' +
	'               results are identical for any N\n' +
	'  --memory-gb G  peak-memory budget (default 4); --hours H  compute budget (default 12):\n' +
	'               a scenario estimated beyond either is refused before it starts';

/** Exit code of a run that diverged: a result, not an invalid input (2) nor a crash (1). */
const EXIT_DIVERGED = 3;

function fail(msg: string): never {
	process.stderr.write(`sim: ${msg}\n`);
	process.exit(2);
}

function parseArgs(argv: string[]): {
	file: string;
	out?: string;
	quiet: boolean;
	workers: number;
	budget: Budget;
} {
	let file: string | undefined;
	let out: string | undefined;
	let quiet = false;
	let workers = defaultWorkers();
	let budget: Budget = CLI_BUDGET;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--out') {
			out = argv[++i];
			if (!out) fail(`--out needs a file name\n${USAGE}`);
		} else if (a === '--workers') {
			const v = argv[++i];
			workers = Number(v);
			if (!v || !Number.isInteger(workers) || workers < 1)
				fail(`--workers needs a whole number ≥ 1 (got ${v ?? 'nothing'})\n${USAGE}`);
		} else if (a === '--memory-gb' || a === '--hours') {
			const v = argv[++i];
			const n = Number(v);
			if (!v || !/^\d+(\.\d+)?$/.test(v) || !(n > 0))
				fail(`${a} needs a positive number (got ${v ?? 'nothing'})\n${USAGE}`);
			budget =
				a === '--hours' ? { ...budget, seconds: n * 3600 } : { ...budget, memoryBytes: n * 1e9 };
		} else if (a === '--quiet') quiet = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
		else if (file) fail(`one scenario file at a time\n${USAGE}`);
		else file = a;
	}
	if (!file) fail(`no scenario file given\n${USAGE}`);
	return { file, out, quiet, workers, budget };
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
	const overBudget = checkBudget(scenario, args.budget);
	if (overBudget.length)
		fail(
			`${args.file} is over the budget (raise it with --memory-gb / --hours):\n  ${overBudget.join('\n  ')}`
		);
	for (const w of checkByzantine(scenario).warnings) process.stderr.write(`sim: warning: ${w}\n`);
	for (const w of checkPrivacy(scenario).warnings) process.stderr.write(`sim: warning: ${w}\n`);
	const backend = await initNodeBackend('wasm', (m) => process.stderr.write(`${m}\n`));
	const started = performance.now();
	const run = createNodeRun(scenario, { workers: args.workers });
	const dp = scenario.privacy.dp;
	// backdoor runs: the attack success rate on triggered test digits, next to clean accuracy
	const backdoor = scenarioTrigger(scenario) !== null;
	const rows: string[] = [
		'round,simTime,accuracy,loss,bytesUp,bytesDown' +
			(dp ? ',epsilon' : '') +
			(backdoor ? ',attackSuccess' : '')
	];
	// DP runs: ε spent so far (the privacySpent event comes before the round's evaluation)
	let epsilon = 0;
	const epsilonOut = () => (Number.isFinite(epsilon) ? +epsilon.toFixed(4) : 'Infinity');
	let diverged: { round: number; reason: string } | null = null;
	run.engine.on((e) => {
		if (e.type === 'evaluated') {
			const line = {
				round: e.round,
				simTime: +e.t.toFixed(3),
				accuracy: +e.accuracy.toFixed(4),
				loss: +e.loss.toFixed(4),
				bytesUp: e.bytesUp,
				bytesDown: e.bytesDown,
				...(dp && { epsilon: epsilonOut() }),
				...(backdoor && {
					attackSuccess: e.attackSuccess === undefined ? null : +e.attackSuccess.toFixed(4)
				})
			};
			process.stdout.write(`${JSON.stringify(line)}\n`);
			rows.push(Object.values(line).join(','));
			if (!args.quiet)
				process.stderr.write(
					`round ${e.round}/${scenario.rounds}  acc ${(e.accuracy * 100).toFixed(1)}%  ` +
						`${((performance.now() - started) / 1000).toFixed(1)} s\n`
				);
		} else if (e.type === 'clientsEvaluated') {
			const s = clientSpread(e.accuracies.map((a) => a.accuracy));
			if (s) {
				const r4 = (x: number) => +x.toFixed(4);
				const { n, mean, min, p10, p90, max } = s;
				const spread = { mean: r4(mean), min: r4(min), p10: r4(p10), p90: r4(p90), max: r4(max) };
				process.stdout.write(
					`${JSON.stringify({ clients: e.model, round: e.round, n, ...spread })}\n`
				);
			}
		} else if (e.type === 'privacySpent') epsilon = e.epsilon;
		else if (e.type === 'diverged') {
			diverged = { round: e.round, reason: e.reason };
			if (!run.engine.metrics.some((m) => m.round === e.round))
				rows.push(
					[e.round, +e.t.toFixed(3), '', '', run.engine.bytesUp, run.engine.bytesDown].join(',')
				);
		}
	});
	await run.engine.run();
	const last = run.engine.metrics.at(-1);
	const div = diverged as { round: number; reason: string } | null;
	const summary = {
		summary: true,
		rounds: Math.max(last?.round ?? 0, div?.round ?? 0),
		finalAccuracy: last ? +last.accuracy.toFixed(4) : null,
		bestAccuracy: run.engine.metrics.reduce((b, m) => Math.max(b, +m.accuracy.toFixed(4)), 0),
		simTime: +run.engine.now.toFixed(3),
		bytesUp: run.engine.bytesUp,
		bytesDown: run.engine.bytesDown,
		wallSeconds: +((performance.now() - started) / 1000).toFixed(2),
		backend,
		diverged: div ? div.reason : null,
		...(dp && { epsilon: epsilonOut(), delta: dp.delta }),
		...(backdoor && {
			finalAttackSuccess: last?.attackSuccess === undefined ? null : +last.attackSuccess.toFixed(4)
		})
	};
	process.stdout.write(`${JSON.stringify(summary)}\n`);
	run.dispose();
	if (args.out) writeFileSync(args.out, rows.join('\n') + '\n');
	if (div) {
		process.stderr.write(`sim: diverged in round ${div.round}: ${div.reason}\n`);
		process.exitCode = EXIT_DIVERGED;
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`sim: ${(e as Error).message}\n`);
	process.exit(1);
});
