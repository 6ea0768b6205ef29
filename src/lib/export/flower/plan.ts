/**
 * What the playground decides before round 1, computed with the engine's own code so that the
 * Flower app runs the same experiment: each client's sample indices (the scenario's partitioner
 * on the stream `partition`), the Byzantine clients (stream `byzantine`), and a hash of the
 * initial weights (Glorot-uniform on the stream `init`, as TfTrainer.initialWeights draws them)
 * that the app checks its own initial weights against, bit for bit.
 */
import type { Dataset } from '../../sim/core/dataset';
import { describeModel } from '../../sim/core/model-spec';
import { createRng, type Rng } from '../../sim/core/rng';
import { partition } from '../../sim/partition';
import { byzantineCount } from '../../sim/robust/checks';
import type { Scenario } from '../../sim/scenario';

export interface FlowerPlan {
	readonly scenario: Scenario;
	/** Client k's sample indices into the training split. */
	readonly partition: number[][];
	/** The Byzantine clients, ascending. */
	readonly byzantine: number[];
	/** FNV-1a of the initial weights' float32 bytes (little-endian). */
	readonly initHash: number;
	readonly params: number;
}

/** The tfjs variable shapes in order: dense kernel [in, out] then bias; conv [k, k, cin, cout]. */
export function weightShapes(scenario: Scenario, dataset: Dataset): number[][] {
	const shapes: number[][] = [];
	for (const info of describeModel(scenario.model, dataset.inputShape, dataset.numClasses)) {
		const l = info.layer;
		if (l.kind === 'dense')
			shapes.push([info.inputShape.reduce((a, b) => a * b, 1), l.units], [l.units]);
		else if (l.kind === 'conv2d')
			shapes.push([l.kernel, l.kernel, info.inputShape.at(-1) as number, l.filters], [l.filters]);
	}
	return shapes;
}

/**
 * Glorot-uniform kernels and zero biases in variable order: the draws of src/lib/ml/weights.ts
 * (glorotInit), without tfjs. Tested equal to TfTrainer.initialWeights in
 * src/integration/flower-export.test.ts.
 */
export function glorotWeights(shapes: readonly (readonly number[])[], rng: Rng): Float32Array {
	const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
	const out = new Float32Array(shapes.reduce((s, sh) => s + size(sh), 0));
	let at = 0;
	for (const shape of shapes) {
		const n = size(shape);
		if (shape.length >= 2) {
			const receptive = size(shape.slice(0, -2));
			const limit = Math.sqrt(
				6 / (receptive * (shape.at(-2) as number) + receptive * (shape.at(-1) as number))
			);
			for (let i = 0; i < n; i++) out[at + i] = (2 * rng.next() - 1) * limit;
		}
		at += n;
	}
	return out;
}

/** FNV-1a over the bytes of a float32 vector (little-endian, as the app hashes them). */
export function fnv1aFloat32(v: Float32Array): number {
	const bytes = new Uint8Array(v.length * 4);
	const view = new DataView(bytes.buffer);
	for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i] as number, true);
	let h = 0x811c9dc5;
	for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193) >>> 0;
	return h >>> 0;
}

/** The plan of `scenario` on `dataset`. */
export function planFor(scenario: Scenario, dataset: Dataset): FlowerPlan {
	const root = createRng(scenario.seed);
	const parts = partition(
		{ labels: dataset.train.y, numClasses: dataset.numClasses, clients: scenario.clients },
		scenario.partition,
		root.fork('partition')
	);
	const byzantine = root
		.fork('byzantine')
		.sample(parts.length, byzantineCount(scenario))
		.sort((a, b) => a - b);
	const init = glorotWeights(weightShapes(scenario, dataset), root.fork('init'));
	return {
		scenario,
		partition: parts.map((p) => Array.from(p)),
		byzantine,
		initHash: fnv1aFloat32(init),
		params: init.length
	};
}
