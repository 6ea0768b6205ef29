/**
 * The browser's trainer pool with real tfjs: the engine's `WebPoolTrainer` dispatching to 2 and 3
 * "workers", each a real `WorkerHost` running the real `TrainerService` (its own `TfTrainer` on
 * blobs), behind ports that structured-clone every message and deliver it after a random delay
 * (in order, like postMessage). Every event and the final weights equal training in the engine's
 * worker, byte for byte: FedBuff with stragglers (speculative, out-of-order jobs), FedAvg with
 * label-flipping clients (a label table crosses), SplitFed V1 (a whole turn on one worker).
 * In one Node process the workers share tfjs's backend; in the browser each has its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { createTrainer } from '../lib/ml/create-trainer';
import { makeBlobs } from '../lib/sim/core/dataset';
import type { SimEvent } from '../lib/sim/core/events';
import { createRng, type Rng } from '../lib/sim/core/rng';
import type { Trainer } from '../lib/sim/core/trainer';
import { Engine } from '../lib/sim/engine';
import { scenarioOrThrow, type Scenario, type ScenarioInput } from '../lib/sim/scenario';
import { WorkerHost, type HostDeps } from '../lib/hosts/worker/host';
import type { HostInit } from '../lib/hosts/worker/protocol';
import { TrainerPool, type TrainerPort } from '../lib/hosts/worker/trainer-pool';
import type { TrainerJob, TrainerReply } from '../lib/hosts/worker/trainer-protocol';
import { TrainerService } from '../lib/hosts/worker/trainer-service';
import { poolTrainer } from '../lib/hosts/worker/web-pool-trainer';

const INIT: HostInit = {
	type: 'init',
	mnistUrl: 'http://x/mnist.bin',
	wasmUrls: {},
	backend: 'wasm',
	preload: false
};
const deps: HostDeps = {
	chooseBackend: async () => ({ backend: 'wasm', timings: {} }),
	fetchMnist: async () => {
		throw new Error('no MNIST in this test');
	}
};
const blobs = makeBlobs(createRng(7));

beforeAll(async () => {
	await initNodeBackend('wasm');
});

/** A trainer worker in this process behind an in-order port with random delays. */
function worker(delays: Rng): TrainerPort {
	let closed = false;
	const chains = { in: Promise.resolve(), out: Promise.resolve() };
	const send = (way: 'in' | 'out', f: () => void) => {
		const ms = delays.int(3);
		chains[way] = chains[way]
			.then(() => new Promise((r) => setTimeout(r, ms)))
			.then(() => {
				if (!closed) f();
			});
	};
	const port: TrainerPort = {
		onmessage: null,
		onerror: null,
		postMessage(msg: unknown) {
			const copy = structuredClone(msg) as TrainerJob | HostInit;
			send('in', () => host.receive(copy));
		},
		terminate() {
			closed = true;
		}
	};
	const host = new WorkerHost<TrainerJob, TrainerReply>(
		(m) => {
			const copy = structuredClone(m);
			send('out', () => port.onmessage?.({ data: copy } as MessageEvent));
		},
		(h) => new TrainerService(h),
		deps
	);
	return port;
}

async function run(scenario: Scenario, trainer: Trainer) {
	const engine = new Engine(scenario, blobs, trainer);
	const events: SimEvent[] = [];
	engine.on((e) => events.push(e));
	try {
		await engine.run();
		return { events, weights: Buffer.from(engine.globalWeights.buffer) };
	} finally {
		trainer.dispose();
	}
}

const cases: [string, ScenarioInput, number[]][] = [
	[
		'FedBuff with stragglers',
		{
			seed: 11,
			rounds: 3,
			clients: 6,
			model: { kind: 'mlp', hidden: [16] },
			partition: { kind: 'dirichlet', alpha: 0.5 },
			algorithm: { kind: 'fedbuff', concurrency: 4, bufferSize: 2, localEpochs: 2, batchSize: 16 },
			devices: { stragglerFraction: 0.4, stragglerSlowdown: 6 }
		},
		[2, 3]
	],
	[
		'FedAvg with label-flipping clients',
		{
			seed: 12,
			rounds: 3,
			clients: 6,
			model: { kind: 'mlp', hidden: [16] },
			partition: { kind: 'iid' },
			algorithm: { kind: 'fedavg', clientFraction: 1, localEpochs: 1, batchSize: 16 },
			byzantine: { fraction: 0.34, attack: { kind: 'labelFlip' } }
		},
		[2]
	],
	[
		'SplitFed V1',
		{
			seed: 13,
			rounds: 3,
			clients: 4,
			model: { kind: 'mlp', hidden: [16, 8] },
			partition: { kind: 'iid' },
			algorithm: { kind: 'splitfed', version: 'v1', cutLayer: 1, localEpochs: 1, batchSize: 16 }
		},
		[2]
	]
];

describe('browser trainer pool, real tfjs', () => {
	it.each(cases)(
		'%s: the pool gives the run of the engine worker alone, byte for byte',
		async (_, input, counts) => {
			const s = scenarioOrThrow({ dataset: 'blobs', ...input });
			const one = await run(s, createTrainer(blobs, s));
			expect(one.events.filter((e) => e.type === 'evaluated')).toHaveLength(3);
			for (const n of counts) {
				const delays = createRng(100 + n);
				const pool = new TrainerPool(() => worker(delays), n, INIT, { scenario: s });
				const many = await run(s, poolTrainer(createTrainer(blobs, s), pool, blobs.numClasses));
				expect(many.events).toEqual(one.events);
				expect(many.weights.equals(one.weights)).toBe(true);
			}
		},
		120_000
	);
});
