import { describe, expect, it } from 'vitest';
import { AvailabilityTimeline, device, runFake } from '$lib/sim/testing/sim-harness';
import type { ClientInfo, SimEvent } from '$lib/sim/core/events';
import {
	ClientTimelines,
	breakdown,
	formatTick,
	labelEvery,
	rowHeight,
	timeDomain,
	timeTicks,
	wastedAt,
	type ClientRow,
	type Segment
} from './timeline';
import { EventIndex } from './event-index';

const info = (id: number, straggler = false): ClientInfo => ({
	id,
	samples: 100,
	labelHistogram: [50, 50],
	computeSpeed: 100,
	straggler
});

const setup = (n: number, stragglers: number[] = []): SimEvent => ({
	type: 'setup',
	t: 0,
	clients: Array.from({ length: n }, (_, i) => info(i, stragglers.includes(i))),
	params: 10,
	modelBytes: 40,
	numClasses: 2
});

const msg = (
	t: number,
	arrives: number,
	from: 'server' | number,
	to: 'server' | number,
	lost = false
): SimEvent => ({
	type: 'message',
	t,
	round: 1,
	kind: from === 'server' ? 'model' : 'update',
	from,
	to,
	bytes: 40,
	arrives,
	...(lost ? { lost } : {})
});

const train = (t: number, client: number, duration: number): SimEvent => ({
	type: 'trainingStarted',
	t,
	round: 1,
	client,
	samples: 100,
	duration
});

const drop = (t: number, client: number, reason = 'gone'): SimEvent => ({
	type: 'updateDropped',
	t,
	round: 1,
	client,
	reason
});

const avail = (t: number, client: number, online: boolean): SimEvent => ({
	type: 'availability',
	t,
	client,
	online
});

/** A hand-built round: client 0 is quick, client 1 goes offline mid-training, client 2 (a
 * straggler) finishes after the deadline and its update is dropped. */
const round: SimEvent[] = [
	setup(3, [2]),
	{ type: 'roundStarted', t: 0, round: 1, selected: [0, 1, 2] },
	msg(0, 0.5, 'server', 0),
	msg(0, 0.5, 'server', 1),
	msg(0, 0.5, 'server', 2),
	train(0.5, 0, 2),
	train(0.5, 1, 4),
	train(0.5, 2, 10),
	avail(2, 1, false),
	drop(2, 1, 'the client went offline while training: its work is lost'),
	{ type: 'trainingFinished', t: 2.5, round: 1, client: 0, samples: 100, loss: 0.5 },
	msg(2.5, 3, 0, 'server'),
	avail(5, 1, true),
	{ type: 'trainingFinished', t: 10.5, round: 1, client: 2, samples: 100, loss: 0.5 },
	msg(10.5, 11, 2, 'server'),
	drop(11, 2, 'it arrived after the round deadline')
];

const shape = (segs: readonly Segment[]) =>
	segs.map((s) => [s.kind, s.start, s.end, s.fate ?? null, s.fateAt ?? null]);

function timelines(events: readonly SimEvent[]): ClientTimelines {
	const index = new EventIndex();
	index.sync(events);
	return index.timelines;
}

