/**
 * The classroom server's rules, driven without a network: fake peers, the blobs data, the fake
 * trainer for the server's evaluation. Every rejection closes only the offending connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../sim/core/dataset';
import type { SimEvent } from '../../sim/core/events';
import { createRng } from '../../sim/core/rng';
import { FakeTrainer } from '../../sim/testing/fake-trainer';
import { Classroom, type ClassroomOptions } from './classroom';
import {
	decodeFrame,
	encodeFrame,
	type ClassroomConfig,
	type ModelHeader,
	type ServerMessage
} from './protocol';
import type { Peer } from './session';

const blobs = makeBlobs(createRng(7));
const CODE_A = 'aaaaaaaaaaaaaaaa';
const CODE_B = 'bbbbbbbbbbbbbbbb';
const KEY = 'k'.repeat(32);
let n = 0;

/** A connection's far end: what it received, whether it was closed. */
class FakePeer implements Peer {
	texts: ServerMessage[] = [];
	frames: { header: ModelHeader; weights: Float32Array }[] = [];
	closed: string | null = null;
	send(data: string | Uint8Array): void {
		if (this.closed) return;
		if (typeof data === 'string') this.texts.push(JSON.parse(data) as ServerMessage);
		else {
			const f = decodeFrame(data);
			if (f.ok) this.frames.push({ header: f.header as ModelHeader, weights: f.payload });
		}
	}
	close(_code: number, reason: string): void {
		this.closed ??= reason;
	}
	of<K extends ServerMessage['kind']>(kind: K): Extract<ServerMessage, { kind: K }>[] {
		return this.texts.filter((m): m is Extract<ServerMessage, { kind: K }> => m.kind === kind);
	}
}

const open: Classroom[] = [];
afterEach(() => {
	for (const c of open.splice(0)) c.dispose();
});

function setup(
	config: Partial<ClassroomConfig> = {},
	opts: ClassroomOptions = {},
	maxClients = 200
) {
	const classroom = new Classroom(opts);
	open.push(classroom);
	for (const code of [CODE_A, CODE_B])
		classroom.createSession({
			code,
			hostKey: KEY,
			joinUrl: `http://127.0.0.1/classroom/join/?code=${code}`,
			qrSvg: '<svg/>',
			tls: false,
			maxClients,
			datasetName: 'blobs',
			dataset: () => blobs,
			localTrainer: () => new FakeTrainer(12),
			token: () => String(n++).padStart(32, 'a').replace(/[0-1]/g, 'b').replace(/[8-9]/g, 'c'),
			config: { hidden: 0, rounds: 2, deadline: 0, learningRate: 0.5, ...config }
		});
	const join = (code = CODE_A, extra: object = {}) => {
		const peer = new FakePeer();
		const conn = classroom.connect(peer);
		say(conn, { kind: 'hello', role: 'student', session: code, ...extra });
		return { peer, conn };
	};
	const host = (code = CODE_A) => {
		const peer = new FakePeer();
		const conn = classroom.connect(peer);
		say(conn, { kind: 'hello', role: 'host', session: code, key: KEY });
		return { peer, conn };
	};
	return { classroom, join, host, session: (code = CODE_A) => classroom.sessions.get(code)! };
}

type Conn = ReturnType<Classroom['connect']>;
const say = (conn: Conn, m: object) => {
	const raw = JSON.stringify(m);
	conn.text(raw, raw.length);
};
const control = (conn: Conn, action: string, extra: object = {}, session = CODE_A) =>
	say(conn, { kind: 'control', session, action, ...extra });

/** Sends back the job's weights moved by +delta (an honest-looking update). */
function answer(
	s: { peer: FakePeer; conn: Conn },
	delta = 0.1,
	patch: object = {},
	session = CODE_A
) {
	const job = s.peer.frames.at(-1);
	if (!job) throw new Error('no job');
	const weights = job.weights.map((w) => w + delta);
	s.conn.binary(
		encodeFrame(
			{
				kind: 'update',
				session,
				client: job.header.client,
				round: job.header.round,
				loss: 0.3,
				attack: 'none',
				...patch
			},
			weights
		)
	);
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 3000): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error('timed out');
		await tick(5);
	}
}
const hostEvents = (p: FakePeer): SimEvent[] => p.of('events').flatMap((m) => m.events);

