/**
 * The browser's trainer pool, driven in-process: each "worker" is a real `WorkerHost` running the
 * real `TrainerService` on the fake trainer, behind a fake port that structured-clones every
 * message and delivers it after a seeded random delay, so jobs finish in a shuffled real-time
 * order. Whatever N, the engine's events and model must be exactly those of the serial trainer.
 */
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../sim/core/dataset';
import type { SimEvent } from '../../sim/core/events';
import { createRng, type Rng } from '../../sim/core/rng';
import type { Trainer } from '../../sim/core/trainer';
import { Engine } from '../../sim/engine';
import { scenarioOrThrow, type Scenario, type ScenarioInput } from '../../sim/scenario';
import { FakeTrainer } from '../../sim/testing/fake-trainer';
import { BLOBS_PARAMS } from '../../sim/testing/sim-harness';
import type { EngineJob, EngineReply, FromWorker } from './engine-protocol';
import { EngineService } from './engine-service';
import { WorkerHost, type HostDeps } from './host';
import type { HostInit } from './protocol';
import { SlotQueue } from './slot-queue';
import { TrainerPool, type TrainerPort } from './trainer-pool';
import type { TrainerJob, TrainerReply } from './trainer-protocol';
import { TrainerService } from './trainer-service';
import { poolTrainer } from './web-pool-trainer';

const INIT: HostInit = {
	type: 'init',
	mnistUrl: 'http://x/mnist.bin',
	wasmUrls: {},
	backend: 'wasm'
};
const deps: HostDeps = {
	chooseBackend: async (choice) => ({ backend: choice === 'auto' ? 'wasm' : choice, timings: {} }),
	fetchMnist: async () => {
		throw new Error('no network in this test');
	}
};
const blobs = makeBlobs(createRng(7));

interface FakeWorker extends TrainerPort {
	trained: number;
}

