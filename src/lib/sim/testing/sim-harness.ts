/**
 * A tiny harness for pure-simulation tests of the algorithms: the blobs data, a `FakeTrainer`,
 * hand-built devices and availability, and the whole event stream of a run.
 */
import { AvailabilityTimeline } from '../availability';
import { makeBlobs } from '../core/dataset';
import type { DeviceProfile } from '../devices';
import { Engine } from '../engine';
import type { EventOf, SimEvent, SimEventType } from '../core/events';
import { FakeTrainer } from './fake-trainer';
import { createRng } from '../core/rng';
import { scenarioOrThrow, type ScenarioInput } from '../scenario';

/** Blobs with a linear model (2 inputs × 4 classes + 4 biases). */
export const BLOBS_PARAMS = 12;
const blobs = makeBlobs(createRng(7));

/** A device that trains `samples` samples in `seconds`, with near-instant links. */
export function device(seconds: number, samples = 500, straggler = false): DeviceProfile {
	return {
		computeSpeed: samples / seconds,
		downlinkMbps: 10_000,
		uplinkMbps: 10_000,
		latencyMs: 0,
		straggler
	};
}

export interface FakeRun {
	engine: Engine;
	trainer: FakeTrainer;
	events: SimEvent[];
	/** The events of one type, in order. */
	of<T extends SimEventType>(type: T): EventOf<T>[];
}

/** Runs a blobs scenario (IID, linear model) to the end on the fake trainer. */
export async function runFake(
	input: ScenarioInput,
	devices?: readonly DeviceProfile[],
	availability?: readonly AvailabilityTimeline[]
): Promise<FakeRun> {
	const scenario = scenarioOrThrow({
		dataset: 'blobs',
		model: { kind: 'mlp', hidden: [] },
		partition: { kind: 'iid' },
		...input
	});
	const trainer = new FakeTrainer(BLOBS_PARAMS);
	const engine = new Engine(scenario, blobs, trainer, { devices, availability });
	const events: SimEvent[] = [];
	engine.on((e) => events.push(e));
	await engine.run();
	return {
		engine,
		trainer,
		events,
		of: <T extends SimEventType>(type: T) => events.filter((e): e is EventOf<T> => e.type === type)
	};
}

export { AvailabilityTimeline };
