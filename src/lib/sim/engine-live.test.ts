/**
 * `Engine.runLive`: real time, a trainer whose clients answer later (as the classroom's students
 * do). Trainings overlap, everything else runs one action at a time, the deadline is real.
 */
import { describe, expect, it } from 'vitest';
import { AvailabilityTimeline } from './availability';
import { makeBlobs } from './core/dataset';
import type { EventOf, SimEvent } from './core/events';
import { createRng } from './core/rng';
import type { TrainJob, TrainResult } from './core/trainer';
import { WallClock } from './core/wall-clock';
import { Engine } from './engine';
import { scenarioOrThrow } from './scenario';
import { BLOBS_PARAMS, device } from './testing/sim-harness';
import { FakeTrainer } from './testing/fake-trainer';

const blobs = makeBlobs(createRng(7));

/** A FakeTrainer whose answer comes `delayMs(job)` of real time later (Infinity: never). */
class SlowTrainer extends FakeTrainer {
	active = 0;
	maxActive = 0;
	constructor(
		readonly clock: WallClock,
		readonly delayMs: (job: TrainJob) => number
	) {
		super(BLOBS_PARAMS);
	}
	override async train(weights: Float32Array, job: TrainJob): Promise<TrainResult> {
		this.clock.release();
		this.active++;
		this.maxActive = Math.max(this.maxActive, this.active);
		const ms = this.delayMs(job);
		if (ms === Infinity) return new Promise<TrainResult>(() => {});
		await new Promise((r) => setTimeout(r, ms));
		this.active--;
		return super.train(weights, job);
	}
}

function live(deadline: number, delayMs: (job: TrainJob) => number) {
	const scenario = scenarioOrThrow({
		dataset: 'blobs',
		model: { kind: 'mlp', hidden: [] },
		clients: 4,
		rounds: 2,
		algorithm: { kind: 'fedavg', clientFraction: 1, deadline }
	});
	const clock = new WallClock();
	const trainer = new SlowTrainer(clock, delayMs);
	const fast = { ...device(1e-9), latencyMs: 0 };
	const engine = new Engine(scenario, blobs, trainer, {
		clock,
		devices: Array.from({ length: 4 }, () => fast),
		availability: Array.from({ length: 4 }, () => AvailabilityTimeline.always())
	});
	const events: SimEvent[] = [];
	engine.on((e) => events.push(e));
	const of = <T extends SimEvent['type']>(type: T) =>
		events.filter((e): e is EventOf<T> => e.type === type);
	return { engine, trainer, of };
}

describe('Engine.runLive', () => {
	it('trains the clients of a round at the same time, in real time', async () => {
		const { engine, trainer, of } = live(0, () => 60);
		const t0 = performance.now();
		await engine.runLive();
		const ms = performance.now() - t0;
		expect(of('evaluated').map((e) => e.round)).toEqual([1, 2]);
		expect(of('aggregated').map((e) => e.contributors)).toEqual([
			[0, 1, 2, 3],
			[0, 1, 2, 3]
		]);
		expect(trainer.maxActive).toBe(4); // concurrent, not one after another
		expect(ms).toBeGreaterThanOrEqual(110); // two rounds of 60 ms
		expect(ms).toBeLessThan(60 * 8); // four clients × two rounds in series would take 480 ms
		expect(of('finished')).toHaveLength(1);
		expect(of('evaluated')[1]?.t).toBeGreaterThan(0.1); // real seconds
	});

	it('a real deadline closes the round without the client that never answers', async () => {
		let first: Int32Array | null = null;
		const { engine, of } = live(0.15, (job) => {
			first ??= job.indices; // the first client asked never answers
			return job.indices === first ? Infinity : 20;
		});
		await engine.runLive();
		const agg = of('aggregated');
		expect(agg).toHaveLength(2);
		expect(agg[0]?.contributors).toEqual([1, 2, 3]);
		expect(agg[1]?.contributors).toEqual([1, 2, 3]); // still busy with round 1: not asked again
		expect(of('roundStarted')[1]?.selected).toEqual([1, 2, 3]);
		expect(of('evaluated')[0]?.t).toBeGreaterThanOrEqual(0.15);
	});

	it('pause stops it; runLive again resumes', async () => {
		const { engine, of } = live(0, () => 30);
		const run = engine.runLive();
		engine.on((e) => {
			if (e.type === 'evaluated' && e.round === 1) engine.pause();
		});
		await run;
		expect(of('evaluated')).toHaveLength(1);
		expect(engine.done).toBe(false);
		await engine.runLive();
		expect(of('evaluated')).toHaveLength(2);
		expect(engine.done).toBe(true);
	});

	it('refuses to run live on the simulated clock', async () => {
		const scenario = scenarioOrThrow({ dataset: 'blobs', model: { kind: 'mlp', hidden: [] } });
		const engine = new Engine(scenario, blobs, new FakeTrainer(BLOBS_PARAMS));
		await expect(engine.runLive()).rejects.toThrow(/WallClock/);
	});
});