/** A trainer worker in this thread, reached through a port with shuffled delays. */
function fakeWorker(delays: Rng, make: () => Trainer = () => new FakeTrainer(BLOBS_PARAMS)) {
	let closed = false;
	// like postMessage: in order on each side, after a random delay (so workers finish shuffled)
	const chains = { in: Promise.resolve(), out: Promise.resolve() };
	const send = (way: 'in' | 'out', f: () => void) => {
		const ms = delays.int(4);
		chains[way] = chains[way]
			.then(() => new Promise((r) => setTimeout(r, ms)))
			.then(() => {
				if (!closed) f();
			});
	};
	const port: FakeWorker = {
		trained: 0,
		onmessage: null,
		onerror: null,
		postMessage(msg: unknown) {
			const copy = structuredClone(msg) as TrainerJob | HostInit;
			if (copy.type === 'train') port.trained++;
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
		(h) => new TrainerService(h, { createTrainer: make }),
		deps
	);
	return port;
}

async function run(scenario: Scenario, trainer: Trainer) {
	const engine = new Engine(scenario, blobs, trainer);
	const events: SimEvent[] = [];
	engine.on((e) => events.push(e));
	await engine.run();
	return { events, weights: Buffer.from(engine.globalWeights.buffer) };
}

const scenario = (input: ScenarioInput) =>
	scenarioOrThrow({
		dataset: 'blobs',
		model: { kind: 'mlp', hidden: [] },
		partition: { kind: 'iid' },
		devices: { stragglerFraction: 0.3, stragglerSlowdown: 5 },
		...input
	});

const cases: [string, Scenario][] = [
	[
		'FedAvg with stragglers and a deadline',
		scenario({
			seed: 3,
			rounds: 3,
			clients: 8,
			algorithm: { kind: 'fedavg', clientFraction: 0.75, deadline: 3 }
		})
	],
	[
		'FedAsync',
		scenario({ seed: 4, rounds: 3, clients: 8, algorithm: { kind: 'fedasync', concurrency: 4 } })
	],
	[
		'FedBuff',
		scenario({
			seed: 5,
			rounds: 3,
			clients: 8,
			algorithm: { kind: 'fedbuff', concurrency: 6, bufferSize: 3 }
		})
	]
];

describe('the browser trainer pool (in-process workers, shuffled delivery)', () => {
	it.each(cases)('%s: 1, 2 and 3 workers give the serial events and model', async (_, s) => {
		const serial = await run(s, new FakeTrainer(BLOBS_PARAMS));
		for (const n of [1, 2, 3]) {
			const delays = createRng(40 + n);
			const ports: FakeWorker[] = [];
			const pool = new TrainerPool(
				() => {
					const p = fakeWorker(delays);
					ports.push(p);
					return p;
				},
				n,
				INIT,
				{ scenario: s }
			);
			const trainer = poolTrainer(new FakeTrainer(BLOBS_PARAMS), pool, blobs.numClasses);
			expect(trainer.parallel).toBe(n);
			const pooled = await run(s, trainer);
			trainer.dispose();
			expect(pooled.events).toEqual(serial.events);
			expect(pooled.weights.equals(serial.weights)).toBe(true);
			// every worker trained some of the clients
			expect(ports.map((p) => p.trained > 0)).toEqual(Array(n).fill(true));
		}
	});

	it('fails the jobs of a worker that cannot load or set up, with the reason', async () => {
		const s = cases[0]![1];
		const broken = new TrainerPool(
			() => {
				const p = fakeWorker(createRng(1));
				setTimeout(() => p.onerror?.({ message: 'bad script' } as ErrorEvent), 0);
				return p;
			},
			1,
			INIT,
			{ scenario: s }
		);
		const job = { kind: 'train' as const, weights: new Float32Array(BLOBS_PARAMS), job: wire() };
		await expect(broken.run(job)).rejects.toThrow('bad script');
		const noSetup = new TrainerPool(
			() =>
				fakeWorker(createRng(2), () => {
					throw new Error('out of memory');
				}),
			2,
			INIT,
			{ scenario: s }
		);
		await expect(noSetup.run(job)).rejects.toThrow(
			'the trainer worker could not start: out of memory'
		);
		noSetup.dispose();
		broken.dispose();
	});
});

function wire() {
	return {
		indices: Int32Array.from([1, 2, 3]),
		epochs: 1,
		batchSize: 2,
		learningRate: 0.1,
		rng: createRng(3).state()
	};
}

describe('SlotQueue', () => {
	it('runs at most N pieces of work at once, in arrival order', async () => {
		const q = new SlotQueue(['a', 'b']);
		const log: string[] = [];
		let busy = 0;
		let most = 0;
		await Promise.all(
			[5, 1, 3, 1, 2].map((ms, i) =>
				q.use(async (slot) => {
					log.push(`${i}`);
					most = Math.max(most, ++busy);
					await new Promise((r) => setTimeout(r, ms));
					busy--;
					return slot;
				})
			)
		);
		expect(most).toBe(2);
		expect(log).toEqual(['0', '1', '2', '3', '4']);
		expect(q.free).toBe(2);
	});
});

describe('EngineService with trainer workers', () => {
	const s = cases[2]![1];

	async function serve(workers: number) {
		const out: FromWorker[] = [];
		let spawned = 0;
		const delays = createRng(9);
		const host = new WorkerHost<EngineJob, EngineReply>(
			(m) => out.push(m),
			(h) =>
				new EngineService(h, {
					createTrainer: () => new FakeTrainer(BLOBS_PARAMS),
					spawnTrainer: () => {
						spawned++;
						return fakeWorker(delays);
					}
				}),
			deps
		);
		host.receive(INIT);
		host.receive({ type: 'start', id: 1, scenario: s, autoplay: true, workers });
		const t0 = Date.now();
		while (!out.some((m) => m.type === 'state' && m.state === 'finished')) {
			if (Date.now() - t0 > 10_000) throw new Error(`timed out: ${JSON.stringify(out.at(-1))}`);
			await new Promise((r) => setTimeout(r, 2));
		}
		const events = out.flatMap((m) => (m.type === 'events' ? m.events : []));
		return { events, spawned, errors: out.filter((m) => m.type === 'error') };
	}

	it('trains a run on `workers` trainer workers with the events of one', async () => {
		const one = await serve(1);
		const two = await serve(2);
		expect(one.spawned).toBe(0);
		expect(two.spawned).toBe(2);
		expect(two.errors).toEqual([]);
		expect(two.events).toEqual(one.events);
		expect(one.events.filter((e) => e.type === 'evaluated')).toHaveLength(3);
	});
});