describe('classroom: joining', () => {
	it('welcomes a student with a seat and a resume token, and the host with the session', async () => {
		const c = setup();
		const a = c.join(CODE_A, { name: 'Ada' });
		expect(a.peer.of('welcome')[0]).toMatchObject({ seat: 0, name: 'Ada', running: false });
		const h = c.host();
		expect(h.peer.of('info')[0]).toMatchObject({ code: CODE_A, tls: false, maxClients: 200 });
		await until(() => h.peer.of('roster').some((r) => r.students.length === 1));
	});

	it.each([
		[
			'a wrong session',
			{ kind: 'hello', role: 'student', session: 'cccccccccccccccc' },
			'wrong-session'
		],
		[
			'a host with a wrong key',
			{ kind: 'hello', role: 'host', session: CODE_A, key: 'x'.repeat(32) },
			'not-host'
		],
		[
			'a control before any hello',
			{ kind: 'control', session: CODE_A, action: 'start' },
			'not-host'
		],
		[
			'a bad resume token',
			{ kind: 'hello', role: 'student', session: CODE_A, seat: 0, token: 'z'.repeat(32) },
			'bad-token'
		]
	])('closes %s, and only that connection', (_, msg, code) => {
		const c = setup();
		const a = c.join();
		const peer = new FakePeer();
		say(c.classroom.connect(peer), msg);
		expect(peer.of('error')[0]?.code).toBe(code);
		expect(peer.closed).toBe(code);
		expect(a.peer.closed).toBeNull();
	});

	it('a student cannot use the controls', () => {
		const c = setup();
		const a = c.join();
		control(a.conn, 'start');
		expect(a.peer.closed).toBe('not-host');
		expect(c.session().state).toBe('lobby');
	});

	it('says "session full" past the maximum, and closes a binary frame before hello', () => {
		const c = setup({}, {}, 2);
		c.join();
		c.join();
		const third = c.join();
		expect(third.peer.of('error')[0]?.code).toBe('session-full');
		expect(third.peer.closed).toBe('session-full');
		const early = new FakePeer();
		c.classroom.connect(early).binary(new Uint8Array(8));
		expect(early.closed).toBe('malformed');
	});

	it('closes a connection that floods, and only it', () => {
		const c = setup({}, { rateBurst: 5, ratePerSecond: 1 });
		const a = c.join();
		const h = c.host();
		for (let i = 0; i < 10; i++) control(h.conn, 'reveal');
		expect(h.peer.closed).toBe('rate-limit');
		expect(a.peer.closed).toBeNull();
	});

	it('closes a silent connection after the hello timeout', async () => {
		const c = setup({}, { helloTimeoutMs: 20 });
		const peer = new FakePeer();
		c.classroom.connect(peer);
		await until(() => peer.closed !== null);
		expect(peer.closed).toBe('no-hello');
	});
});

