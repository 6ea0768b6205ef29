import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../sim/core/dataset';
import { scenarioOrThrow } from '../../sim/scenario';
import { FakeTrainer } from '../../sim/testing/fake-trainer';
import { BLOBS_PARAMS } from '../../sim/testing/sim-harness';
import type { EngineJob, EngineReply, FromWorker } from './engine-protocol';
import { EngineService } from './engine-service';
import { WorkerHost, type HostDeps, type WorkerService } from './host';
import type { FromHost, HostInit, JobMessage } from './protocol';

const INIT: HostInit = {
	type: 'init',
	mnistUrl: 'http://x/mnist.bin',
	wasmUrls: {},
	backend: 'auto'
};

/** Stubs for the backend measurement and the MNIST download. */
function stubs(over: Partial<HostDeps> = {}): HostDeps & { fetches: number } {
	const deps = {
		fetches: 0,
		chooseBackend: async () => ({ backend: 'wasm' as const, timings: { wasm: 1.5 } }),
		fetchMnist: async (): Promise<Dataset> => {
			deps.fetches++;
			throw new Error('no network in this test');
		},
		...over
	};
	return deps;
}

/** Resolves once `pred` holds (polling the event loop), or fails after `ms`. */
async function until(pred: () => boolean, ms = 5000): Promise<void> {
	const t0 = Date.now();
	while (!pred()) {
		if (Date.now() - t0 > ms) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 2));
	}
}

type Echo = { type: 'echo'; id: number; ms: number; fail?: boolean };

/** A service that logs when each job starts and ends. */
function echoHost() {
	const out: FromHost<JobMessage>[] = [];
	const log: string[] = [];
	const host = new WorkerHost<Echo, JobMessage>(
		(m) => out.push(m),
		(h): WorkerService<Echo> => ({
			handle: (job) =>
				h.enqueue(job.id, async () => {
					log.push(`start ${job.id}`);
					await new Promise((r) => setTimeout(r, job.ms));
					if (job.fail) throw new Error(`job ${job.id} failed`);
					log.push(`end ${job.id}`);
					h.post({ type: 'done', id: job.id });
				})
		}),
		stubs()
	);
	return { host, out, log };
}

describe('WorkerHost', () => {
	it('reports the backend it picked after init', async () => {
		const { host, out } = echoHost();
		host.receive(INIT);
		await expect(host.ready).resolves.toBe('wasm');
		expect(out).toEqual([{ type: 'backend', backend: 'wasm', timings: { wasm: 1.5 } }]);
	});

	it('runs jobs one at a time in arrival order, and goes on after a failure', async () => {
		const { host, out, log } = echoHost();
		host.receive(INIT);
		host.receive({ type: 'echo', id: 1, ms: 20 });
		host.receive({ type: 'echo', id: 2, ms: 1, fail: true });
		host.receive({ type: 'echo', id: 3, ms: 1 });
		await until(() => out.some((m) => m.type === 'done' && m.id === 3));
		// job 2 starts only after job 1 has ended, although it is quicker
		expect(log).toEqual(['start 1', 'end 1', 'start 2', 'start 3', 'end 3']);
		expect(out.filter((m) => m.type !== 'backend')).toEqual([
			{ type: 'done', id: 1 },
			{ type: 'error', id: 2, message: 'job 2 failed' },
			{ type: 'done', id: 3 }
		]);
	});

	it('loads a dataset once, and tries a failed download again', async () => {
		const deps = stubs();
		const host = new WorkerHost<Echo, JobMessage>(
			() => {},
			() => ({ handle: () => {} }),
			deps
		);
		host.receive(INIT); // starts the MNIST download at once
		expect(deps.fetches).toBe(1);
		await expect(host.dataset('mnist')).rejects.toThrow('no network');
		await expect(host.dataset('mnist')).rejects.toThrow('no network');
		expect(deps.fetches).toBe(2);
		expect(await host.dataset('blobs')).toBe(await host.dataset('blobs'));
	});

	it('says so when a job needs the backend before init', async () => {
		const { host } = echoHost();
		await expect(host.ready).rejects.toThrow('the worker was not initialised');
	});
});

