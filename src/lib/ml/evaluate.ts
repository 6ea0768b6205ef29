/** Accuracy and mean loss on a held-out set, in chunks, for any model that maps inputs to logits. */
import * as tf from '@tensorflow/tfjs';
import { combineChunks, type ChunkTotals, type Evaluation } from '../sim/core/trainer';

/** Samples a chunk: one forward pass each. */
export const EVAL_CHUNK = 1000;

/** Correct predictions and summed softmax cross-entropy of chunk `k` of `x`, `y`. */
export function evaluateChunk(
	x: tf.Tensor,
	y: tf.Tensor1D,
	numClasses: number,
	logitsOf: (xb: tf.Tensor) => tf.Tensor,
	k: number,
	chunk = EVAL_CHUNK
): ChunkTotals {
	const from = k * chunk;
	const size = Math.min(chunk, y.shape[0] - from);
	if (!(size > 0)) throw new Error(`evaluation chunk ${k} is outside the test set`);
	return tf.tidy(() => {
		const yb = y.slice(from, size);
		const logits = logitsOf(x.slice(from, size));
		const loss = tf.losses.softmaxCrossEntropy(
			tf.oneHot(yb, numClasses),
			logits,
			undefined,
			undefined,
			tf.Reduction.SUM
		);
		const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yb), 'int32'));
		return { correct: hits.dataSync()[0] as number, lossSum: loss.dataSync()[0] as number };
	});
}

/** The totals of chunks `chunks`, in that order, pausing (`pause`) after each. */
export async function chunkTotals(
	x: tf.Tensor,
	y: tf.Tensor1D,
	numClasses: number,
	logitsOf: (xb: tf.Tensor) => tf.Tensor,
	pause: () => Promise<void> | undefined,
	chunks: readonly number[],
	chunk = EVAL_CHUNK
): Promise<ChunkTotals[]> {
	const totals: ChunkTotals[] = [];
	for (const k of chunks) {
		totals.push(evaluateChunk(x, y, numClasses, logitsOf, k, chunk));
		await pause();
	}
	return totals;
}

/** Accuracy and mean loss over the whole of `x`, `y`: every chunk's totals, combined in order. */
export async function evaluateLogits(
	x: tf.Tensor,
	y: tf.Tensor1D,
	numClasses: number,
	logitsOf: (xb: tf.Tensor) => tf.Tensor,
	pause: () => Promise<void> | undefined,
	chunk = EVAL_CHUNK
): Promise<Evaluation> {
	const n = y.shape[0];
	const all = Array.from({ length: Math.ceil(n / chunk) }, (_, k) => k);
	return combineChunks(await chunkTotals(x, y, numClasses, logitsOf, pause, all, chunk), n);
}
