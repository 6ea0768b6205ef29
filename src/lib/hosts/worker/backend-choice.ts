/**
 * Picks the tfjs backend in the worker by measuring, because names lie: WebGL on a software
 * rasteriser is slower than wasm, and small MLP batches favour wasm over a GPU's launch overhead.
 * Each candidate trains a few batches of the default MLP on synthetic MNIST-shaped data.
 */
import { trySetBackend, type WasmPaths } from '../../ml/backend';
import { createTrainer } from '../../ml/create-trainer';
import type { Dataset } from '../../sim/core/dataset';
import { createRng } from '../../sim/core/rng';
import { defaultScenario } from '../../sim/scenario';
import type { BackendChoice, BackendName } from './protocol';

/** Candidates in order of preference when measurements tie. */
const CANDIDATES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];
const BATCH = 32;

export interface BackendPick {
	backend: BackendName;
	timings: Partial<Record<BackendName, number | null>>;
	note?: string;
}

/** 256 random MNIST-shaped samples: enough to time a few training batches. */
function syntheticMnist(): Dataset {
	const rng = createRng(1);
	const split = (n: number) => {
		const x = new Float32Array(n * 784);
		for (let i = 0; i < x.length; i++) x[i] = rng.next();
		const y = Uint8Array.from({ length: n }, () => rng.int(10));
		return { n, x, y };
	};
	return {
		name: 'mnist',
		inputShape: [28, 28, 1],
		numClasses: 10,
		train: split(8 * BATCH),
		test: split(BATCH)
	};
}

/** Milliseconds per training batch on the current backend (after a warm-up that compiles kernels). */
async function msPerBatch(data: Dataset): Promise<number> {
	const scenario = defaultScenario();
	const trainer = createTrainer(data, scenario);
	try {
		const rng = createRng(2);
		const w = trainer.initialWeights(rng);
		const job = (n: number) => ({
			indices: Int32Array.from({ length: n }, (_, i) => i),
			epochs: 1,
			batchSize: BATCH,
			learningRate: 0.05,
			rng
		});
		await trainer.train(w, job(2 * BATCH));
		const t0 = performance.now();
		await trainer.train(w, job(data.train.n));
		return (performance.now() - t0) / (data.train.n / BATCH);
	} finally {
		trainer.dispose();
	}
}

/**
 * Switches tfjs to `choice` (or, for `auto`, to the fastest candidate) and says which is in use.
 * A backend that cannot start falls back to the next; `cpu` is the last resort.
 */
export async function chooseBackend(
	choice: BackendChoice,
	wasmPaths: WasmPaths
): Promise<BackendPick> {
	const timings: Partial<Record<BackendName, number | null>> = {};
	if (choice !== 'auto') {
		if (await trySetBackend(choice, wasmPaths)) return { backend: choice, timings };
		timings[choice] = null;
		const fallback = await chooseBackend('auto', wasmPaths);
		return {
			...fallback,
			timings: { ...timings, ...fallback.timings },
			note: `${choice} is not available here; using ${fallback.backend}.`
		};
	}
	const data = syntheticMnist();
	let best: BackendName | null = null;
	for (const name of CANDIDATES) {
		if (!(await trySetBackend(name, wasmPaths))) {
			timings[name] = null;
			continue;
		}
		try {
			const ms = await msPerBatch(data);
			timings[name] = Math.round(ms * 100) / 100;
			if (best === null || ms < (timings[best] ?? Infinity)) best = name;
		} catch {
			timings[name] = null;
		}
	}
	if (best !== null && (await trySetBackend(best, wasmPaths))) return { backend: best, timings };
	await trySetBackend('cpu');
	return {
		backend: 'cpu',
		timings: { ...timings, cpu: null },
		note: 'No accelerated backend could start; training on the plain JavaScript backend (slow).'
	};
}
