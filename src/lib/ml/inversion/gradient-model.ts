/**
 * The models gradient inversion can attack, behind one small interface: their weight shapes and
 * their loss gradient written out as tfjs ops that tfjs can differentiate again (mlp-gradient.ts,
 * cnn-gradient.ts). A plain-data `InversionModelSpec` names one, so it can cross to a worker.
 */
import * as tf from '@tensorflow/tfjs';
import { cnnGradient, cnnShapes, type CnnSizes } from './cnn-gradient';
import { mlpGradient, mlpShapes } from './mlp-gradient';

/** The scenario's two model families, as the attack needs them (MNIST-shaped inputs). */
export type InversionModelSpec =
	| { readonly kind: 'mlp'; readonly hidden: readonly number[] }
	| { readonly kind: 'cnn'; readonly filters: readonly [number, number] };

export interface GradientModel {
	readonly spec: InversionModelSpec;
	/** Values per input (side² · channels). */
	readonly inputs: number;
	/** Side of the square input picture. */
	readonly side: number;
	readonly classes: number;
	/** Weight shapes, tfjs order. */
	readonly shapes: readonly (readonly number[])[];
	readonly paramCount: number;
	/** Units of the first layer when it is dense with a bias (the analytic attack); null otherwise. */
	readonly firstDense: number | null;
	/** Inputs of the last, dense layer (the iDLG label rule reads its gradient). */
	readonly lastHidden: number;
	/** ∂L/∂θ for inputs x (B × inputs) and label distributions y (B × classes). */
	gradient(params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor[];
}

const count = (shapes: readonly (readonly number[])[]) =>
	shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

/** The attackable model of a spec, for square single-channel inputs of `side` (MNIST: 28). */
export function gradientModel(spec: InversionModelSpec, side = 28, classes = 10): GradientModel {
	const inputs = side * side;
	if (spec.kind === 'mlp') {
		const sizes = [inputs, ...spec.hidden, classes];
		const shapes = mlpShapes(sizes);
		return {
			spec,
			inputs,
			side,
			classes,
			shapes,
			paramCount: count(shapes),
			firstDense: sizes[1] as number,
			lastHidden: sizes.at(-2) as number,
			gradient: (params, x, y) => mlpGradient(params, x, y)
		};
	}
	if (side % 4 !== 0) throw new RangeError(`the CNN needs a side divisible by 4 (got ${side})`);
	const sizes: CnnSizes = { side, channels: 1, filters: spec.filters, dense: 64, classes };
	const shapes = cnnShapes(sizes);
	return {
		spec,
		inputs,
		side,
		classes,
		shapes,
		paramCount: count(shapes),
		firstDense: null,
		lastHidden: sizes.dense,
		gradient: (params, x, y) => cnnGradient(params, x, y, sizes)
	};
}

/** A short name for tables: "MLP 784-200-200-10", "CNN 8-16". */
export function modelName(spec: InversionModelSpec): string {
	return spec.kind === 'mlp'
		? `MLP ${[784, ...spec.hidden, 10].join('-')}`
		: `CNN ${spec.filters.join('-')}`;
}

/** The flat weights as tensors in `shapes` (the caller disposes them). */
export function tensorsOf(flat: Float32Array, shapes: readonly (readonly number[])[]): tf.Tensor[] {
	if (flat.length !== count(shapes))
		throw new RangeError(`weights have ${flat.length} values, the model needs ${count(shapes)}`);
	let at = 0;
	return shapes.map((shape) => {
		const n = shape.reduce((a, b) => a * b, 1);
		const t = tf.tensor(flat.subarray(at, at + n), [...shape], 'float32');
		at += n;
		return t;
	});
}

/** The flat gradient of one batch (plain arrays in and out; tidy). */
export function gradientFlat(
	model: GradientModel,
	weights: Float32Array,
	x: Float32Array,
	labels: readonly number[]
): Float32Array {
	return tf.tidy(() => {
		const params = tensorsOf(weights, model.shapes);
		const xs = tf.tensor2d(x, [labels.length, model.inputs]);
		const ys = tf.oneHot(tf.tensor1d([...labels], 'int32'), model.classes).toFloat() as tf.Tensor2D;
		const g = model.gradient(params, xs, ys);
		return tf.concat(g.map((t) => t.flatten())).dataSync() as Float32Array;
	});
}
