import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { DeltaBuffer } from './fedbuff';
import { AvailabilityTimeline, device, runFake } from '../testing/sim-harness';

describe('DeltaBuffer (by hand)', () => {
	it('steps x + η·(1/K)·Σ s_k·(y_k − x_τk) and empties itself', () => {
		const b = new DeltaBuffer(2);
		// client 0 from base [0, 0] to [2, 4], weight 1; client 1 from [1, 1] to [3, -1], weight 0.5
		b.add(0, Float32Array.of(2, 4), Float32Array.of(0, 0), 1);
		b.add(1, Float32Array.of(3, -1), Float32Array.of(1, 1), 0.5);
		expect(b.size).toBe(2);
		expect(b.contributors).toEqual([0, 1]);
		// Σ = [2, 4] + 0.5·[2, −2] = [3, 3]; x + 2·Σ/2 = [10, 10] + [3, 3]
		expect(Array.from(b.apply(Float32Array.of(10, 10), 2))).toEqual([13, 13]);
		expect(b.size).toBe(0);
		b.add(2, Float32Array.of(1, 1), Float32Array.of(0, 0), 1);
		expect(Array.from(b.apply(Float32Array.of(0, 0), 1))).toEqual([1, 1]);
		expect(() => b.add(3, Float32Array.of(1), Float32Array.of(0, 0), 1)).toThrow(/length/);
	});
});

/**
 * The devices of fedasync.test.ts (client 0: 1 s, client 1: 2.4 s, client 2: 5.5 s, client 3
 * offline), K = 2, three at a time. Versions now tick once per buffer flush, so by hand:
 *
 *   t     client  τ  version  staleness  buffer
 *   1     0       0  0        0          1
 *   2     0       0  0        0          2 → flush, version 1
 *   2.4   1       0  1        1          1
 *   3     0       1  1        0          2 → flush, version 2
 *   4     0       2  2        0          1
 *   4.8   1       1  2        1          2 → flush, version 3
 *   5     0       2  3        1          1
 *   5.5   2       0  3        3          2 → flush, version 4
 */
describe('FedBuff on a hand-built device set', () => {
	const devices = [device(1), device(2.4), device(5.5), device(1)];
	const availability = () => [
		AvailabilityTimeline.always(),
		AvailabilityTimeline.always(),
		AvailabilityTimeline.always(),
		AvailabilityTimeline.fixed(false, [])
	];
	const scenario = {
		clients: 4,
		rounds: 4,
		algorithm: {
			kind: 'fedbuff' as const,
			concurrency: 3,
			bufferSize: 2,
			serverLearningRate: 0.7,
			learningRate: 0.5,
			staleness: { kind: 'polynomial' as const, a: 0.5 }
		}
	};

	it('buffers K updates, weights them by 1/√(1 + staleness) and steps once per K', async () => {
		const run = await runFake(scenario, devices, availability());
		expect(run.of('updateReceived').map((e) => [e.client, e.staleness])).toEqual([
			[0, 0],
			[0, 0],
			[1, 1],
			[0, 0],
			[0, 0],
			[1, 1],
			[0, 1],
			[2, 3]
		]);
		run
			.of('updateReceived')
			.forEach((e) => expect(e.weight).toBeCloseTo(1 / Math.sqrt(1 + e.staleness), 12));
		const agg = run.of('aggregated');
		expect(agg.map((a) => a.contributors)).toEqual([
			[0, 0],
			[1, 0],
			[0, 1],
			[0, 2]
		]);
		expect(agg.map((a) => Math.round(a.t * 10) / 10)).toEqual([2, 3, 4.8, 5.5]);
		expect(agg.every((a) => a.rule === 'fedbuff')).toBe(true);
		expect(run.of('evaluated').map((e) => e.round)).toEqual([1, 2, 3, 4]);
	});

	it('applies client deltas to the current model, as a hand replay does', async () => {
		const run = await runFake(scenario, devices, availability());
		let x = run.trainer.initialWeights(createRng(42).fork('init'));
		const history = [x];
		const tauOf = new Map<number, number[]>();
		let buffer = new DeltaBuffer(x.length);
		for (const e of run.events) {
			if (e.type === 'message' && e.kind === 'model' && typeof e.to === 'number')
				(tauOf.get(e.to) ?? tauOf.set(e.to, []).get(e.to))?.push(history.length - 1);
			if (e.type === 'updateReceived') {
				const base = history[tauOf.get(e.client)?.shift() as number] as Float32Array;
				const c = ((run.engine.clients[e.client]?.indices[0] ?? 0) % 97) / 97;
				buffer.add(
					e.client,
					base.map((w) => w + 0.5 * (c - w)),
					base,
					e.weight
				);
				if (buffer.size === 2) {
					x = buffer.apply(x, 0.7);
					history.push(x);
					buffer = new DeltaBuffer(x.length);
				}
			}
		}
		expect(history).toHaveLength(5);
		expect(Array.from(run.engine.globalWeights)).toEqual(Array.from(x));
		// a delta from an old model still moves the current one: not a copy of any client model
		expect(Array.from(x)).not.toEqual(Array.from(history[3] as Float32Array));
	});
});
