/**
 * Load test of the classroom server on loopback (127.0.0.1 only, bounded): 200 scripted students
 * (Node `ws` clients) run five FedAvg rounds of MNIST (a 7,850-parameter model, 31 kB per update)
 * in one session while a second session runs three students at the same time. Counts every job
 * and update, checks that each went to and came from the right client, that memory stays bounded,
 * and that the second session sees none of the first. Prints the figures.
 */
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SimEvent } from '../../sim/core/events';
import { initNodeBackend } from '../../ml/backend';
import {
	WS_PATH,
	decodeFrame,
	encodeFrame,
	type AssignMessage,
	type ModelHeader,
	type ServerMessage
} from './protocol';
import { startClassroomServer, type ClassroomServer } from './server';
import type { Session } from './session';

const STUDENTS = 200;
const ROUNDS = 5;
const OTHER = 3;

let server: ClassroomServer;
beforeAll(async () => {
	await initNodeBackend('wasm');
	server = await startClassroomServer({
		port: 0,
		listen: '127.0.0.1',
		publicHost: '127.0.0.1',
		testLimit: 1000
	});
});
afterAll(async () => {
	await server?.close();
});

interface Scripted {
	ws: WebSocket;
	client: number | null;
	jobs: ModelHeader[];
	misaddressed: number;
}

/** A scripted student: answers each job with the model nudged by a small step. */
function student(url: string, code: string, sentAt: Map<string, number>): Promise<Scripted> {
	const ws = new WebSocket(url);
	ws.binaryType = 'nodebuffer';
	const me: Scripted = { ws, client: null, jobs: [], misaddressed: 0 };
	ws.on('message', (data: Buffer, binary) => {
		if (!binary) {
			const m = JSON.parse(data.toString()) as ServerMessage;
			if (m.kind === 'assign') me.client = (m as AssignMessage).client;
			return;
		}
		const f = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		if (!f.ok) throw new Error('bad frame from the server');
		const job = f.header as ModelHeader;
		me.jobs.push(job);
		if (job.client !== me.client) me.misaddressed++;
		const weights = f.payload.map((w, i) => w + (i % 7 === 0 ? 1e-3 : -1e-3));
		setTimeout(() => {
			sentAt.set(`${code}/${job.client}/${job.round}`, performance.now());
			ws.send(
				encodeFrame(
					{
						kind: 'update',
						session: code,
						client: job.client,
						round: job.round,
						loss: 0.5,
						attack: 'none'
					},
					weights
				)
			);
		}, Math.random() * 20);
	});
	return new Promise((resolve, reject) => {
		ws.once('open', () => {
			ws.send(JSON.stringify({ kind: 'hello', role: 'student', session: code }));
			resolve(me);
		});
		ws.once('error', reject);
	});
}

