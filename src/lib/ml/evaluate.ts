/** Accuracy and mean loss on a held-out set, in chunks, for any model that maps inputs to logits. */
import * as tf from '@tensorflow/tfjs';
import type { Evaluation } from '../sim/core/trainer';

export async function evaluateLogits(
	x: tf.Tensor,
	y: tf.Tensor1D,
	numClasses: number,
	logitsOf: (xb: tf.Tensor) => tf.Tensor,
	pause: () => Promise<void> | undefined,
	chunk = 1000
): Promise<Evaluation> {
	const n = y.shape[0];
	let correct = 0;
	let lossSum = 0;
	for (let from = 0; from < n; from += chunk) {
		const size = Math.min(chunk, n - from);
		const [c, l] = tf.tidy(() => {
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
			return [hits.dataSync()[0] as number, loss.dataSync()[0] as number];
		});
		correct += c;
		lossSum += l;
		await pause();
	}
	return { accuracy: correct / n, loss: lossSum / n };
}
