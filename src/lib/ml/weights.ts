/** Flat Float32Array ⇄ tfjs weights. `model.getWeights()` returns live variables: never dispose them. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../sim/core/rng';

/** Concatenates the variables' values into one flat vector. */
export function flattenWeights(vars: readonly tf.Tensor[], total: number): Float32Array {
	const out = new Float32Array(total);
	let at = 0;
	for (const v of vars) {
		const data = v.dataSync() as Float32Array;
		out.set(data, at);
		at += data.length;
	}
	return out;
}

/** Copies a flat vector into the model's variables (setWeights copies, so the temporaries are freed). */
export function assignWeights(model: tf.LayersModel, flat: Float32Array): void {
	const shapes = model.getWeights().map((w) => w.shape);
	const total = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
	if (flat.length !== total)
		throw new Error(`weights have ${flat.length} values, the model needs ${total}`);
	let at = 0;
	const tensors = shapes.map((shape) => {
		const n = shape.reduce((a, b) => a * b, 1);
		const t = tf.tensor(flat.subarray(at, at + n), shape, 'float32');
		at += n;
		return t;
	});
	try {
		model.setWeights(tensors);
	} finally {
		tensors.forEach((t) => t.dispose());
	}
}

/**
 * Glorot-uniform kernels and zero biases, drawn from the seeded `rng` in variable order so that
 * the same seed always gives the same initial model (tfjs's own initialisers are not seedable
 * per run).
 */
export function glorotInit(shapes: readonly (readonly number[])[], rng: Rng): Float32Array {
	const total = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
	const out = new Float32Array(total);
	let at = 0;
	for (const shape of shapes) {
		const n = shape.reduce((a, b) => a * b, 1);
		if (shape.length >= 2) {
			const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
			const fanIn = receptive * (shape.at(-2) as number);
			const fanOut = receptive * (shape.at(-1) as number);
			const limit = Math.sqrt(6 / (fanIn + fanOut));
			for (let i = 0; i < n; i++) out[at + i] = (2 * rng.next() - 1) * limit;
		}
		at += n;
	}
	return out;
}
