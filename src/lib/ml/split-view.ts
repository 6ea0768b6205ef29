/**
 * "What the server sees": the smashed data of a few training samples at each cut of a model, as
 * small images (see sim/smashed-image.ts), with the labels that vanilla split learning sends
 * along. Early cuts of a convolutional model still show the digit — split learning hides the raw
 * data only as well as the head transforms it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../sim/core/dataset';
import { describeModel } from '../sim/core/model-spec';
import type { ModelSpec } from '../sim/scenario';
import { activationImage, type GrayImage } from '../sim/split/smashed-image';
import { buildModel } from './model';
import { assignWeights } from './weights';

export interface SmashedView {
	/** The cut: the client holds layers [0, cutLayer). */
	readonly cutLayer: number;
	/** Name of the head's last layer, e.g. `maxpool_1`. */
	readonly layer: string;
	/** Shape of one sample's smashed data. */
	readonly shape: readonly number[];
	/** Values per sample that cross the cut. */
	readonly floats: number;
	/** One image per requested sample. */
	readonly images: readonly GrayImage[];
	/** The samples' labels: in vanilla mode these travel with the smashed data. */
	readonly labels: readonly number[];
}

/**
 * The smashed data of training samples `indices` under the whole model's `weights`, at every cut
 * in `cuts` (default: every layer boundary 1..L−1). A flattened activation is drawn in the shape
 * it had before flattening.
 */
export function whatTheServerSees(
	dataset: Dataset,
	spec: ModelSpec,
	weights: Float32Array,
	indices: readonly number[],
	cuts?: readonly number[]
): SmashedView[] {
	const infos = describeModel(spec, dataset.inputShape, dataset.numClasses);
	const wanted = new Set(cuts ?? infos.slice(1).map((_, i) => i + 1));
	const per = dataset.inputShape.reduce((a, b) => a * b, 1);
	const x = new Float32Array(indices.length * per);
	indices.forEach((idx, i) => x.set(dataset.train.x.subarray(idx * per, (idx + 1) * per), i * per));
	const labels = indices.map((i) => dataset.train.y[i] as number);
	const model = buildModel(
		infos.map((l) => l.layer),
		dataset.inputShape
	);
	try {
		assignWeights(model, weights);
		const outputs = new Map<number, Float32Array>();
		tf.tidy(() => {
			let a: tf.Tensor = tf.tensor(x, [indices.length, ...dataset.inputShape], 'float32');
			model.layers.forEach((layer, i) => {
				a = layer.apply(a) as tf.Tensor;
				if (wanted.has(i + 1) && i + 1 < infos.length)
					outputs.set(i + 1, a.dataSync() as Float32Array);
			});
		});
		return [...outputs.entries()]
			.sort(([a], [b]) => a - b)
			.map(([cut, data]) => {
				const info = infos[cut - 1] as (typeof infos)[number];
				const floats = info.outputShape.reduce((a, b) => a * b, 1);
				const drawn = info.layer.kind === 'flatten' ? info.inputShape : info.outputShape;
				return {
					cutLayer: cut,
					layer: info.name,
					shape: info.outputShape,
					floats,
					images: indices.map((_, i) =>
						activationImage(data.subarray(i * floats, (i + 1) * floats), drawn)
					),
					labels
				};
			});
	} finally {
		model.dispose();
	}
}
