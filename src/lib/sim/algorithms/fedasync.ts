/**
 * FedAsync — Xie, Koyejo, Gupta 2019, "Asynchronous Federated Optimization", arXiv:1903.03934.
 *
 * The server never waits: up to `concurrency` clients train at once, each from the global model
 * x_τ it was sent, and whenever an update x_new arrives at global version t the server mixes it
 * in at once, x ← (1 − α_t)·x + α_t·x_new with α_t = α·s(t − τ), where s is a staleness function
 * (constant, polynomial or hinge) that trusts old updates less. Local training may add the
 * proximal term ρ/2·‖w − x_τ‖² (the paper's regularised variant) to keep clients near the model
 * they started from; `maxStaleness` drops updates that are too old outright. With one client at a
 * time, α = 1 and s = 1, it is plain sequential training, client after client.
 */
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { runAsync } from './async-driver';
import type { Algorithm } from './types';

type FedAsyncSpec = Extract<Scenario['algorithm'], { kind: 'fedasync' }>;

/** (1 − a)·x + a·y, coordinate by coordinate, into a new vector. */
export function mix(x: Float32Array, y: Float32Array, a: number): Float32Array {
	if (x.length !== y.length) throw new Error('mix: vectors differ in length');
	const out = new Float32Array(x.length);
	for (let i = 0; i < x.length; i++) out[i] = (1 - a) * (x[i] as number) + a * (y[i] as number);
	return out;
}

export function createFedAsync(scenario: Scenario): Algorithm {
	const spec = scenario.algorithm as FedAsyncSpec;
	return {
		start(ctx: EngineContext) {
			runAsync(ctx, spec, spec.evalEvery, {
				weight: (s) => spec.alpha * s,
				receive(u) {
					ctx.global = mix(ctx.global, u.result.weights, spec.alpha * u.s);
					ctx.emit({
						type: 'aggregated',
						round: u.round,
						contributors: [u.client],
						rule: 'fedasync'
					});
				}
			});
		}
	};
}
