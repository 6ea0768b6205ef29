/**
 * What the engine needs from a model: the contract between src/lib/sim (plain TypeScript) and
 * src/lib/ml (tfjs). Weights cross it as flat Float32Arrays.
 */
import type { Rng } from './rng';

/** A backdoor trigger: the features set to `value`, and the class the attacker wants for them. */
export interface Trigger {
	/** Indices into one sample's flat features (e.g. pixels r·28 + c). */
	readonly features: readonly number[];
	readonly value: number;
	readonly target: number;
}

export interface TrainJob {
	/** Indices into the training set: the client's local data. */
	readonly indices: Int32Array;
	readonly epochs: number;
	/**
	 * Exactly this many mini-batch steps instead of `epochs` (0 or absent: epochs). The batches
	 * follow the epoch sequence (reshuffled each pass), see local-work.ts.
	 */
	readonly steps?: number;
	/** Mini-batch size, or 'full' for one batch of all local data (FedSGD when epochs = 1). */
	readonly batchSize: number | 'full';
	readonly learningRate: number;
	/** Batch order is drawn from this stream. */
	readonly rng: Rng;
	/** FedProx-style proximal term ρ/2·‖w − w₀‖² added to the local loss (0 or absent: none). */
	readonly proximalRho?: number;
	/**
	 * SCAFFOLD's correction c − c_i (Karimireddy et al. 2020, arXiv:1910.06378), flat like the
	 * weights: every step descends along g + correction. Absent: none.
	 */
	readonly correction?: Float32Array;
	/** Maps a true label to the label trained on (data poisoning); absent: identity. */
	readonly labelMap?: (label: number) => number;
	/**
	 * Backdoor poisoning: a seeded share `fraction` of the local samples (drawn from `rng`) is
	 * stamped with the trigger and relabelled to its target; absent: clean training.
	 */
	readonly backdoor?: { readonly trigger: Trigger; readonly fraction: number };
}

export interface TrainResult {
	readonly weights: Float32Array;
	/** Mean training loss over all batches. */
	readonly loss: number;
	/**
	 * The loss curve: mean loss of each of up to `LOSS_CURVE_POINTS` equal stretches of the batches,
	 * in order (see `curveMarks`); optional.
	 */
	readonly losses?: readonly number[];
	/** Samples processed (indices × epochs, or the samples of the `steps` batches). */
	readonly samples: number;
}

export interface Evaluation {
	readonly accuracy: number;
	readonly loss: number;
}

/** One chunk of the test set's evaluation: correct predictions and the summed loss. */
export interface ChunkTotals {
	readonly correct: number;
	readonly lossSum: number;
}

/**
 * The evaluation from its chunks' totals, added in chunk order: the same additions, in the same
 * order, wherever the chunks were computed (so a pool that spreads them gives the same bits).
 */
export function combineChunks(totals: readonly ChunkTotals[], samples: number): Evaluation {
	let correct = 0;
	let lossSum = 0;
	for (const t of totals) {
		correct += t.correct;
		lossSum += t.lossSum;
	}
	return { accuracy: correct / samples, loss: lossSum / samples };
}

export interface Trainer {
	/** Number of float32 parameters of the model. */
	readonly params: number;
	/**
	 * How many `train` calls may run at once (a pool of worker threads). Absent or 1: one at a
	 * time, so the engine awaits each where it starts; more: the engine starts a client's training
	 * at its start event and collects it at its finish event (results do not depend on this).
	 */
	readonly parallel?: number;
	/** Fresh initial weights drawn from `rng` (Glorot-uniform kernels, zero biases). */
	initialWeights(rng: Rng): Float32Array;
	/** Local training from `weights`; returns new weights (the input is not changed). */
	train(weights: Float32Array, job: TrainJob): Promise<TrainResult>;
	/** Accuracy and loss on the held-out test set. */
	evaluate(weights: Float32Array): Promise<Evaluation>;
	/**
	 * The test set in chunks, for a pool to spread over its workers: how many samples and chunks,
	 * and the totals of chunks `chunks` (indices into 0..count−1). `evaluate` is
	 * `combineChunks` of every chunk's totals. Optional.
	 */
	readonly testChunks?: { readonly samples: number; readonly count: number };
	evaluateChunks?(weights: Float32Array, chunks: readonly number[]): Promise<ChunkTotals[]>;
	/**
	 * Accuracy and loss on chosen samples of the training or test split, labels mapped by `labelMap`
	 * (a client's own test split; IFCA's local loss of each cluster model). Optional.
	 */
	evaluateOn?(
		weights: Float32Array,
		split: 'train' | 'test',
		indices: Int32Array,
		labelMap?: (label: number) => number
	): Promise<Evaluation>;
	/**
	 * Attack success of a backdoor: the share of test samples of other classes than the target that,
	 * stamped with the trigger, are classified as the target. Optional (trainers without it: none).
	 */
	attackSuccess?(weights: Float32Array, trigger: Trigger): Promise<number>;
	/** Frees every tensor the trainer holds. */
	dispose(): void;
}
