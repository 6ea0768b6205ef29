/**
 * The typed messages between the split-learning chapter and its own worker (split.worker.ts),
 * which computes what the server of split learning sees and measures label leakage, off the main
 * thread and apart from the live cells' engines. Every answer carries the request's `id`.
 */
import type { LeakageResult, Protection } from '../../ml/label-leakage';
import type { SmashedView } from '../../ml/split-view';
import type { ModelSpec } from '../../sim/scenario';
import type { BackendName, WasmUrls } from './engine-protocol';

/** The label-leakage experiment (Li et al. 2022): one digit against the rest, U-shaped. */
export interface LeakageRequest {
	readonly digit: number;
	readonly model: ModelSpec;
	readonly cutLayer: number;
	readonly topLayers: number;
	readonly epochs: number;
	readonly batchSize: number;
	readonly learningRate: number;
	readonly seed: number;
	/** Batches pooled into one point of the curve. */
	readonly window: number;
	/** Measured in this order, one answer each. */
	readonly protections: readonly Protection[];
}

export type ToSplitWorker =
	| {
			type: 'init';
			mnistUrl: string;
			wasmUrls: WasmUrls;
			/** The backend the live cells measured (absent: wasm). */
			backend?: BackendName;
	  }
	/**
	 * The smashed data of the first `samples` training examples with distinct labels at every cut
	 * of `model`: first under the initial weights, then (if `trainSamples` > 0) after one epoch on
	 * that many samples.
	 */
	| {
			type: 'serverSees';
			id: number;
			model: ModelSpec;
			samples: number;
			trainSamples: number;
			seed: number;
	  }
	| { type: 'leakage'; id: number; request: LeakageRequest };

export type FromSplitWorker =
	| { type: 'ready'; backend: string }
	| {
			type: 'serverSees';
			id: number;
			/** false: the initial weights; true: after the short training. */
			trained: boolean;
			/** Test accuracy of the weights shown. */
			accuracy: number;
			views: SmashedView[];
	  }
	| { type: 'leakage'; id: number; protection: Protection; result: LeakageResult }
	| { type: 'error'; id?: number; message: string };
