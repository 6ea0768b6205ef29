/** Builds the tfjs model of a scenario from the plain layer list of src/lib/sim/model-spec. */
import * as tf from '@tensorflow/tfjs';
import type { LayerDesc } from '../sim/core/model-spec';

/** One tfjs layer for a layer description (kernels start at zero: the engine sets the weights). */
export function toTfLayer(d: LayerDesc, inputShape?: readonly number[]): tf.layers.Layer {
	const common = inputShape ? { inputShape: [...inputShape] } : {};
	switch (d.kind) {
		case 'flatten':
			return tf.layers.flatten(common);
		case 'dense':
			return tf.layers.dense({
				...common,
				units: d.units,
				activation: d.activation,
				kernelInitializer: 'zeros'
			});
		case 'conv2d':
			return tf.layers.conv2d({
				...common,
				filters: d.filters,
				kernelSize: d.kernel,
				padding: 'same',
				activation: d.activation,
				kernelInitializer: 'zeros'
			});
		case 'maxpool':
			return tf.layers.maxPooling2d({ ...common, poolSize: d.size, strides: d.size });
	}
}

/** A sequential model over `layers`, taking samples of `inputShape`. */
export function buildModel(
	layers: readonly LayerDesc[],
	inputShape: readonly number[]
): tf.Sequential {
	const model = tf.sequential();
	layers.forEach((d, i) => model.add(toTfLayer(d, i === 0 ? inputShape : undefined)));
	return model;
}