describe('EngineService on the worker host (fake trainer)', () => {
	const scenario = scenarioOrThrow({
		seed: 3,
		dataset: 'blobs',
		rounds: 3,
		clients: 4,
		model: { kind: 'mlp', hidden: [] }
	});

	function engineHost() {
		const out: FromWorker[] = [];
		let trainers = 0;
		const host = new WorkerHost<EngineJob, EngineReply>(
			(m) => out.push(m),
			(h) =>
				new EngineService(h, {
					createTrainer: () => {
						trainers++;
						return new FakeTrainer(BLOBS_PARAMS);
					}
				}),
			stubs()
		);
		host.receive(INIT);
		return { host, out, trainers: () => trainers };
	}
	const states = (out: FromWorker[], id: number) =>
		out.flatMap((m) => (m.type === 'state' && m.id === id ? [m.state] : []));
	const events = (out: FromWorker[], id: number) =>
		out.flatMap((m) => (m.type === 'events' && m.id === id ? m.events : []));

	it('builds a run, plays it to the end and posts its events in order', async () => {
		const { host, out } = engineHost();
		host.receive({ type: 'start', id: 1, scenario, autoplay: true });
		await until(() => states(out, 1).includes('finished'));
		expect(states(out, 1)).toEqual(['building', 'ready', 'running', 'finished']);
		const ev = events(out, 1);
		expect(ev[0]?.type).toBe('setup');
		expect(ev.at(-1)?.type).toBe('finished');
		expect(ev.filter((e) => e.type === 'evaluated')).toHaveLength(3);
		// every event arrives before the state that follows it
		const lastEvents = out.findLastIndex((m) => m.type === 'events');
		const finished = out.findIndex((m) => m.type === 'state' && m.state === 'finished');
		expect(lastEvents).toBeLessThan(finished);
		expect(out.filter((m) => m.type === 'roundTime')).toHaveLength(3);
	});

	it('steps one round at a time, and a newer start replaces the run but reuses the trainer', async () => {
		const { host, out, trainers } = engineHost();
		host.receive({ type: 'start', id: 1, scenario, autoplay: false });
		host.receive({ type: 'step', id: 1 });
		await until(() => states(out, 1).includes('paused'));
		expect(states(out, 1)).toEqual(['building', 'ready', 'stepping', 'paused']);
		expect(events(out, 1).filter((e) => e.type === 'evaluated')).toHaveLength(1);
		host.receive({ type: 'step', id: 1 });
		host.receive({ type: 'start', id: 2, scenario: { ...scenario, seed: 4 }, autoplay: true });
		host.receive({ type: 'play', id: 1 }); // a stale command: ignored
		await until(() => states(out, 2).includes('finished'));
		expect(events(out, 2).filter((e) => e.type === 'evaluated')).toHaveLength(3);
		expect(states(out, 1)).not.toContain('running');
		expect(trainers()).toBe(1);
	});

	it('reports a failed build with the run id and does not stop the next run', async () => {
		const { host, out } = engineHost();
		host.receive({
			type: 'start',
			id: 1,
			scenario: { ...scenario, dataset: 'mnist' },
			autoplay: true
		});
		host.receive({ type: 'start', id: 2, scenario, autoplay: true });
		await until(() => states(out, 2).includes('finished'));
		// the newer start overtook the first before it was built: nothing to report for run 1
		expect(out.filter((m) => m.type === 'error')).toEqual([]);
		host.receive({
			type: 'start',
			id: 3,
			scenario: { ...scenario, dataset: 'mnist' },
			autoplay: true
		});
		await until(() => out.some((m) => m.type === 'error'));
		expect(out.find((m) => m.type === 'error')).toEqual({
			type: 'error',
			id: 3,
			message: 'no network in this test'
		});
	});
});