describe('ClientTimelines (hand-built events)', () => {
	const tl = timelines(round);
	const [c0, c1, c2] = tl.rows as [ClientRow, ClientRow, ClientRow];

	it('makes one row per client and marks the stragglers', () => {
		expect(tl.rows.map((r) => [r.id, r.straggler])).toEqual([
			[0, false],
			[1, false],
			[2, true]
		]);
		expect(tl.barriers).toEqual([0]);
		expect(tl.latest).toBe(11);
	});

	it('a client that finishes: download, compute, upload, nothing wasted', () => {
		expect(shape(c0.segments)).toEqual([
			['download', 0, 0.5, null, null],
			['compute', 0.5, 2.5, null, null],
			['upload', 2.5, 3, null, null]
		]);
	});

	it('a client that goes offline mid-training: its training is cut there, then offline', () => {
		expect(shape(c1.segments)).toEqual([
			['download', 0, 0.5, null, null],
			['compute', 0.5, 2, 'cut', 2],
			['offline', 2, 5, null, null]
		]);
	});

	it('a late update dropped by the server wastes its training and its upload', () => {
		expect(shape(c2.segments)).toEqual([
			['download', 0, 0.5, null, null],
			['compute', 0.5, 10.5, 'dropped', 11],
			['upload', 10.5, 11, 'dropped', 11]
		]);
	});

	it('a fate shows only once the playhead reaches it', () => {
		const compute = c2.segments[1] as Segment;
		expect(wastedAt(compute, 10.9)).toBe(false);
		expect(wastedAt(compute, 11)).toBe(true);
	});

	it('breaks the client-seconds down by hand', () => {
		// T = 11, 33 client-seconds. compute: c0 2 + c2 10 (wasted from 11 on) ; cut c1 1.5
		// comm: 3 downloads 1.5 + c0 up 0.5 + c2 up 0.5 = 2.5 ; offline: c1 3
		const b = breakdown(tl.rows, 11);
		expect(b.compute * 33).toBeCloseTo(2, 9);
		expect(b.wasted * 33).toBeCloseTo(11.5, 9);
		expect(b.comm * 33).toBeCloseTo(2.5, 9);
		expect(b.offline * 33).toBeCloseTo(3, 9);
		expect(b.idle * 33).toBeCloseTo(33 - 19, 9);
		// before the server drops c2's update its training still counts as useful
		const early = breakdown(tl.rows, 10);
		expect(early.compute * 30).toBeCloseTo(2 + 9.5, 9);
		expect(early.wasted * 30).toBeCloseTo(1.5, 9);
	});

	it('reads a growing stream incrementally and starts over for a new run', () => {
		const index = new EventIndex();
		const inc = index.timelines;
		for (let n = 1; n <= round.length; n++) index.sync(round.slice(0, n));
		expect(inc.rows.map((r) => shape(r.segments))).toEqual(tl.rows.map((r) => shape(r.segments)));
		expect(index.sync(round.slice())).toBe(false); // same events, nothing new
		const other = [setup(2), msg(0, 1, 'server', 1)];
		expect(index.sync(other)).toBe(true);
		expect(inc.rows).toHaveLength(2);
		expect(shape(inc.rows[1]?.segments ?? [])).toEqual([['download', 0, 1, null, null]]);
	});
});

describe('ClientTimelines: lost messages and clients offline from the start', () => {
	it('an update lost on the link wastes the training that made it', () => {
		const tl = timelines([
			setup(1),
			msg(0, 1, 'server', 0),
			train(1, 0, 2),
			msg(3, 4, 0, 'server', true)
		]);
		expect(shape(tl.rows[0]?.segments ?? [])).toEqual([
			['download', 0, 1, null, null],
			['compute', 1, 3, 'lost', 4],
			['upload', 3, 4, 'lost', 4]
		]);
	});

	it('a client offline at t = 0 stays offline until it comes back; the open period ends at T', () => {
		const tl = timelines([setup(2), avail(0, 1, false), msg(0, 1, 'server', 0)]);
		expect(shape(tl.rows[1]?.segments ?? [])).toEqual([['offline', 0, Infinity, null, null]]);
		const b = breakdown(tl.rows, 4);
		expect(b.offline).toBeCloseTo(0.5, 9);
		expect(b.comm).toBeCloseTo(1 / 8, 9);
	});

	it('a transfer to a client that is offline takes no time on its row', () => {
		const tl = timelines([setup(1), avail(0, 0, false), msg(1, 2, 'server', 0, true)]);
		expect(shape(tl.rows[0]?.segments ?? [])).toEqual([
			['offline', 0, Infinity, null, null],
			['download', 1, 1, 'lost', 2]
		]);
	});
});

/** Segments of a row never overlap (the breakdown relies on it). */
function expectNoOverlap(rows: readonly ClientRow[], T: number): void {
	for (const row of rows) {
		const segs = row.segments.map((s) => [s.start, Math.min(s.end, T)] as const);
		segs.sort((a, b) => a[0] - b[0]);
		for (let i = 1; i < segs.length; i++)
			expect((segs[i] as readonly number[])[0], `client ${row.id}`).toBeGreaterThanOrEqual(
				((segs[i - 1] as readonly number[])[1] as number) - 1e-9
			);
	}
}

