/**
 * The model as a list of plain layer descriptions with their shapes, parameter counts and FLOPs,
 * computed without tfjs: the engine needs the payload size, the split-learning chapter needs the
 * stack and the cost of each side of a cut, and src/lib/ml builds the tfjs model from this list.
 */
import type { ModelSpec } from './schema';

export type LayerDesc =
	| { kind: 'dense'; units: number; activation: 'relu' | 'linear' }
	| { kind: 'conv2d'; filters: number; kernel: number; activation: 'relu' }
	| { kind: 'maxpool'; size: number }
	| { kind: 'flatten' };

export interface LayerInfo {
	readonly layer: LayerDesc;
	readonly name: string;
	readonly inputShape: readonly number[];
	readonly outputShape: readonly number[];
	/** Trainable parameters (weights + biases). */
	readonly params: number;
	/** Forward FLOPs per sample (a multiply-add counts 2). */
	readonly flops: number;
}

/** The layers of a model spec, in order. The last layer emits logits (softmax is in the loss). */
export function layersOf(
	spec: ModelSpec,
	inputShape: readonly number[],
	numClasses: number
): LayerDesc[] {
	if (spec.kind === 'mlp')
		return [
			...(inputShape.length > 1 ? [{ kind: 'flatten' } as const] : []),
			...spec.hidden.map((units) => ({ kind: 'dense', units, activation: 'relu' }) as const),
			{ kind: 'dense', units: numClasses, activation: 'linear' }
		];
	const [f1, f2] = spec.filters;
	return [
		{ kind: 'conv2d', filters: f1, kernel: 5, activation: 'relu' },
		{ kind: 'maxpool', size: 2 },
		{ kind: 'conv2d', filters: f2, kernel: 3, activation: 'relu' },
		{ kind: 'maxpool', size: 2 },
		{ kind: 'flatten' },
		{ kind: 'dense', units: 64, activation: 'relu' },
		{ kind: 'dense', units: numClasses, activation: 'linear' }
	];
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** Shapes, parameters and FLOPs of each layer for one input shape (convolutions use 'same' padding). */
export function describeModel(
	spec: ModelSpec,
	inputShape: readonly number[],
	numClasses: number
): LayerInfo[] {
	let shape = [...inputShape];
	return layersOf(spec, inputShape, numClasses).map((layer, i) => {
		const input = shape;
		let params = 0;
		let flops = 0;
		switch (layer.kind) {
			case 'flatten':
				shape = [prod(input)];
				break;
			case 'dense': {
				const fanIn = prod(input);
				params = fanIn * layer.units + layer.units;
				flops = 2 * fanIn * layer.units;
				shape = [layer.units];
				break;
			}
			case 'conv2d': {
				const [h, w, c] = input as [number, number, number];
				params = layer.kernel * layer.kernel * c * layer.filters + layer.filters;
				flops = 2 * h * w * layer.kernel * layer.kernel * c * layer.filters;
				shape = [h, w, layer.filters];
				break;
			}
			case 'maxpool': {
				const [h, w, c] = input as [number, number, number];
				shape = [Math.floor(h / layer.size), Math.floor(w / layer.size), c];
				flops = h * w * c;
				break;
			}
		}
		return {
			layer,
			name: `${layer.kind}_${i}`,
			inputShape: input,
			outputShape: shape,
			params,
			flops
		};
	});
}

/** Total trainable parameters of a model. */
export function paramCount(layers: readonly LayerInfo[]): number {
	return layers.reduce((s, l) => s + l.params, 0);
}

/** Bytes on the wire for `params` float32 values. */
export const bytesOf = (params: number): number => params * 4;
