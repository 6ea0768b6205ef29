/**
 * FedBuff — Nguyen, Malik, Zhan, Yousefpour, Rabbat, Malek, Huba 2022, "Federated Learning with
 * Buffered Asynchronous Aggregation", arXiv:2106.06639.
 *
 * Like FedAsync, up to `concurrency` clients train at once and nobody waits; but the server does
 * not step on every update. Each client sends its delta Δ_k = y_k − x_τ (its trained model minus
 * the model it started from); the server adds s(t − τ)·Δ_k to a buffer, and once it holds K
 * updates it steps x ← x + η_g·(1/K)·Σ s(t − τ_k)·Δ_k and empties the buffer. Buffering smooths
 * the noise of single stale updates, and deltas (not models) let an update made from an old model
 * move the current one in the direction it learned. The paper's staleness scaling is
 * 1/√(1 + t − τ), the polynomial function with a = 0.5.
 */
import type { EngineContext } from '../core/context';
import type { Scenario } from '../core/schema';
import { createServerOptimizer, serverStep } from '../optimize';
import { runAsync } from './async-driver';
import type { Algorithm } from './types';

type FedBuffSpec = Extract<Scenario['algorithm'], { kind: 'fedbuff' }>;

/** The server's buffer: Σ s_k·Δ_k so far and who contributed. */
export class DeltaBuffer {
	readonly #sum: Float64Array;
	readonly #contributors: number[] = [];

	constructor(params: number) {
		this.#sum = new Float64Array(params);
	}

	get size(): number {
		return this.#contributors.length;
	}

	get contributors(): readonly number[] {
		return this.#contributors;
	}

	/** Adds weight·(model − base). */
	add(client: number, model: Float32Array, base: Float32Array, weight: number): void {
		const sum = this.#sum;
		if (model.length !== sum.length || base.length !== sum.length)
			throw new Error('DeltaBuffer: vectors differ in length');
		for (let i = 0; i < sum.length; i++)
			sum[i] = (sum[i] as number) + weight * ((model[i] as number) - (base[i] as number));
		this.#contributors.push(client);
	}

	/** x + η·(1/K)·Σ s_k·Δ_k as a new vector, K the number of buffered updates; empties the buffer. */
	apply(x: Float32Array, serverLearningRate: number): Float32Array {
		const sum = this.#sum;
		const scale = serverLearningRate / this.#contributors.length;
		const out = new Float32Array(x.length);
		for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) + scale * (sum[i] as number);
		sum.fill(0);
		this.#contributors.length = 0;
		return out;
	}
}

export function createFedBuff(scenario: Scenario): Algorithm {
	const spec = scenario.algorithm as FedBuffSpec;
	return {
		start(ctx: EngineContext) {
			const buffer = new DeltaBuffer(ctx.global.length);
			const server = createServerOptimizer(scenario.serverOptimizer);
			runAsync(ctx, spec, 1, {
				weight: (s) => s,
				receive(u) {
					buffer.add(u.client, u.result.weights, u.base, u.s);
					if (buffer.size < spec.bufferSize) return;
					const contributors = [...buffer.contributors];
					const before = ctx.global;
					ctx.global = serverStep(server, before, buffer.apply(before, spec.serverLearningRate));
					ctx.emit({ type: 'aggregated', round: u.round, contributors, rule: 'fedbuff' });
				}
			});
		}
	};
}
