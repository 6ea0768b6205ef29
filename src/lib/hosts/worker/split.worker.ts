/// <reference lib="webworker" />
/**
 * The split-learning chapter's worker: loads MNIST once and answers two kinds of request, one at a
 * time (a tfjs backend is not re-entrant) — the smashed data the server receives at every cut
 * (src/lib/ml/split-view.ts) and the label-leakage AUCs of the norm and cosine attacks
 * (src/lib/ml/label-leakage.ts, Li et al. 2022, arXiv:2102.08504). The page never waits on it.
 */
import { trySetBackend, type WasmPaths } from '../../ml/backend';
import { measureLabelLeakage } from '../../ml/label-leakage';
import { whatTheServerSees } from '../../ml/split-view';
import { TfTrainer } from '../../ml/tf-trainer';
import { fetchMnist, type Dataset } from '../../sim/core/dataset';
import { createRng } from '../../sim/core/rng';
import type { FromSplitWorker, ToSplitWorker } from './split-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let mnist: Promise<Dataset> | null = null;
let ready: Promise<void> = Promise.reject(new Error('the worker was not initialised'));
ready.catch(() => {});
let chain: Promise<void> = Promise.resolve();

function post(msg: FromSplitWorker): void {
	scope.postMessage(msg);
}

function enqueue(id: number, work: (data: Dataset) => Promise<void>): void {
	chain = chain
		.then(async () => {
			await ready;
			if (!mnist) throw new Error('the worker was not initialised');
			await work(await mnist);
		})
		.catch((e: unknown) =>
			post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) })
		);
}

/** The first `count` training examples whose labels all differ. */
function distinctDigits(data: Dataset, count: number): number[] {
	const out: number[] = [];
	const seen = new Set<number>();
	for (let i = 0; i < data.train.n && out.length < count; i++) {
		const y = data.train.y[i] as number;
		if (!seen.has(y)) {
			seen.add(y);
			out.push(i);
		}
	}
	return out;
}

async function serverSees(
	data: Dataset,
	id: number,
	msg: Extract<ToSplitWorker, { type: 'serverSees' }>
): Promise<void> {
	const trainer = new TfTrainer(data, msg.model, { testLimit: 1000 });
	const indices = distinctDigits(data, msg.samples);
	try {
		const rng = createRng(msg.seed);
		const w0 = trainer.initialWeights(rng.fork('init'));
		const before = await trainer.evaluate(w0);
		post({
			type: 'serverSees',
			id,
			trained: false,
			accuracy: before.accuracy,
			views: whatTheServerSees(data, msg.model, w0, indices)
		});
		if (msg.trainSamples <= 0) return;
		const n = Math.min(msg.trainSamples, data.train.n);
		const r = await trainer.train(w0, {
			indices: Int32Array.from({ length: n }, (_, i) => i),
			epochs: 1,
			batchSize: 32,
			learningRate: msg.model.kind === 'cnn' ? 0.05 : 0.1,
			rng: rng.fork('train')
		});
		const after = await trainer.evaluate(r.weights);
		post({
			type: 'serverSees',
			id,
			trained: true,
			accuracy: after.accuracy,
			views: whatTheServerSees(data, msg.model, r.weights, indices)
		});
	} finally {
		trainer.dispose();
	}
}

async function leakage(
	data: Dataset,
	id: number,
	msg: Extract<ToSplitWorker, { type: 'leakage' }>
): Promise<void> {
	const q = msg.request;
	for (const protection of q.protections) {
		const result = await measureLabelLeakage(data, {
			digit: q.digit,
			model: q.model,
			cutLayer: q.cutLayer,
			topLayers: q.topLayers,
			epochs: q.epochs,
			batchSize: q.batchSize,
			learningRate: q.learningRate,
			seed: q.seed,
			protection,
			window: q.window
		});
		post({ type: 'leakage', id, protection, result });
	}
}

scope.onmessage = (e: MessageEvent<ToSplitWorker>) => {
	const msg = e.data;
	switch (msg.type) {
		case 'init': {
			mnist = fetchMnist(msg.mnistUrl);
			mnist.catch(() => {});
			const paths: WasmPaths = { ...msg.wasmUrls };
			ready = (async () => {
				const wanted = msg.backend ?? 'wasm';
				for (const name of [wanted, 'wasm', 'cpu'] as const)
					if (await trySetBackend(name, paths)) {
						post({ type: 'ready', backend: name });
						return;
					}
				throw new Error('no tfjs backend could start');
			})();
			ready.catch((err: unknown) =>
				post({ type: 'error', message: err instanceof Error ? err.message : String(err) })
			);
			return;
		}
		case 'serverSees':
			return enqueue(msg.id, (data) => serverSees(data, msg.id, msg));
		case 'leakage':
			return enqueue(msg.id, (data) => leakage(data, msg.id, msg));
	}
};