describe('ClientTimelines on real engine runs (fake trainer)', () => {
	// three quick clients (1 s of training) and one straggler (10 s)
	const devices = [device(1), device(1), device(1), device(10, 500, true)];

	it('wait-for-all FedAvg leaves the quick clients idle; FedAsync keeps them busy', async () => {
		const sync = await runFake(
			{ clients: 4, rounds: 4, algorithm: { kind: 'fedavg', clientFraction: 1 } },
			devices
		);
		const async_ = await runFake(
			{
				clients: 4,
				rounds: 8,
				algorithm: { kind: 'fedasync', concurrency: 4, evalEvery: 4 }
			},
			devices
		);
		const a = timelines(sync.events);
		const b = timelines(async_.events);
		const T = Math.min(a.latest, b.latest);
		expectNoOverlap(a.rows, a.latest);
		expectNoOverlap(b.rows, b.latest);
		const quick = (tl: ClientTimelines) => breakdown(tl.rows.slice(0, 3), T);
		expect(quick(a).idle).toBeGreaterThan(0.7);
		expect(quick(b).idle).toBeLessThan(0.1);
		expect(a.barriers).toHaveLength(4);
		expect(b.barriers).toHaveLength(0);
	});

	it('a deadline drops the straggler’s update: its work is marked wasted', async () => {
		const run = await runFake(
			{ clients: 4, rounds: 15, algorithm: { kind: 'fedavg', clientFraction: 1, deadline: 2 } },
			devices
		);
		const tl = timelines(run.events);
		expectNoOverlap(tl.rows, tl.latest);
		const drops = run.of('updateDropped');
		expect(drops.length).toBeGreaterThan(0);
		for (const d of drops) {
			const computes = tl.rows[d.client]?.segments.filter(
				(s) => s.kind === 'compute' && s.fateAt === d.t
			);
			expect(computes?.map((s) => s.fate)).toEqual(['dropped']);
		}
		expect(breakdown(tl.rows, tl.latest).wasted).toBeGreaterThan(0);
	});

	it('clients that go offline mid-training lose that work; offline time is counted', async () => {
		const availability = [
			AvailabilityTimeline.always(),
			AvailabilityTimeline.fixed(true, [1.5, 4]), // leaves during its first training
			AvailabilityTimeline.fixed(false, [3]), // offline at the start
			AvailabilityTimeline.always()
		];
		const run = await runFake(
			{ clients: 4, rounds: 3, algorithm: { kind: 'fedasync', concurrency: 4, evalEvery: 2 } },
			[device(2), device(2), device(2), device(2)],
			availability
		);
		const tl = timelines(run.events);
		expectNoOverlap(tl.rows, tl.latest);
		const c1 = tl.rows[1]?.segments ?? [];
		expect(c1.find((s) => s.kind === 'compute')).toMatchObject({ end: 1.5, fate: 'cut' });
		expect(c1.find((s) => s.kind === 'offline')).toMatchObject({ start: 1.5, end: 4 });
		expect(tl.rows[2]?.segments[0]).toMatchObject({ kind: 'offline', start: 0, end: 3 });
		const b = breakdown(tl.rows, tl.latest);
		expect(b.offline * 4 * tl.latest).toBeCloseTo(2.5 + 3, 6);
		const sum = b.compute + b.wasted + b.comm + b.idle + b.offline;
		expect(sum).toBeCloseTo(1, 12);
	});
});

describe('scales and layout', () => {
	it.each([
		[0, 1],
		[0.3, 1],
		[1, 1],
		[1.01, 2],
		[2, 2],
		[3.2, 5],
		[7, 10],
		[10, 10],
		[11, 20],
		[45, 50],
		[51, 100],
		[130, 200]
	])('timeDomain(%s) = %s', (T, d) => {
		expect(timeDomain(T)).toBe(d);
	});

	it('ticks start at 0, step evenly and cover the domain', () => {
		expect(timeTicks(10, 700)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(timeTicks(100, 350)).toEqual([0, 20, 40, 60, 80, 100]);
		expect(timeTicks(2, 140)).toEqual([0, 1, 2]);
		expect(timeTicks(0.5, 300)).toEqual([0, 0.2, 0.4]);
		expect(timeTicks(0.5, 420)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
	});

	it.each([
		[3, 18],
		[10, 18],
		[20, 11],
		[50, 4],
		[100, 3]
	])('rowHeight(%s clients) = %s px', (n, px) => {
		expect(rowHeight(n)).toBe(px);
	});

	it('labels every row when there is room, every 5th or 10th when thin', () => {
		expect([18, 11, 10, 6, 4].map(labelEvery)).toEqual([1, 1, 5, 5, 10]);
	});

	it('formats axis labels', () => {
		expect([0, 0.5, 2, 60, 120, 300].map(formatTick)).toEqual([
			'0',
			'0.5 s',
			'2 s',
			'60 s',
			'2 min',
			'5 min'
		]);
	});
});
