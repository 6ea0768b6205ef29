import { describe, expect, it } from 'vitest';
import type { SimEvent } from '$lib/sim/core/events';
import { device, runFake } from '$lib/sim/testing/sim-harness';
import { EventIndex } from './event-index';

/** The stream as the page receives it: a new, longer array per batch of `sizes` events. */
function batches(events: readonly SimEvent[], sizes: readonly number[]): SimEvent[][] {
	const out: SimEvent[][] = [];
	let n = 0;
	for (let i = 0; n < events.length; i++) {
		n = Math.min(events.length, n + (sizes[i % sizes.length] as number));
		out.push(events.slice(0, n));
	}
	return out;
}

describe('EventIndex (one index, both views)', async () => {
	// FedAsync with a straggler and a deadline-free buffer: messages, training, staleness
	const run = await runFake(
		{ clients: 5, rounds: 6, algorithm: { kind: 'fedasync', concurrency: 3, evalEvery: 2 } },
		[device(1), device(1.5), device(2), device(1), device(8, 500, true)]
	);
	const whole = new EventIndex();
	whole.sync(run.events);
	const end = run.events.at(-1)?.t ?? 0;
	const times = [0, end / 7, end / 3, end / 2, end * 0.9, end];

	it('read batch by batch, the graph and the timelines equal those read at once', () => {
		const inc = new EventIndex();
		let changes = 0;
		for (const b of batches(run.events, [1, 7, 3, 40])) if (inc.sync(b)) changes++;
		expect(inc.size).toBe(run.events.length);
		expect(changes).toBe(batches(run.events, [1, 7, 3, 40]).length);
		for (const t of times) expect(inc.graph.at(t)).toEqual(whole.graph.at(t));
		expect(inc.timelines.rows).toEqual(whole.timelines.rows);
		expect(inc.timelines.latest).toBe(whole.timelines.latest);
	});

	it('starts both views over on a new run, and on an empty stream', () => {
		const idx = new EventIndex();
		idx.sync(run.events);
		const first = run.events.slice(0, 3);
		expect(idx.sync(first.map((e) => ({ ...e, t: e.t + 1 })))).toBe(true); // another run
		expect(idx.size).toBe(3);
		expect(idx.timelines.rows.every((r) => r.segments.length <= 1)).toBe(true);
		expect(idx.sync([])).toBe(true);
		expect(idx.graph.setup).toBeNull();
		expect(idx.timelines.rows).toEqual([]);
		expect(idx.sync([])).toBe(false);
	});
});
