import { describe, expect, it } from 'vitest';
import type { SimEvent } from '$lib/sim/core/events';
import { EventIndex } from './event-index';
import { capParticles, particleAt, type GraphIndex, type ParticleView } from './graph-state';

const B = 1000;
const hist = (k: number) => Array.from({ length: 10 }, (_, i) => (i === k ? 50 : 5));

/** One FedAvg-like round with clients 0 and 2, a lost update, an offline spell and a drop. */
const RUN: SimEvent[] = [
	{
		type: 'setup',
		t: 0,
		clients: [0, 1, 2].map((id) => ({
			id,
			samples: 95,
			labelHistogram: hist(id),
			computeSpeed: 100,
			...(id === 1 ? { straggler: true } : {})
		})),
		params: 250,
		modelBytes: B,
		numClasses: 10
	},
	{ type: 'roundStarted', t: 0, round: 1, selected: [0, 2] },
	{ type: 'message', t: 0, round: 1, kind: 'model', from: 'server', to: 0, bytes: B, arrives: 1 },
	{ type: 'message', t: 0, round: 1, kind: 'model', from: 'server', to: 2, bytes: B, arrives: 1 },
	{ type: 'trainingStarted', t: 1, round: 1, client: 0, samples: 95, duration: 2 },
	{ type: 'trainingStarted', t: 1, round: 1, client: 2, samples: 95, duration: 4 },
	{ type: 'availability', t: 2, client: 1, online: false },
	{ type: 'trainingFinished', t: 3, round: 1, client: 0, samples: 95, loss: 0.5 },
	{
		type: 'message',
		t: 3,
		round: 1,
		kind: 'update',
		from: 0,
		to: 'server',
		bytes: B,
		arrives: 4,
		staleness: 2
	},
	{ type: 'trainingFinished', t: 5, round: 1, client: 2, samples: 95, loss: 0.7 },
	{
		type: 'message',
		t: 5,
		round: 1,
		kind: 'update',
		from: 2,
		to: 'server',
		bytes: 3 * B,
		arrives: 6,
		lost: true
	},
	{ type: 'updateDropped', t: 6, round: 1, client: 2, reason: 'deadline', staleness: 1 },
	{ type: 'aggregated', t: 6, round: 1, contributors: [0], rule: 'mean' },
	{
		type: 'evaluated',
		t: 6,
		round: 1,
		accuracy: 0.8,
		loss: 0.6,
		bytesUp: 4 * B,
		bytesDown: 2 * B
	},
	{ type: 'availability', t: 7, client: 1, online: true },
	{ type: 'finished', t: 7, rounds: 1 }
];

function indexOf(events: readonly SimEvent[]): GraphIndex {
	const idx = new EventIndex();
	idx.sync(events);
	return idx.graph;
}

describe('GraphIndex.at', () => {
	const idx = indexOf(RUN);

	it.each([
		[0.5, ['selected', 'idle', 'selected'], [null, null, null]],
		[2, ['training', 'offline', 'training'], [0.5, null, 0.25]],
		[3.5, ['uploading', 'offline', 'training'], [null, null, 0.625]],
		[5.2, ['idle', 'offline', 'uploading'], [null, null, null]],
		[6.5, ['idle', 'offline', 'idle'], [null, null, null]],
		[8, ['idle', 'idle', 'idle'], [null, null, null]]
	])('at t = %d the clients are %j', (t, phases, progress) => {
		const s = idx.at(t);
		expect(s.clients.map((c) => c.phase)).toEqual(phases);
		expect(s.clients.map((c) => c.progress)).toEqual(progress);
	});

	it('moves particles along their links', () => {
		const s = idx.at(0.25);
		expect(s.particles.map((p) => [p.kind, p.to, p.progress])).toEqual([
			['model', 0, 0.25],
			['model', 2, 0.25]
		]);
		expect(s.inFlight).toBe(2);
		expect(s.round).toBe(1);
		const up = idx.at(3.5).particles;
		expect(up).toHaveLength(1);
		expect(up[0]).toMatchObject({ kind: 'update', from: 0, progress: 0.5, staleness: 2 });
		expect(idx.at(4).particles).toEqual([]);
	});

	it('stops a lost message midway and fades it out', () => {
		const at = (t: number) => idx.at(t).particles[0];
		expect(at(5.25)).toMatchObject({ progress: 0.25, opacity: 1, dropped: false });
		const fading = at(5.6)!;
		expect(fading.progress).toBe(0.5);
		expect(fading.dropped).toBe(true);
		expect(fading.opacity).toBeCloseTo(0.6, 9);
		expect(at(5.8)).toBeUndefined();
	});

	it('sums what happened up to the playhead', () => {
		expect(idx.at(-1)).toMatchObject({ messagesSent: 0, bytesDown: 0, round: 0, evaluated: null });
		const mid = idx.at(3);
		expect(mid).toMatchObject({ messagesSent: 3, bytesUp: B, bytesDown: 2 * B, messagesLost: 0 });
		const end = idx.at(7);
		expect(end).toMatchObject({ messagesSent: 4, bytesUp: 4 * B, messagesLost: 1 });
		expect(end.updatesDropped).toBe(1);
		expect(end.evaluated?.accuracy).toBe(0.8);
		expect(end.finished).toBe(true);
		expect(idx.at(6.9).finished).toBe(false);
	});

	it("reports a client's details at the playhead", () => {
		expect(idx.details(0, 2)).toMatchObject({ lastLoss: null, trainings: 1 });
		expect(idx.details(0, 3.5)).toMatchObject({ lastLoss: { loss: 0.5, round: 1 } });
		expect(idx.details(2, 7)?.lastDrop).toMatchObject({ reason: 'deadline', staleness: 1 });
		expect(idx.details(1, 3)).toMatchObject({ offline: true, trainings: 0 });
		expect(idx.details(1, 3)?.info.straggler).toBe(true);
		expect(idx.details(9, 3)).toBeNull();
	});

	it('knows which legend entries the run needs', () => {
		expect([...idx.kinds].sort()).toEqual(['model', 'update']);
		expect(idx.features).toEqual({ lost: true, offline: true, staleness: true });
	});
});

