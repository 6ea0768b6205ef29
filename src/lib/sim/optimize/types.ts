/**
 * The server optimizer's contract (Reddi et al. 2021, "Adaptive Federated Optimization",
 * arXiv:2003.00295, Algorithm 1): the server treats the round's aggregated update
 * Δ_t = aggregate(x_k − x_t) as a pseudo-gradient and takes one optimizer step with it.
 */
import type { ServerOptimizerSpec } from '../core/schema';

export type ServerOptimizerName = ServerOptimizerSpec['kind'];
export type ServerOptimizerSpecOf<N extends ServerOptimizerName> = Extract<
	ServerOptimizerSpec,
	{ kind: N }
>;

/** One server optimizer with its state (momentum, second moments) across rounds. */
export interface ServerOptimizer {
	/** x_{t+1} from x_t and the pseudo-gradient Δ_t (a descent direction: x + Δ is plain FedAvg). */
	step(x: Float32Array, delta: Float64Array): Float32Array;
}
