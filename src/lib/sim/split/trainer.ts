/**
 * What the split-learning algorithms need from a trainer, on top of the plain `Trainer`: the
 * layout of the cut and training on the parts, with the real per-batch protocol (smashed data up,
 * cut-layer gradient down) run inside. `src/lib/ml/split-trainer.ts` implements it on tfjs.
 */
import type { SplitLayout, SplitWeights } from './layout';
import type { ActivationSample } from '../core/events';
import type { TrainJob, Trainer } from '../core/trainer';

export interface SplitTrainResult {
	readonly weights: SplitWeights;
	/** Mean training loss over all batches. */
	readonly loss: number;
	/** The loss curve (see `TrainResult.losses`); optional. */
	readonly losses?: readonly number[];
	/** Samples processed (indices × epochs). */
	readonly samples: number;
	/** Size of every mini-batch, in the order they ran (the per-batch exchanges of the protocol). */
	readonly batchSizes: readonly number[];
	/** The first mini-batch's first sample of smashed data, shrunk (see activation-sample.ts). */
	readonly activations?: ActivationSample;
	/**
	 * U-shaped only: the same sample's activations that the server sends down to the client's top
	 * layers (the server part's output), shrunk the same way.
	 */
	readonly topActivations?: ActivationSample;
}

export interface SplitTrainer extends Trainer {
	readonly layout: SplitLayout;
	/**
	 * Local training of one client with the server: for every mini-batch the head computes the
	 * smashed data, the server finishes the forward pass (vanilla: with the loss; U-shaped: the
	 * client's top computes the loss), gradients flow back through the cut, and both sides take an
	 * SGD step. Returns new parts; the inputs are not changed.
	 */
	trainSplit(parts: SplitWeights, job: TrainJob): Promise<SplitTrainResult>;
}

/** True when `t` can train a model cut in parts. */
export function isSplitTrainer(t: Trainer): t is SplitTrainer {
	return 'layout' in t && 'trainSplit' in t && typeof t.trainSplit === 'function';
}

/** `ctx.trainer` as a split trainer, or an error that names the fix. */
export function requireSplitTrainer(t: Trainer): SplitTrainer {
	if (!isSplitTrainer(t))
		throw new Error(
			'split learning needs a SplitTrainer (createTrainer builds one for split kinds)'
		);
	return t;
}