describe('EventIndex.sync feeding the graph', () => {
	it('indexes a growing stream incrementally to the same state', () => {
		const inc = new EventIndex();
		for (let n = 0; n <= RUN.length; n++) inc.sync(RUN.slice(0, n));
		expect(inc.size).toBe(RUN.length);
		const whole = indexOf(RUN);
		for (const t of [0.5, 2, 3.5, 5.6, 7]) expect(inc.graph.at(t)).toEqual(whole.at(t));
	});

	it('reports whether anything changed', () => {
		const idx = new EventIndex();
		expect(idx.sync([])).toBe(false);
		expect(idx.sync(RUN.slice(0, 5))).toBe(true);
		expect(idx.sync(RUN.slice(0, 5))).toBe(false);
		expect(idx.sync(RUN)).toBe(true);
	});

	it('starts over on a new run', () => {
		const idx = new EventIndex();
		idx.sync(RUN);
		const other = structuredClone(RUN.slice(0, 4)) as SimEvent[];
		const setup = other[0] as Extract<SimEvent, { type: 'setup' }>;
		other[0] = { ...setup, clients: setup.clients.slice(0, 2) };
		idx.sync(other);
		expect(idx.size).toBe(4);
		expect(idx.graph.at(0.5).clients).toHaveLength(2);
		expect(idx.graph.at(10).messagesSent).toBe(2);
		idx.sync([]);
		expect(idx.graph.setup).toBeNull();
		expect(idx.graph.at(1).clients).toEqual([]);
	});

	it('accepts an equal copy of the stream as an extension', () => {
		const idx = new EventIndex();
		idx.sync(RUN.slice(0, 6));
		expect(idx.sync(structuredClone(RUN) as SimEvent[])).toBe(true);
		expect(idx.size).toBe(RUN.length);
	});
});

describe('particles', () => {
	it('skips messages that take no time', () => {
		const m = RUN[2] as Extract<SimEvent, { type: 'message' }>;
		expect(particleAt({ ...m, arrives: m.t }, 2, m.t)).toBeNull();
		expect(particleAt(m, 2, -0.1)).toBeNull();
	});

	it('caps many particles with a stable, mixed sample', () => {
		const make = (n: number): ParticleView[] =>
			Array.from({ length: n }, (_, key) => ({
				key,
				kind: key % 2 ? 'update' : 'model',
				from: 'server',
				to: key,
				bytes: 1,
				progress: 0.5,
				opacity: 1,
				dropped: false
			}));
		expect(capParticles(make(200), 300)).toHaveLength(200);
		const a = capParticles(make(1000), 300);
		expect(a.length).toBeLessThanOrEqual(300);
		expect(a.length).toBeGreaterThan(240);
		const updates = a.filter((p) => p.kind === 'update').length;
		expect(updates / a.length).toBeGreaterThan(0.35);
		expect(updates / a.length).toBeLessThan(0.65);
		const b = new Set(capParticles(make(1010), 300).map((p) => p.key));
		const kept = a.filter((p) => b.has(p.key)).length;
		expect(kept / a.length).toBeGreaterThan(0.95);
	});
});

describe('view identity', () => {
	it("keeps a client's view object while its state does not change", () => {
		const idx = indexOf(RUN);
		const a = idx.at(6.5).clients;
		const b = idx.at(6.6).clients;
		expect(b[0]).toBe(a[0]);
		const c = idx.at(2).clients;
		const d = idx.at(2.1).clients;
		expect(d[0]).not.toBe(c[0]);
		expect(d[1]).toBe(c[1]);
	});
});

describe('staleness reported on receipt', () => {
	it('labels the arriving update with the staleness of a later updateReceived event', () => {
		const received = {
			type: 'updateReceived',
			t: 4,
			round: 1,
			client: 0,
			staleness: 5,
			weight: 0.3
		} as unknown as SimEvent;
		const plain = RUN.slice(0, 8).concat({
			...(RUN[8] as object),
			staleness: undefined
		} as SimEvent);
		const idx = indexOf([...plain, received]);
		expect(idx.at(3.5).particles[0]?.staleness).toBe(5);
		expect(indexOf(plain).at(3.5).particles[0]?.staleness).toBeUndefined();
	});
});

describe('Byzantine clients', () => {
	it("marks a Byzantine client's updates, not the model it receives", () => {
		const setup = RUN[0] as Extract<SimEvent, { type: 'setup' }>;
		const bad: SimEvent = {
			...setup,
			clients: setup.clients.map((c) => (c.id === 0 ? { ...c, byzantine: true } : c))
		};
		const idx = indexOf([bad, ...RUN.slice(1)]);
		expect(idx.at(0.5).particles.map((p) => p.byzantine)).toEqual([undefined, undefined]);
		expect(idx.at(3.5).particles[0]).toMatchObject({ from: 0, kind: 'update', byzantine: true });
		expect(indexOf(RUN).at(3.5).particles[0]?.byzantine).toBeUndefined();
	});
});
