/**
 * Where a model is cut for split learning, computed without tfjs from the layer list of
 * `model-spec.ts`. The client holds the head (layers [0, cutLayer)), the server the tail
 * (layers [cutLayer, topCut)); in the U-shaped configuration the client also holds the top
 * (layers [topCut, L)) with the loss, so the labels never leave it (Vepakomma, Gupta, Swedish,
 * Raskar 2018, arXiv:1812.00564). Weights cross between the engine and tfjs as one flat vector
 * in layer order, so head ‖ tail ‖ top is exactly the whole model's vector.
 */
import type { LayerInfo } from '../core/model-spec';

/** Who holds the labels: sent with the smashed data (vanilla) or kept on the client (U-shaped). */
export type LabelMode = 'vanilla' | 'ushaped';

export interface SplitLayout {
	readonly layers: readonly LayerInfo[];
	readonly labels: LabelMode;
	/** First layer of the tail: the head is layers [0, cutLayer). */
	readonly cutLayer: number;
	/** First layer of the client's top (U-shaped); equals `layers.length` in vanilla mode. */
	readonly topCut: number;
	readonly headParams: number;
	readonly tailParams: number;
	/** Parameters of the client's top layers (0 in vanilla mode). */
	readonly topParams: number;
	/** Shape of one sample's smashed data (the head's output). */
	readonly smashedShape: readonly number[];
	/** Floats per sample of smashed data, and of the gradient the server returns. */
	readonly smashedFloats: number;
	/** U-shaped: floats per sample of the tail's output sent down (and of its gradient sent up); 0 in vanilla. */
	readonly returnFloats: number;
	/** Forward FLOPs per sample of each part. */
	readonly headFlops: number;
	readonly tailFlops: number;
	readonly topFlops: number;
}

/** Weights of each part, flat; `top` is empty in vanilla mode. */
export interface SplitWeights {
	readonly head: Float32Array;
	readonly tail: Float32Array;
	readonly top: Float32Array;
}

const sum = (xs: readonly LayerInfo[], f: (l: LayerInfo) => number) =>
	xs.reduce((s, l) => s + f(l), 0);
const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * Why a cut is impossible for a model of `layerCount` layers, or null when it is fine. The cut is
 * a layer boundary 1..L−1; U-shaped mode also keeps `topLayers` layers on the client and needs at
 * least one layer left for the server.
 */
export function cutProblem(
	layerCount: number,
	cutLayer: number,
	labels: LabelMode,
	topLayers: number
): string | null {
	if (layerCount < 2) return `the model has ${layerCount} layer; a cut needs at least 2`;
	if (cutLayer < 1 || cutLayer > layerCount - 1)
		return `cutLayer must be a layer boundary from 1 to ${layerCount - 1} for this model (it has ${layerCount} layers), got ${cutLayer}`;
	if (labels === 'ushaped' && cutLayer + topLayers > layerCount - 1)
		return `U-shaped: cutLayer (${cutLayer}) + topLayers (${topLayers}) must be at most ${layerCount - 1} so that the server keeps at least one of the ${layerCount} layers`;
	return null;
}

/** The scenario field to change for the problem `cutProblem` reports (null: none). */
export function cutField(
	layerCount: number,
	cutLayer: number,
	labels: LabelMode,
	topLayers: number
): 'model.hidden' | 'algorithm.cutLayer' | 'algorithm.topLayers' | null {
	if (layerCount < 2) return 'model.hidden';
	if (cutLayer < 1 || cutLayer > layerCount - 1) return 'algorithm.cutLayer';
	if (labels === 'ushaped' && cutLayer + topLayers > layerCount - 1) return 'algorithm.topLayers';
	return null;
}

/** The layout of a cut; throws with the message of `cutProblem` when the cut is impossible. */
export function splitLayout(
	layers: readonly LayerInfo[],
	cutLayer: number,
	labels: LabelMode = 'vanilla',
	topLayers = 1
): SplitLayout {
	const problem = cutProblem(layers.length, cutLayer, labels, topLayers);
	if (problem) throw new Error(problem);
	const topCut = labels === 'ushaped' ? layers.length - topLayers : layers.length;
	const head = layers.slice(0, cutLayer);
	const tail = layers.slice(cutLayer, topCut);
	const top = layers.slice(topCut);
	const smashedShape = (layers[cutLayer - 1] as LayerInfo).outputShape;
	return {
		layers,
		labels,
		cutLayer,
		topCut,
		headParams: sum(head, (l) => l.params),
		tailParams: sum(tail, (l) => l.params),
		topParams: sum(top, (l) => l.params),
		smashedShape,
		smashedFloats: prod(smashedShape),
		returnFloats: top.length ? prod((layers[topCut - 1] as LayerInfo).outputShape) : 0,
		headFlops: sum(head, (l) => l.flops),
		tailFlops: sum(tail, (l) => l.flops),
		topFlops: sum(top, (l) => l.flops)
	};
}

/** Cuts the whole model's flat weights into the parts (views, not copies). */
export function splitWeights(layout: SplitLayout, full: Float32Array): SplitWeights {
	const { headParams: h, tailParams: t, topParams: u } = layout;
	if (full.length !== h + t + u)
		throw new Error(`weights have ${full.length} values, the model needs ${h + t + u}`);
	return {
		head: full.subarray(0, h),
		tail: full.subarray(h, h + t),
		top: full.subarray(h + t)
	};
}

/** The whole model's flat weights from the parts (a new array). */
export function joinWeights(parts: SplitWeights): Float32Array {
	const out = new Float32Array(parts.head.length + parts.tail.length + parts.top.length);
	out.set(parts.head, 0);
	out.set(parts.tail, parts.head.length);
	out.set(parts.top, parts.head.length + parts.tail.length);
	return out;
}

/** The weights the client hands on to the next client: the head, and in U-shaped mode the top. */
export function clientParams(layout: SplitLayout): number {
	return layout.headParams + layout.topParams;
}
