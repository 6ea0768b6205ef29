/**
 * The typed messages between the split-learning chapter (`SplitLab`) and its worker's service,
 * which computes what the server of split learning sees and measures label leakage, off the main
 * thread and apart from the live cells' engines. Every answer carries the request's `id`;
 * `init`, `backend` and `error` are the host's (protocol.ts).
 */
import type { LeakageResult } from '../../ml/label-leakage';
import type { SmashedView } from '../../ml/split-view';
import type { ModelSpec } from '../../sim/core/schema';
import type { LeakageExperiment, Protection } from '../../sim/split/leakage-experiment';
import type { FromHost, ToHost } from './protocol';

export type SplitJob =
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
	/** The label-leakage experiment: one answer per protection, in order. */
	| { type: 'leakage'; id: number; request: LeakageExperiment };

export type SplitReply =
	| {
			type: 'serverSees';
			id: number;
			/** false: the initial weights; true: after the short training. */
			trained: boolean;
			/** Test accuracy of the weights shown. */
			accuracy: number;
			views: SmashedView[];
	  }
	| { type: 'leakage'; id: number; protection: Protection; result: LeakageResult };

export type ToSplitWorker = ToHost<SplitJob>;
export type FromSplitWorker = FromHost<SplitReply>;
