/**
 * The server optimizers, by name (Reddi et al. 2021, arXiv:2003.00295): the UI, the URL codec and
 * the CLI read this one table. `serverStep` is the one place the synchronous and buffered
 * algorithms call when they replace the global model: the aggregator (mean, a robust rule) has
 * proposed a new model, and the optimizer turns the proposal's Δ into the actual step.
 */
import type { ServerOptimizerSpec } from '../core/schema';
import { createAdagrad } from './adagrad';
import { createAdam } from './adam';
import { createMomentum } from './momentum';
import { createSgd } from './sgd';
import type { ServerOptimizer, ServerOptimizerName, ServerOptimizerSpecOf } from './types';
import { createYogi } from './yogi';

export type { ServerOptimizer, ServerOptimizerName } from './types';

interface Entry<N extends ServerOptimizerName> {
	readonly label: string;
	readonly paper: string;
	readonly create: (spec: ServerOptimizerSpecOf<N>) => ServerOptimizer;
}

export const serverOptimizers = {
	sgd: {
		label: 'SGD (η_g = 1: plain FedAvg)',
		paper: 'Reddi et al. 2021, arXiv:2003.00295',
		create: createSgd
	},
	momentum: {
		label: 'Momentum (FedAvgM)',
		paper: 'Hsu, Qi, Brown 2019, arXiv:1909.06335',
		create: createMomentum
	},
	adam: { label: 'FedAdam', paper: 'Reddi et al. 2021, arXiv:2003.00295', create: createAdam },
	yogi: { label: 'FedYogi', paper: 'Reddi et al. 2021, arXiv:2003.00295', create: createYogi },
	adagrad: {
		label: 'FedAdagrad',
		paper: 'Reddi et al. 2021, arXiv:2003.00295',
		create: createAdagrad
	}
} satisfies { [N in ServerOptimizerName]: Entry<N> };

export const serverOptimizerNames = Object.keys(serverOptimizers) as ServerOptimizerName[];

/**
 * The optimizer of a run, or null when it is the identity (sgd with η_g = 1): then the proposal
 * is kept as it is, so FedAvg's numbers do not change by a bit.
 */
export function createServerOptimizer(spec: ServerOptimizerSpec): ServerOptimizer | null {
	if (spec.kind === 'sgd' && spec.learningRate === 1) return null;
	const entry = serverOptimizers[spec.kind] as Entry<typeof spec.kind>;
	return entry.create(spec);
}

/** The new global model: the optimizer's step from `before` along Δ = proposed − before. */
export function serverStep(
	optimizer: ServerOptimizer | null,
	before: Float32Array,
	proposed: Float32Array
): Float32Array {
	if (!optimizer) return proposed;
	const delta = new Float64Array(before.length);
	for (let i = 0; i < delta.length; i++) delta[i] = (proposed[i] as number) - (before[i] as number);
	return optimizer.step(before, delta);
}