describe('classroom: a run', () => {
	it('runs FedAvg rounds with the students as clients; the host sees the typed events', async () => {
		const c = setup();
		const h = c.host();
		const s = [c.join(), c.join(), c.join()];
		control(h.conn, 'start');
		expect(h.peer.closed).toBeNull();
		for (const x of s) expect(x.peer.of('assign')[0]?.clients).toBe(3);
		const shards = s.map((x) => x.peer.of('assign')[0]?.indices.length ?? 0);
		expect(shards.reduce((a, b) => a + b, 0)).toBe(blobs.train.n); // IID: every index dealt once
		for (let round = 1; round <= 2; round++) {
			await until(() => s.every((x) => x.peer.frames.length === round));
			for (const x of s) expect(x.peer.frames.at(-1)?.header.round).toBe(round);
			for (const x of s) answer(x);
			await until(() => s.every((x) => x.peer.of('metrics').length === round));
		}
		await until(() => c.session().state === 'finished');
		await until(() => hostEvents(h.peer).some((e) => e.type === 'finished'));
		const events = hostEvents(h.peer);
		const agg = events.filter((e) => e.type === 'aggregated');
		expect(agg.map((e) => e.contributors)).toEqual([
			[0, 1, 2],
			[0, 1, 2]
		]);
		expect(events[0]?.type).toBe('setup');
		expect(s.every((x) => x.peer.of('runEnded').length === 1)).toBe(true);
		expect(c.session().sent).toMatchObject({ jobs: 6, updates: 6 });
	});

	it('refuses updates that are not the sender’s own for its current job', async () => {
		const c = setup({ allowBroken: false });
		const h = c.host();
		const s = [c.join(), c.join(), c.join(), c.join(), c.join(), c.join()];
		control(h.conn, 'start');
		await until(() => s.every((x) => x.peer.frames.length === 1));
		const [a, b, d, e, f, g] = s as [
			(typeof s)[0],
			(typeof s)[0],
			(typeof s)[0],
			(typeof s)[0],
			(typeof s)[0],
			(typeof s)[0]
		];
		answer(a, 0.1, { round: 2 }); // a round it has no job for: error, kept open
		expect(a.peer.of('error').at(-1)?.code).toBe('wrong-round');
		expect(a.peer.closed).toBeNull();
		answer(b, 0.1, { client: 0 }); // someone else's client id
		expect(b.peer.closed).toBe('not-yours');
		const job = d.peer.frames[0]!;
		const short = job.weights.subarray(0, job.weights.length - 1);
		d.conn.binary(
			encodeFrame(
				{
					kind: 'update',
					session: CODE_A,
					client: job.header.client,
					round: 1,
					loss: 0.1,
					attack: 'none'
				},
				short
			)
		);
		expect(d.peer.closed).toBe('wrong-length');
		answer(e, NaN);
		expect(e.peer.closed).toBe('non-finite');
		answer(f, 0.1, {}, CODE_B); // the header names another session
		expect(f.peer.closed).toBe('wrong-session');
		answer(g, 0.1, { loss: 'high' });
		expect(g.peer.closed).toBe('malformed');
		answer(a); // a's honest update is still welcome
		expect(a.peer.closed).toBeNull();
		expect(c.session().sent.updates).toBe(1);
	});

	it('takes back a student who reconnects mid-round: the same job is sent again', async () => {
		const c = setup({ rounds: 1 });
		const h = c.host();
		const a = c.join();
		const b = c.join();
		control(h.conn, 'start');
		await until(() => a.peer.frames.length === 1 && b.peer.frames.length === 1);
		const welcome = a.peer.of('welcome')[0]!;
		a.conn.closed(); // the phone's Wi-Fi blinks
		await until(() => hostEvents(h.peer).some((e) => e.type === 'availability' && !e.online));
		const back = c.join(CODE_A, { seat: welcome.seat, token: welcome.token });
		expect(back.peer.of('assign')[0]?.client).toBe(a.peer.of('assign')[0]?.client);
		expect(back.peer.frames[0]?.header).toEqual(a.peer.frames[0]?.header);
		answer(b);
		answer(back);
		await until(() => hostEvents(h.peer).some((e) => e.type === 'finished'));
		const agg = hostEvents(h.peer).find((e) => e.type === 'aggregated');
		expect(agg && agg.type === 'aggregated' && agg.contributors).toEqual([0, 1]);
	});

	it('a real deadline drops the student who left; a kicked student cannot come back', async () => {
		const c = setup({ rounds: 1, deadline: 0.2 });
		const h = c.host();
		const s = [c.join(), c.join(), c.join()];
		control(h.conn, 'start');
		await until(() => s.every((x) => x.peer.frames.length === 1));
		s[2]!.conn.closed(); // closes the tab mid-round
		answer(s[0]!);
		answer(s[1]!);
		await until(() => hostEvents(h.peer).some((e) => e.type === 'finished'));
		const events = hostEvents(h.peer);
		const agg = events.find((e) => e.type === 'aggregated');
		expect(agg && agg.type === 'aggregated' && agg.contributors).toEqual([0, 1]);
		const evaluated = events.find((e) => e.type === 'evaluated');
		expect(evaluated?.t).toBeGreaterThanOrEqual(0.2); // the round waited for the deadline

		const k = c.join();
		control(h.conn, 'kick', { seat: 3 });
		expect(k.peer.closed).toBe('kicked');
		const w = k.peer.of('welcome')[0]!;
		const again = c.join(CODE_A, { seat: w.seat, token: w.token });
		expect(again.peer.closed).toBe('bad-token');
	});

	it('kicking a student mid-round loses its job, so a round without a deadline still closes', async () => {
		const c = setup({ rounds: 1, deadline: 0 });
		const h = c.host();
		const s = [c.join(), c.join()];
		control(h.conn, 'start');
		await until(() => s.every((x) => x.peer.frames.length === 1));
		answer(s[0]!);
		control(h.conn, 'kick', { seat: 1 });
		await until(() => hostEvents(h.peer).some((e) => e.type === 'finished'));
		const events = hostEvents(h.peer);
		expect(
			events.some((e) => e.type === 'message' && e.kind === 'update' && e.from === 1 && e.lost)
		).toBe(true);
		const agg = events.find((e) => e.type === 'aggregated');
		expect(agg && agg.type === 'aggregated' && agg.contributors).toEqual([0]);
	});

	it('a second session sees nothing of the first', async () => {
		const c = setup({ rounds: 1 });
		const hA = c.host(CODE_A);
		const hB = c.host(CODE_B);
		const inB = c.join(CODE_B);
		const a = c.join(CODE_A);
		control(hA.conn, 'start');
		await until(() => a.peer.frames.length === 1);
		answer(a);
		await until(() => c.session(CODE_A).state === 'finished');
		await tick(80);
		expect(hostEvents(hB.peer)).toEqual([]);
		expect(inB.peer.frames).toEqual([]);
		expect(inB.peer.texts.map((m) => m.kind)).toEqual(['welcome']);
		expect(c.session(CODE_B).state).toBe('lobby');
	});

	it.each(['fedasync', 'fedbuff'] as const)(
		'%s takes the students’ updates as they come, with the simulator’s staleness',
		async (algorithm) => {
			const c = setup({ algorithm, rounds: 2 });
			const h = c.host();
			const s = [c.join(), c.join(), c.join(), c.join()];
			control(h.conn, 'start');
			// keep answering every job (in arrival order) until the run ends
			const answered = new Set<string>();
			while (c.session().state !== 'finished') {
				for (const x of s) {
					const job = x.peer.frames.at(-1);
					const key = `${job?.header.client}/${x.peer.frames.length}`;
					if (job && !answered.has(key)) {
						answered.add(key);
						answer(x);
					}
				}
				await tick(5);
			}
			await until(() => hostEvents(h.peer).some((e) => e.type === 'finished'));
			const events = hostEvents(h.peer);
			expect(events.filter((e) => e.type === 'evaluated')).toHaveLength(2);
			const received = events.filter((e) => e.type === 'updateReceived');
			expect(received.length).toBeGreaterThanOrEqual(algorithm === 'fedasync' ? 8 : 4);
			expect(received.every((e) => e.type === 'updateReceived' && e.staleness >= 0)).toBe(true);
		}
	);

	it('reports settings that do not make a run, and keeps the host connected', () => {
		const c = setup();
		const h = c.host();
		c.join();
		control(h.conn, 'configure', {
			config: { ...c.session().config, aggregator: 'average-of-vibes' }
		});
		expect(h.peer.of('error').at(-1)?.code).toBe('bad-config');
		expect(h.peer.closed).toBeNull();
		control(h.conn, 'configure', { config: { ...c.session().config, aggregator: 'median' } });
		expect(c.session().config.aggregator).toBe('median');
	});
});
