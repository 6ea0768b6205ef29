/// <reference lib="webworker" />
/**
 * The engine's home in the browser: loads the data once, picks the tfjs backend, builds a trainer
 * and an `Engine` per run, and posts the run's events to the page in batches. Work on the engine is
 * serialised through one promise chain (a trainer is not re-entrant); `pause` acts at once.
 */
import type { WasmPaths } from '../../ml/backend';
import { createTrainer } from '../../ml/create-trainer';
import { fetchMnist, makeBlobs, type Dataset, type DatasetName } from '../../sim/core/dataset';
import { Engine } from '../../sim/engine';
import type { SimEvent } from '../../sim/core/events';
import { createRng } from '../../sim/core/rng';
import type { Scenario } from '../../sim/scenario';
import type { Trainer } from '../../sim/core/trainer';
import { chooseBackend } from './backend-choice';
import type { FromWorker, RunState, ToWorker } from './engine-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Real milliseconds between two event batches. */
const FLUSH_MS = 33;

let mnistUrl = '';
let mnist: Promise<Dataset> | null = null;
let blobs: Dataset | null = null;
let backendReady: Promise<void> = Promise.reject(new Error('the worker was not initialised'));
backendReady.catch(() => {});

interface Run {
	readonly id: number;
	readonly engine: Engine;
	/** Real time the current round started, or null when a pause split it. */
	roundStart: number | null;
}

let current: Run | null = null;
/**
 * The newest run the page asked for and whether it should be running: set when a message arrives,
 * read when queued work runs, so a `pause` overtakes a queued `play` and a run still being built.
 */
const intent = { runId: -1, running: false };
let trainer: { key: string; trainer: Trainer } | null = null;
let chain: Promise<void> = Promise.resolve();
let buffer: SimEvent[] = [];
let bufferRun = -1;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function post(msg: FromWorker): void {
	scope.postMessage(msg);
}

function flush(): void {
	if (flushTimer !== null) clearTimeout(flushTimer);
	flushTimer = null;
	if (!buffer.length) return;
	post({ type: 'events', runId: bufferRun, events: buffer });
	buffer = [];
}

function postState(runId: number, state: RunState): void {
	flush();
	post({ type: 'state', runId, state });
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** Queues work on the engine; an error becomes a notice on the page. */
function enqueue(runId: number | undefined, work: () => Promise<void>): void {
	chain = chain.then(work).catch((e: unknown) => {
		flush();
		post({ type: 'error', runId, message: message(e) });
		if (runId !== undefined && current?.id === runId)
			postState(runId, current.engine.done ? 'finished' : 'paused');
	});
}

async function dataset(name: DatasetName): Promise<Dataset> {
	if (name === 'blobs') return (blobs ??= makeBlobs(createRng(7)));
	mnist ??= fetchMnist(mnistUrl);
	try {
		return await mnist;
	} catch (e) {
		mnist = null; // let a later run try again
		throw e;
	}
}

/** One trainer per dataset and model: runs that only change other fields reuse it. */
function trainerFor(data: Dataset, scenario: Scenario): Trainer {
	const a = scenario.algorithm;
	// a split trainer is built for one cut: another cut (or a whole-model kind) needs another
	const cut =
		a.kind === 'split' || a.kind === 'splitfed'
			? `/cut:${a.cutLayer}:${a.labels}:${a.labels === 'ushaped' ? a.topLayers : 0}`
			: '';
	const key = `${data.name}/${JSON.stringify(scenario.model)}${cut}`;
	if (trainer?.key === key) return trainer.trainer;
	trainer?.trainer.dispose();
	trainer = null;
	const t = createTrainer(data, scenario);
	trainer = { key, trainer: t };
	return t;
}

function listen(run: Run): void {
	run.engine.on((e) => {
		if (current !== run) return;
		if (e.type === 'roundStarted') run.roundStart = performance.now();
		else if (e.type === 'evaluated' && run.roundStart !== null) {
			post({
				type: 'roundTime',
				runId: run.id,
				round: e.round,
				ms: performance.now() - run.roundStart
			});
			run.roundStart = null;
		}
		if (bufferRun !== run.id) flush();
		bufferRun = run.id;
		buffer.push(e);
		flushTimer ??= setTimeout(flush, FLUSH_MS);
	});
}

async function runEngine(run: Run): Promise<void> {
	if (current !== run || intent.runId !== run.id || !intent.running || run.engine.done) return;
	postState(run.id, 'running');
	await run.engine.run();
	run.roundStart = null;
	if (current === run) postState(run.id, run.engine.done ? 'finished' : 'paused');
}

function start(runId: number, scenario: Scenario, autoplay: boolean): void {
	intent.runId = runId;
	intent.running = autoplay;
	current?.engine.pause();
	post({ type: 'state', runId, state: 'building' });
	enqueue(runId, async () => {
		if (runId !== intent.runId) return; // a newer start replaced this one
		await backendReady;
		const data = await dataset(scenario.dataset);
		if (runId !== intent.runId) return;
		const engine = new Engine(scenario, data, trainerFor(data, scenario), { yieldBudgetMs: 12 });
		const run: Run = { id: runId, engine, roundStart: null };
		current = run;
		listen(run);
		postState(runId, 'ready');
		await runEngine(run);
	});
}

/** Queues `work` for run `runId`; it is skipped if that run is not the current one by then. */
function forRun(runId: number, work: (run: Run) => Promise<void>): void {
	enqueue(runId, async () => {
		const run = current;
		if (run && run.id === runId) await work(run);
	});
}

function handle(msg: ToWorker): void {
	switch (msg.type) {
		case 'init': {
			mnistUrl = msg.mnistUrl;
			mnist = fetchMnist(mnistUrl); // most chapters need it: load while the backend is measured
			mnist.catch(() => {});
			const paths: WasmPaths = { ...msg.wasmUrls };
			backendReady = chooseBackend(msg.backend, paths).then((pick) => {
				post({ type: 'backend', ...pick });
			});
			backendReady.catch((e: unknown) =>
				post({ type: 'error', message: `No tfjs backend could start: ${message(e)}` })
			);
			return;
		}
		case 'start':
			return start(msg.runId, msg.scenario, msg.autoplay);
		case 'play':
			if (msg.runId !== intent.runId) return;
			intent.running = true;
			return forRun(msg.runId, runEngine);
		case 'pause':
			if (msg.runId !== intent.runId) return;
			intent.running = false;
			if (current?.id === msg.runId) current.engine.pause();
			return;
		case 'step':
			return forRun(msg.runId, async (run) => {
				if (run.engine.running) return; // it reports when it stops
				if (run.engine.done) return postState(run.id, 'finished');
				postState(run.id, 'stepping');
				await run.engine.stepRound();
				run.roundStart = null;
				if (current === run) postState(run.id, run.engine.done ? 'finished' : 'paused');
			});
	}
}

scope.onmessage = (e: MessageEvent<ToWorker>) => handle(e.data);