/** A host page: collects the typed events of its session. */
function host(url: string, hostUrl: string, code: string) {
	const key = new URL(hostUrl).searchParams.get('key') as string;
	const ws = new WebSocket(url);
	const events: SimEvent[] = [];
	ws.on('message', (data: Buffer, binary) => {
		if (binary) return;
		const m = JSON.parse(data.toString()) as ServerMessage;
		if (m.kind === 'events') events.push(...m.events);
	});
	const ready = new Promise<void>((resolve) =>
		ws.once('open', () => {
			ws.send(JSON.stringify({ kind: 'hello', role: 'host', session: code, key }));
			resolve();
		})
	);
	const control = (action: string) =>
		ws.send(JSON.stringify({ kind: 'control', session: code, action }));
	return { ws, events, ready, control };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** Wraps `session.update` to time each update from its send to its acceptance. */
function timeUpdates(session: Session, code: string, sentAt: Map<string, number>): number[] {
	const latencies: number[] = [];
	const update = session.update.bind(session);
	session.update = (s, header, weights) => {
		const sent = sentAt.get(`${code}/${header.client}/${header.round}`);
		if (sent !== undefined) latencies.push(performance.now() - sent);
		return update(s, header, weights);
	};
	return latencies;
}

describe('classroom load (loopback)', () => {
	it(`${STUDENTS} students × ${ROUNDS} rounds, with a second session running alongside`, async () => {
		const url = `ws://127.0.0.1:${server.port}${WS_PATH}`;
		const config = { rounds: ROUNDS, deadline: 0, hidden: 0, clientFraction: 1, batchSize: 32 };
		const a = await server.createSession({ config });
		const b = await server.createSession({ config });
		const codeA = a.session.code;
		const codeB = b.session.code;
		const sentAt = new Map<string, number>();
		const latencies = timeUpdates(a.session, codeA, sentAt);

		let peakHeap = 0;
		let peakRss = 0;
		const heapAtRound: number[] = [];
		const sample = setInterval(() => {
			const m = process.memoryUsage();
			peakHeap = Math.max(peakHeap, m.heapUsed);
			peakRss = Math.max(peakRss, m.rss);
		}, 25);

		const hostA = host(url, a.hostUrl, codeA);
		const hostB = host(url, b.hostUrl, codeB);
		await Promise.all([hostA.ready, hostB.ready]);
		const t0 = performance.now();
		const many = await Promise.all(
			Array.from({ length: STUDENTS }, () => student(url, codeA, sentAt))
		);
		const few = await Promise.all(
			Array.from({ length: OTHER }, () => student(url, codeB, new Map()))
		);
		await until(
			() =>
				a.session.students.filter((s) => s.peer).length === STUDENTS &&
				b.session.students.filter((s) => s.peer).length === OTHER,
			20_000
		);
		hostA.control('start');
		hostB.control('start');
		const evaluated = (events: SimEvent[]) => events.filter((e) => e.type === 'evaluated');
		for (let r = 1; r <= ROUNDS; r++) {
			await until(() => evaluated(hostA.events).length >= r, 30_000);
			heapAtRound.push(process.memoryUsage().heapUsed);
		}
		await until(
			() =>
				hostA.events.some((e) => e.type === 'finished') &&
				hostB.events.some((e) => e.type === 'finished'),
			30_000
		);
		const seconds = (performance.now() - t0) / 1000;
		clearInterval(sample);

		// nothing lost: every student got one job a round, addressed to it, and every update counted
		for (const s of many) {
			expect(s.jobs.map((j) => j.round)).toEqual([1, 2, 3, 4, 5]);
			expect(s.misaddressed).toBe(0);
		}
		const ids = many.map((s) => s.client).sort((x, y) => (x as number) - (y as number));
		expect(ids).toEqual(Array.from({ length: STUDENTS }, (_, k) => k));
		expect(a.session.sent).toMatchObject({ jobs: STUDENTS * ROUNDS, updates: STUDENTS * ROUNDS });
		const updatesIn = hostA.events.filter(
			(e) => e.type === 'message' && e.kind === 'update' && !e.lost
		);
		expect(updatesIn).toHaveLength(STUDENTS * ROUNDS);
		const perClientRound = new Set(
			updatesIn.map((e) => (e.type === 'message' ? `${String(e.from)}/${e.round}` : ''))
		);
		expect(perClientRound.size).toBe(STUDENTS * ROUNDS); // each (client, round) exactly once
		for (const e of hostA.events.filter((x) => x.type === 'aggregated'))
			expect(e.type === 'aggregated' && e.contributors.length).toBe(STUDENTS);
		expect(evaluated(hostA.events)).toHaveLength(ROUNDS);

		// the second session saw none of it
		const setupB = hostB.events.find((e) => e.type === 'setup');
		expect(setupB?.type === 'setup' && setupB.clients.length).toBe(OTHER);
		for (const e of hostB.events) if ('client' in e) expect(e.client).toBeLessThan(OTHER);
		expect(b.session.sent).toMatchObject({ jobs: OTHER * ROUNDS, updates: OTHER * ROUNDS });
		for (const s of few) expect(s.jobs).toHaveLength(ROUNDS);
		expect(server.classroom.rejected.size).toBe(0);

		// memory bounded: flat from round 2 to the last (updates are not kept after a round)
		const growth = (heapAtRound.at(-1) as number) - (heapAtRound[1] as number);
		expect(growth).toBeLessThan(64 * 1024 * 1024);
		expect(peakHeap).toBeLessThan(768 * 1024 * 1024);

		latencies.sort((x, y) => x - y);
		const p95 = latencies[Math.floor(0.95 * (latencies.length - 1))] as number;
		const figures = {
			clients: STUDENTS,
			rounds: ROUNDS,
			modelBytes: a.session.modelBytes,
			jobsSent: a.session.sent.jobs,
			updatesReceived: a.session.sent.updates,
			eventsToHost: hostA.events.length,
			secondSession: { clients: OTHER, updates: b.session.sent.updates },
			peakHeapMB: +(peakHeap / 2 ** 20).toFixed(1),
			peakRssMB: +(peakRss / 2 ** 20).toFixed(1),
			heapGrowthRound2to5MB: +(growth / 2 ** 20).toFixed(1),
			p50UpdateLatencyMs: +(latencies[Math.floor(0.5 * (latencies.length - 1))] as number).toFixed(
				1
			),
			p95UpdateLatencyMs: +p95.toFixed(1),
			wallSeconds: +seconds.toFixed(2),
			/** Latencies include waiting for a CPU: the machine's load average during the test. */
			loadAverage1m: +(loadavg()[0] as number).toFixed(1)
		};
		console.log(`classroom load figures: ${JSON.stringify(figures)}`);
		for (const s of [...many, ...few]) s.ws.close();
		hostA.ws.close();
		hostB.ws.close();
	}, 90_000);
});
