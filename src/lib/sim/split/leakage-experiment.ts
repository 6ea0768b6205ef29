/**
 * The label-leakage experiment of the split-learning chapter and of `src/cli/split-report.ts
 * --leak` (Li, Sun, Wang, Zhang, Xie, Wang, Lin 2022, "Label Leakage and Protection in Two-party
 * Split Learning", arXiv:2102.08504): one MNIST digit against the rest, U-shaped split learning, the
 * norm and cosine attacks measured without and with the paper's max-norm protection. One object,
 * so the page and the CLI report the same experiment (the tfjs code is ml/label-leakage.ts).
 */
import type { ModelSpec } from '../core/schema';

/** No protection, or the paper's "max norm" noise on each example's cut-layer gradient. */
export type Protection = 'none' | 'maxNorm';

export interface LeakageExperiment {
	/** The positive class: this digit; every other is negative. */
	readonly digit: number;
	readonly model: ModelSpec;
	/** The U-shaped cut: the client holds layers [0, cutLayer) and the last `topLayers`. */
	readonly cutLayer: number;
	readonly topLayers: number;
	readonly epochs: number;
	readonly batchSize: number;
	readonly learningRate: number;
	readonly seed: number;
	/** Batches pooled into one point of the curve. */
	readonly window: number;
	/** Measured in this order, one result each. */
	readonly protections: readonly Protection[];
}

/** Digit 3 against the rest, MLP 784-128-64-2 cut after the 64-unit layer, two epochs. */
export const LEAKAGE_EXPERIMENT: LeakageExperiment = {
	digit: 3,
	model: { kind: 'mlp', hidden: [128, 64] },
	cutLayer: 2,
	topLayers: 1,
	epochs: 2,
	batchSize: 64,
	learningRate: 0.1,
	seed: 1,
	window: 25,
	protections: ['none', 'maxNorm']
};
