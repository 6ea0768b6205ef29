/**
 * Backdoor (model replacement) — Bagdasaryan, Veit, Hua, Estrin, Shmatikov 2020, "How To Backdoor
 * Federated Learning", AISTATS, arXiv:1807.00459; the pixel-pattern trigger as in Gu, Dolan-Gavitt,
 * Garg 2017 (BadNets, arXiv:1708.06733); norm clipping as the defence studied by Sun, Kairouz,
 * Suresh, McMahan 2019 (arXiv:1911.07963).
 *
 * An attacker trains on its own digits, a share of which carry a trigger (a white 4 × 4 square in
 * the bottom-right corner, where MNIST digits never reach) and are relabelled to the target class,
 * and may boost its update (× boost; model replacement uses boost ≈ n/η). The model keeps its clean
 * accuracy but answers the target for any triggered digit. The attack success rate is the share of
 * triggered test digits of the other classes that the model classifies as the target.
 */
import type { Trigger } from '../../core/trainer';
import type { DatasetName } from '../../core/dataset';

/** Side of the square trigger, in pixels. */
export const TRIGGER_SIZE = 4;
/** Pixels left between the trigger and the image border. */
const MARGIN = 1;

/** The input shape of a dataset (the trigger needs an image). */
export function inputShapeOf(dataset: DatasetName): readonly number[] {
	return dataset === 'mnist' ? [28, 28, 1] : [2];
}

/** The trigger for an image of `shape` [h, w, 1] and target class `target`; null for non-images. */
export function backdoorTrigger(shape: readonly number[], target: number): Trigger | null {
	const [h, w] = shape;
	if (shape.length !== 3 || h === undefined || w === undefined) return null;
	const features: number[] = [];
	for (let r = h - MARGIN - TRIGGER_SIZE; r < h - MARGIN; r++)
		for (let c = w - MARGIN - TRIGGER_SIZE; c < w - MARGIN; c++) features.push(r * w + c);
	return { features, value: 1, target };
}

/** Writes the trigger into the sample starting at `offset` of `x`. */
export function stamp(x: Float32Array, offset: number, trigger: Trigger): void {
	for (const f of trigger.features) x[offset + f] = trigger.value;
}
