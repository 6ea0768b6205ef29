/**
 * The chapter's 2-D drift figure runs `runToyDrift` (toy-drift.ts) live. This test runs the same
 * two-parameter problem through the real Engine — FedAvg's rounds, SCAFFOLD's control variates
 * and FedProx's proximal term as the engine implements them, with a trainer that takes exact
 * gradient steps on each client's quadratic — and checks that both give the same trajectory, so
 * the figure shows what the engine computes.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/dataset';
import { localSamples } from '../core/local-work';
import type { Evaluation, TrainJob, TrainResult, Trainer } from '../core/trainer';
import { Engine } from '../engine';
import { scenarioOrThrow } from '../scenario';
import {
	DRIFT_CLIENTS,
	DRIFT_START,
	runToyDrift,
	type ToyClient,
	type ToyMethod
} from './toy-drift';

const PER_CLIENT = 10;

/** Exact gradient steps on client k's f_k(w) = ½ (w − a_k)ᵀ A_k (w − a_k); k from its indices. */
class QuadraticTrainer implements Trainer {
	readonly params = 2;
	/** The global model at every evaluation (the engine evaluates once per round). */
	readonly evaluated: Float32Array[] = [];
	/** The client holding each training sample (set once the engine has partitioned the data). */
	readonly owner = new Map<number, number>();
	constructor(readonly clients: readonly ToyClient[]) {}

	initialWeights(): Float32Array {
		return Float32Array.from(DRIFT_START);
	}

	async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		const c = this.clients[this.owner.get(job.indices[0] ?? -1) ?? -1];
		if (!c) throw new Error('no such client');
		const { xx, xy, yy } = c.curvature;
		const [ax, ay] = c.optimum;
		const x0 = [weights[0] as number, weights[1] as number];
		let [u, v] = x0 as [number, number];
		const rho = job.proximalRho ?? 0;
		const corr = job.correction;
		const work = job.steps && job.steps > 0 ? job.steps : job.epochs;
		for (let k = 0; k < work; k++) {
			let gu = xx * (u - ax) + xy * (v - ay) + rho * (u - (x0[0] as number));
			let gv = xy * (u - ax) + yy * (v - ay) + rho * (v - (x0[1] as number));
			if (corr) [gu, gv] = [gu + (corr[0] as number), gv + (corr[1] as number)];
			[u, v] = [u - job.learningRate * gu, v - job.learningRate * gv];
		}
		return {
			weights: Float32Array.of(u, v),
			loss: 0,
			samples: localSamples(job.indices.length, job)
		};
	}

	async evaluate(weights: Float32Array): Promise<Evaluation> {
		this.evaluated.push(weights.slice());
		return { accuracy: 0, loss: 0 };
	}

	dispose(): void {}
}

/** Thirty samples: three clients of ten each (equal weights in the mean, as in the toy). */
const data: Dataset = {
	name: 'blobs',
	inputShape: [1],
	numClasses: 1,
	train: {
		n: 3 * PER_CLIENT,
		x: new Float32Array(3 * PER_CLIENT),
		y: new Uint8Array(3 * PER_CLIENT)
	},
	test: { n: 1, x: new Float32Array(1), y: new Uint8Array(1) }
};

async function engineRun(method: ToyMethod, E: number, lr: number, rounds: number, mu = 0) {
	const scenario = scenarioOrThrow({
		dataset: 'blobs',
		model: { kind: 'mlp', hidden: [] },
		partition: { kind: 'shards', shardsPerClient: 1 },
		clients: 3,
		rounds,
		algorithm: {
			kind: 'fedavg',
			clientFraction: 1,
			localSteps: E,
			batchSize: 'full',
			learningRate: lr,
			...(method === 'scaffold' && { scaffold: true }),
			...(method === 'fedprox' && { proximalMu: mu })
		}
	});
	const trainer = new QuadraticTrainer(DRIFT_CLIENTS);
	const engine = new Engine(scenario, data, trainer);
	for (const c of engine.clients) for (const i of c.indices) trainer.owner.set(i, c.id);
	await engine.run();
	return { trainer, engine };
}

describe('the toy drift problem through the Engine', () => {
	it.each([
		['fedavg', 5, 0],
		['fedprox', 10, 3],
		['scaffold', 5, 0]
	] as const)('%s with E = %i: the same global points as runToyDrift', async (method, E, mu) => {
		const lr = 0.1;
		const rounds = 30;
		const { trainer, engine } = await engineRun(method, E, lr, rounds, mu);
		expect(engine.clients.map((c) => c.indices.length)).toEqual([10, 10, 10]);
		const toy = runToyDrift(DRIFT_CLIENTS, {
			method,
			localSteps: E,
			lr,
			rounds,
			start: DRIFT_START,
			mu
		});
		expect(trainer.evaluated).toHaveLength(rounds);
		trainer.evaluated.forEach((w, r) => {
			const want = toy.global[r + 1] as readonly [number, number];
			expect(w[0], `round ${r + 1}, x`).toBeCloseTo(want[0], 4);
			expect(w[1], `round ${r + 1}, y`).toBeCloseTo(want[1], 4);
		});
	});
});
