/**
 * A batch's rows copied out of a row-major Float32Array in JavaScript. Why not `tf.gather`: on
 * the wasm backend it copies element by element (~0.8 ms for 32 MNIST rows, measured in
 * `npm run bench`), longer than the batch's first matrix product; `TypedArray.set` per row takes
 * ~0.05 ms and gives the same numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { featureCount, type Dataset } from '../sim/core/dataset';

/** The samples a job's batches are drawn from: features row-major, integer labels. */
export interface RowSource {
	readonly x: Float32Array;
	readonly y: ArrayLike<number>;
	/** Features per sample. */
	readonly features: number;
}

/** The training split as a row source, its labels mapped by `labelMap` when given. */
export function trainingRows(dataset: Dataset, labelMap?: (label: number) => number): RowSource {
	const { x, y } = dataset.train;
	return { x, y: labelMap ? Int32Array.from(y, labelMap) : y, features: featureCount(dataset) };
}

/** Rows `idx` of `x` (`features` numbers a row), one after the other. */
export function copyRows(x: Float32Array, features: number, idx: ArrayLike<number>): Float32Array {
	const out = new Float32Array(idx.length * features);
	for (let r = 0; r < idx.length; r++) {
		const at = (idx[r] as number) * features;
		out.set(x.subarray(at, at + features), r * features);
	}
	return out;
}

/** The same rows transposed: [features, idx.length], column r is row idx[r]. */
export function copyColumns(
	x: Float32Array,
	features: number,
	idx: ArrayLike<number>
): Float32Array {
	const b = idx.length;
	const out = new Float32Array(b * features);
	for (let r = 0; r < b; r++) {
		const at = (idx[r] as number) * features;
		for (let k = 0; k < features; k++) out[k * b + r] = x[at + k] as number;
	}
	return out;
}

/** Rows `idx` of `source` as a tensor of `[B, ...inputShape]`, and their labels. */
export function batchOf(
	source: RowSource,
	inputShape: readonly number[],
	idx: readonly number[]
): { x: tf.Tensor; labels: Int32Array } {
	return {
		x: tf.tensor(copyRows(source.x, source.features, idx), [idx.length, ...inputShape], 'float32'),
		labels: Int32Array.from(idx, (i) => source.y[i] as number)
	};
}
