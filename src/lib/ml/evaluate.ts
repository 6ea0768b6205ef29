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

export async function evaluateLogits(
	x: tf.Tensor,
	y: tf.Tensor1D,
	numClasses: number,
	logitsOf: (xb: tf.Tensor) => tf.Tensor,
	pause: () => Promise<void> | undefined,
	chunk = EVAL_CHUNK
): Promise<Evaluation> {
	const n = y.shape[0];
	const totals: ChunkTotals[] = [];
	for (let k = 0; k * chunk < n; k++) {
		totals.push(evaluateChunk(x, y, numClasses, logitsOf, k, chunk));
		await pause();
	}
	return combineChunks(totals, n);
}
