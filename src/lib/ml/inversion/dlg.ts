/**
 * Gradient inversion by optimisation: Deep Leakage from Gradients — Zhu, Liu, Han 2019,
 * arXiv:1906.08935 — and its cosine variant — Geiping, Bauermeister, Dröge, Moeller 2020,
 * "Inverting Gradients — How easy is it to break privacy in federated learning?",
 * arXiv:2003.14053.
 *
 * The server starts from random dummy images (and, for DLG, random dummy label distributions)
 * and changes them by gradient descent until the gradient they produce on the shared model
 * matches the one the client sent: ‖∇θL(x̂, ŷ) − g‖² (DLG) or 1 − cos(∇θL(x̂, ŷ), g) summed over
 * the whole parameter vector (Geiping et al.). With `labels` given (from iDLG's sign rule, for one
 * sample) only the images are optimised. Differences from the papers, said plainly: Adam instead
 * of DLG's L-BFGS, pixels projected onto [0, 1] after each step, and a total-variation prior
 * (Geiping et al.'s image prior) only when `tv` > 0 (off by default). The model is either of the
 * playground's (gradient-model.ts): the MLP or the CNN.
 *
 * A stepper, so a worker can animate it and stop it between steps; all tensors are freed by
 * `dispose()` (the tensor count is flat across steps).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../sim/core/rng';
import { tensorsOf, type GradientModel } from './gradient-model';

export type MatchLoss = 'l2' | 'cosine';

export interface DlgOptions {
	readonly model: GradientModel;
	/** The shared model's weights (what the client trained from). */
	readonly weights: Float32Array;
	/** The gradient the client sent (flat, the weights' layout). */
	readonly target: Float32Array;
	/** How many images to reconstruct. */
	readonly batch: number;
	readonly loss: MatchLoss;
	/** Known labels (iDLG): only the images are optimised. */
	readonly labels?: readonly number[];
	readonly learningRate?: number;
	/** Weight of the total-variation prior on the dummy images (0: none). */
	readonly tv?: number;
	/** The dummies' initial values. */
	readonly rng: Rng;
}

export class DlgAttack {
	readonly #params: tf.Tensor[];
	readonly #target: tf.Tensor[];
	readonly #x: tf.Variable;
	readonly #y: tf.Variable | null;
	readonly #fixedY: tf.Tensor2D | null;
	readonly #opt: tf.Optimizer;
	readonly #loss: MatchLoss;
	readonly #model: GradientModel;
	readonly #tv: number;
	#iteration = 0;

	constructor(o: DlgOptions) {
		const { inputs, classes } = o.model;
		this.#model = o.model;
		this.#tv = o.tv ?? 0;
		this.#params = tensorsOf(o.weights, o.model.shapes);
		this.#target = tensorsOf(o.target, o.model.shapes);
		this.#loss = o.loss;
		const x0 = Float32Array.from({ length: o.batch * inputs }, () => o.rng.next());
		this.#x = tf.variable(tf.tensor2d(x0, [o.batch, inputs]), true, undefined, 'float32');
		if (o.labels) {
			if (o.labels.length !== o.batch) throw new RangeError('one label per image');
			const labels = o.labels;
			this.#fixedY = tf.tidy(
				() => tf.oneHot(tf.tensor1d([...labels], 'int32'), classes).toFloat() as tf.Tensor2D
			);
			this.#y = null;
		} else {
			const y0 = Float32Array.from({ length: o.batch * classes }, () => o.rng.normal());
			this.#y = tf.variable(tf.tensor2d(y0, [o.batch, classes]), true);
			this.#fixedY = null;
		}
		this.#opt = tf.train.adam(o.learningRate ?? 0.05);
	}

	/** Iterations done so far. */
	get iteration(): number {
		return this.#iteration;
	}

	/** Runs `n` optimisation steps; returns the gradient-matching loss of the last one. */
	step(n = 1): number {
		let last = NaN;
		for (let k = 0; k < n; k++) {
			const vars = this.#y ? [this.#x, this.#y] : [this.#x];
			const cost = this.#opt.minimize(() => this.#matchLoss(), true, vars);
			last = cost ? (cost.dataSync()[0] as number) : NaN;
			cost?.dispose();
			tf.tidy(() => {
				this.#x.assign(tf.clipByValue(this.#x, 0, 1));
			});
			this.#iteration++;
		}
		return last;
	}

	#matchLoss(): tf.Scalar {
		const y = this.#y ? (tf.softmax(this.#y) as tf.Tensor2D) : (this.#fixedY as tf.Tensor2D);
		const g = this.#model.gradient(this.#params, this.#x as tf.Tensor2D, y);
		const match =
			this.#loss === 'l2'
				? (tf.addN(
						g.map((gi, i) => tf.sum(tf.square(tf.sub(gi, this.#target[i] as tf.Tensor))))
					) as tf.Scalar)
				: this.#cosine(g);
		return this.#tv > 0 ? tf.add(match, tf.mul(this.#tv, this.#totalVariation())) : match;
	}

	#cosine(g: tf.Tensor[]): tf.Scalar {
		const dot = tf.addN(g.map((gi, i) => tf.sum(tf.mul(gi, this.#target[i] as tf.Tensor))));
		const nn = tf.addN(g.map((gi) => tf.sum(tf.square(gi))));
		const tt = tf.addN(this.#target.map((ti) => tf.sum(tf.square(ti))));
		return tf.sub(1, tf.div(dot, tf.sqrt(tf.mul(nn, tt)).add(1e-12))) as tf.Scalar;
	}

	/** Mean absolute difference between neighbouring pixels (anisotropic total variation). */
	#totalVariation(): tf.Scalar {
		const s = this.#model.side;
		const img = tf.reshape(this.#x, [-1, s, s]);
		const b = img.shape[0] as number;
		const dy = tf.sub(
			tf.slice(img, [0, 1, 0], [b, s - 1, s]),
			tf.slice(img, [0, 0, 0], [b, s - 1, s])
		);
		const dx = tf.sub(
			tf.slice(img, [0, 0, 1], [b, s, s - 1]),
			tf.slice(img, [0, 0, 0], [b, s, s - 1])
		);
		return tf.add(tf.mean(tf.abs(dy)), tf.mean(tf.abs(dx)));
	}

	/** The current reconstructions, batch × inputs row-major, in [0, 1]. */
	images(): Float32Array {
		return this.#x.dataSync().slice() as Float32Array;
	}

	/** The current label guesses (argmax of the dummy label distributions, or the given labels). */
	labels(): number[] {
		return tf.tidy(() => [...(this.#y ?? (this.#fixedY as tf.Tensor2D)).argMax(1).dataSync()]);
	}

	dispose(): void {
		this.#params.forEach((t) => t.dispose());
		this.#target.forEach((t) => t.dispose());
		this.#x.dispose();
		this.#y?.dispose();
		this.#fixedY?.dispose();
		this.#opt.dispose();
	}
}
