/**
 * One classroom session: its students (seats), its host pages, and its runs. A run is the
 * simulator's engine on the real-time clock with a `RemoteTrainer`: the engine selects, sends jobs,
 * waits for updates under the deadline and aggregates with the scenario's rule, exactly as in a
 * simulated run; this class only carries jobs out and updates in, checks that each update is the
 * sender's own for its job's round, and forwards the engine's typed events to the host pages.
 * Transport-free (a `Peer` is anything with send and close), so tests drive it directly.
 */
import type { Dataset, DatasetName } from '../../sim/core/dataset';
import type { SimEvent } from '../../sim/core/events';
import type { ModelSpec } from '../../sim/core/schema';
import type { Trainer } from '../../sim/core/trainer';
import { WallClock } from '../../sim/core/wall-clock';
import { Engine } from '../../sim/engine';
import type { Scenario } from '../../sim/scenario';
import { LiveAvailability } from './live-availability';
import {
	MAX_CLIENTS,
	REJECTIONS,
	encodeFrame,
	type AssignMessage,
	type ClassroomConfig,
	type ModelHeader,
	type RejectionCode,
	type RosterEntry,
	type ServerMessage,
	type UpdateHeader
} from './protocol';
import { RemoteTrainer, type RemoteJob } from './remote-trainer';
import { DEFAULT_CONFIG, LIVE_DEVICE, classroomScenario } from './scenario';

/** One end of a connection. */
export interface Peer {
	send(data: string | Uint8Array): void;
	close(code: number, reason: string): void;
}

export interface SessionOptions {
	code: string;
	hostKey: string;
	joinUrl: string;
	qrSvg: string;
	tls: boolean;
	maxClients?: number;
	datasetName?: DatasetName;
	dataset: (name: DatasetName) => Dataset;
	/** The server's own trainer (initial weights, test-set evaluation). */
	localTrainer: (dataset: Dataset, model: ModelSpec) => Trainer;
	/** Random tokens (resume tokens). */
	token: () => string;
	config?: Partial<ClassroomConfig>;
	log?: (msg: string) => void;
}

export interface Student {
	readonly seat: number;
	readonly token: string;
	name: string;
	peer: Peer | null;
	kicked: boolean;
	/** Client index in the current run, or null. */
	client: number | null;
	bytesSent: number;
	updates: number;
	badRounds: number[];
	availability: LiveAvailability | null;
}

type RunState = 'lobby' | 'running' | 'paused' | 'finished';

interface Run {
	readonly id: number;
	readonly scenario: Scenario;
	readonly engine: Engine;
	readonly trainer: RemoteTrainer;
	readonly clock: WallClock;
	readonly members: Student[];
	readonly log: SimEvent[];
	readonly roundOf: Map<number, number>;
	assign: Omit<AssignMessage, 'client' | 'indices'>;
}

export class Session {
	readonly code: string;
	readonly students: Student[] = [];
	readonly hosts = new Set<Peer>();
	config: ClassroomConfig;
	state: RunState = 'lobby';
	revealed = false;
	readonly #opts: SessionOptions;
	readonly #maxClients: number;
	#run: Run | null = null;
	#runs = 0;
	#outbox: SimEvent[] = [];
	#rosterDirty = false;
	#flushTimer: ReturnType<typeof setTimeout> | null = null;
	#stepping = false;
	/** Messages sent to students and hosts, by kind (the load test counts them). */
	readonly sent = { jobs: 0, updates: 0, events: 0 };

	constructor(opts: SessionOptions) {
		this.#opts = opts;
		this.code = opts.code;
		this.#maxClients = opts.maxClients ?? MAX_CLIENTS;
		this.config = { ...DEFAULT_CONFIG, ...opts.config };
	}

	/** Whether `key` is this session's host key. */
	isHostKey(key: string): boolean {
		return key === this.#opts.hostKey;
	}

	/** The current run's model size in bytes (0 between runs). */
	get modelBytes(): number {
		return this.#run?.engine.modelBytes ?? 0;
	}

	/** Every event of the current run so far. */
	get events(): readonly SimEvent[] {
		return this.#run?.log ?? [];
	}

	get runId(): number {
		return this.#runs;
	}

	/** A student says hello (new, or back with its seat and token). */
	joinStudent(
		peer: Peer,
		hello: { name?: string | undefined; seat?: number | undefined; token?: string | undefined }
	): Student | RejectionCode {
		if (hello.seat !== undefined || hello.token !== undefined) {
			const s = this.students[hello.seat ?? -1];
			if (!s || s.token !== hello.token || s.kicked) return 'bad-token';
			if (s.peer && s.peer !== peer) s.peer.close(4000, 'replaced by a new connection');
			s.peer = peer;
			this.#welcome(s);
			this.#setOnline(s, true);
			const job = s.client !== null ? this.#run?.trainer.jobOf(s.client) : undefined;
			if (job) this.#sendJob(job); // reconnected mid-round: the job it was doing, again
			this.#touchRoster();
			return s;
		}
		const present = this.students.filter((s) => s.peer && !s.kicked).length;
		if (present >= this.#maxClients) return 'session-full';
		const seat = this.students.length;
		const s: Student = {
			seat,
			token: this.#opts.token(),
			name: hello.name || `Student ${seat + 1}`,
			peer,
			kicked: false,
			client: null,
			bytesSent: 0,
			updates: 0,
			badRounds: [],
			availability: null
		};
		this.students.push(s);
		this.#welcome(s);
		this.#touchRoster();
		return s;
	}

	/** A host page joined (its key was checked). */
	joinHost(peer: Peer): void {
		this.hosts.add(peer);
		peer.send(JSON.stringify(this.#info()));
		const run = this.#run;
		if (run) {
			peer.send(
				JSON.stringify({
					kind: 'run',
					run: run.id,
					scenario: run.scenario,
					clients: run.members.length
				} satisfies ServerMessage)
			);
			peer.send(JSON.stringify({ kind: 'events', run: run.id, events: run.log }));
		}
		peer.send(JSON.stringify(this.#roster()));
	}

	leaveHost(peer: Peer): void {
		this.hosts.delete(peer);
	}

	/** A student's connection closed: it may come back with its token. */
	disconnect(s: Student, peer: Peer): void {
		if (s.peer !== peer) return;
		s.peer = null;
		this.#setOnline(s, false);
		this.#touchRoster();
	}

	/** A validated update frame from student `s`: its own, for its job's round? */
	update(s: Student, header: UpdateHeader, weights: Float32Array): RejectionCode | null {
		const run = this.#run;
		if (!run || s.client === null || header.client !== s.client) return 'not-yours';
		const job = run.trainer.jobOf(s.client);
		if (!job || job.round !== header.round) return 'wrong-round';
		s.bytesSent += weights.byteLength;
		s.updates++;
		this.sent.updates++;
		if (header.attack !== 'none') s.badRounds.push(header.round);
		run.trainer.deliver(s.client, weights, header.loss ?? NaN);
		this.#touchRoster();
		return null;
	}

	/** The lecturer's controls; returns an error for the host, or null. */
	control(
		action: string,
		args: { seat?: number | undefined; config?: ClassroomConfig | undefined }
	): { code: RejectionCode; detail: string } | null {
		const run = this.#run;
		switch (action) {
			case 'configure': {
				if (!args.config) return { code: 'bad-config', detail: 'no settings given' };
				const check = classroomScenario(
					args.config,
					Math.max(1, this.#present().length),
					this.#datasetName()
				);
				if (!check.ok) return { code: 'bad-config', detail: check.errors.join('; ') };
				this.config = args.config;
				this.#broadcastHosts(this.#info());
				return null;
			}
			case 'start':
				return this.#start();
			case 'pause':
				if (run && this.state === 'running') {
					run.engine.pause();
					this.state = 'paused';
				}
				break;
			case 'resume':
				if (run && this.state === 'paused') this.#go(run);
				break;
			case 'step':
				if (run && this.state === 'paused') {
					this.#stepping = true;
					this.#go(run);
				}
				break;
			case 'stop':
				if (run && (this.state === 'running' || this.state === 'paused')) {
					run.engine.pause();
					this.#end(run);
				}
				break;
			case 'kick': {
				const s = this.students[args.seat ?? -1];
				if (s) this.kick(s);
				break;
			}
			case 'reveal':
				this.revealed = true;
				break;
		}
		this.#touchRoster();
		return null;
	}

	/** Removes a student: its connection closes, its token stops working, its job is lost. */
	kick(s: Student): void {
		s.kicked = true;
		const peer = s.peer;
		s.peer = null;
		if (peer) {
			peer.send(JSON.stringify(errorMessage('kicked')));
			peer.close(4001, 'kicked');
		}
		this.#setOnline(s, false);
		if (s.client !== null) this.#run?.trainer.abandon(s.client);
		this.#touchRoster();
	}

	/** Closes every connection and stops the run. */
	dispose(): void {
		this.#run?.engine.pause();
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		for (const s of this.students) s.peer?.close(1001, 'the session ended');
		for (const h of this.hosts) h.close(1001, 'the session ended');
		this.hosts.clear();
		this.#run?.trainer.dispose();
	}

	#datasetName(): DatasetName {
		return this.#opts.datasetName ?? 'mnist';
	}

	#present(): Student[] {
		return this.students.filter((s) => s.peer && !s.kicked);
	}

	#start(): { code: RejectionCode; detail: string } | null {
		if (this.state === 'running' || this.state === 'paused')
			return { code: 'bad-config', detail: 'a run is in progress: stop it first' };
		const members = this.#present();
		if (!members.length) return { code: 'bad-config', detail: 'no student has joined yet' };
		const parsed = classroomScenario(this.config, members.length, this.#datasetName());
		if (!parsed.ok) return { code: 'bad-config', detail: parsed.errors.join('; ') };
		const scenario = parsed.scenario;
		this.#run?.trainer.dispose();
		const dataset = this.#opts.dataset(scenario.dataset);
		const clock = new WallClock();
		const clientOf = new Map<Int32Array, number>();
		const roundOf = new Map<number, number>();
		const trainer = new RemoteTrainer({
			local: this.#opts.localTrainer(dataset, scenario.model),
			clock,
			clientOf,
			roundOf: (k) => roundOf.get(k) ?? 0,
			dispatch: (job) => this.#sendJob(job)
		});
		const availability = members.map(() => new LiveAvailability());
		const engine = new Engine(scenario, dataset, trainer, {
			clock,
			devices: members.map(() => LIVE_DEVICE),
			availability
		});
		for (const c of engine.clients) clientOf.set(c.indices, c.id);
		const id = ++this.#runs;
		const run: Run = {
			id,
			scenario,
			engine,
			trainer,
			clock,
			members,
			log: [],
			roundOf,
			assign: {
				kind: 'assign',
				run: id,
				clients: members.length,
				dataset: scenario.dataset,
				hidden: this.config.hidden,
				modelBytes: engine.modelBytes,
				allowAttacks: this.config.allowAttacks
			}
		};
		this.#run = run;
		this.revealed = false;
		this.#outbox = [];
		for (const s of this.students) {
			s.client = null;
			s.availability = null;
			s.badRounds = [];
		}
		members.forEach((s, k) => {
			s.client = k;
			s.availability = availability[k] as LiveAvailability;
			this.#sendAssign(s);
		});
		this.#broadcastHosts({ kind: 'run', run: id, scenario, clients: members.length });
		engine.on((e) => this.#onEvent(run, e));
		this.#go(run);
		return null;
	}

	#go(run: Run): void {
		this.state = 'running';
		this.#touchRoster();
		run.engine.runLive().then(
			() => {
				if (run.engine.done) this.#end(run);
			},
			(e: unknown) => {
				this.#opts.log?.(`run ${run.id} failed: ${(e as Error).message}`);
				this.#end(run);
			}
		);
	}

	#end(run: Run): void {
		if (this.#run !== run || this.state === 'finished') return;
		this.state = 'finished';
		for (const s of run.members)
			s.peer?.send(JSON.stringify({ kind: 'runEnded', run: run.id } satisfies ServerMessage));
		this.#touchRoster();
	}

	#onEvent(run: Run, e: SimEvent): void {
		if (this.#run !== run) return;
		if (e.type === 'trainingStarted') run.roundOf.set(e.client, e.round);
		run.log.push(e);
		this.#outbox.push(e);
		if (e.type === 'evaluated') {
			const m: ServerMessage = {
				kind: 'metrics',
				run: run.id,
				round: e.round,
				accuracy: e.accuracy,
				loss: e.loss
			};
			const text = JSON.stringify(m);
			for (const s of run.members) s.peer?.send(text);
			if (this.#stepping) {
				this.#stepping = false;
				run.engine.pause();
				this.state = 'paused';
				this.#touchRoster();
			}
		}
		this.#scheduleFlush();
	}

	/** A run member's connection opened or closed: the engine sees it through its availability. */
	#setOnline(s: Student, online: boolean): void {
		const run = this.#run;
		if (!s.availability || !run || s.client === null) return;
		if (s.availability.online === online) return;
		s.availability.online = online;
		if (this.state === 'running' || this.state === 'paused')
			this.#onEvent(run, { type: 'availability', t: run.clock.now, client: s.client, online });
	}

	#welcome(s: Student): void {
		const run = this.#run;
		s.peer?.send(
			JSON.stringify({
				kind: 'welcome',
				seat: s.seat,
				token: s.token,
				name: s.name,
				running: this.state === 'running' || this.state === 'paused'
			} satisfies ServerMessage)
		);
		if (run && s.client !== null && this.state !== 'finished') this.#sendAssign(s);
	}

	#sendAssign(s: Student): void {
		const run = this.#run;
		if (!run || s.client === null) return;
		const client = run.engine.clients[s.client];
		if (!client) return;
		const msg: AssignMessage = {
			...run.assign,
			client: s.client,
			indices: Array.from(client.indices)
		};
		s.peer?.send(JSON.stringify(msg));
	}

	#sendJob(job: RemoteJob): void {
		const run = this.#run;
		const s = run?.members[job.client];
		if (!run || !s?.peer) return; // away: sent again if it comes back
		const header: ModelHeader = {
			kind: 'model',
			run: run.id,
			round: job.round,
			client: job.client,
			epochs: job.epochs,
			batchSize: job.batchSize,
			learningRate: job.learningRate,
			seed: job.seed
		};
		this.sent.jobs++;
		s.peer.send(encodeFrame(header, job.weights));
	}

	#info(): ServerMessage {
		const o = this.#opts;
		return {
			kind: 'info',
			code: this.code,
			joinUrl: o.joinUrl,
			qrSvg: o.qrSvg,
			tls: o.tls,
			maxClients: this.#maxClients,
			config: this.config
		};
	}

	#roster(): ServerMessage {
		const students: RosterEntry[] = this.students
			.filter((s) => !s.kicked)
			.map((s) => ({
				seat: s.seat,
				name: s.name,
				connected: s.peer !== null,
				client: s.client,
				bytesSent: s.bytesSent,
				updates: s.updates,
				...(this.revealed ? { badRounds: [...new Set(s.badRounds)] } : {})
			}));
		return {
			kind: 'roster',
			students,
			run: this.#runs,
			state: this.state,
			revealed: this.revealed
		};
	}

	#touchRoster(): void {
		this.#rosterDirty = true;
		this.#scheduleFlush();
	}

	#scheduleFlush(): void {
		if (this.#flushTimer) return;
		this.#flushTimer = setTimeout(() => this.#flush(), 50);
	}

	#flush(): void {
		this.#flushTimer = null;
		const run = this.#run;
		if (run && this.#outbox.length) {
			const events = this.#outbox;
			this.#outbox = [];
			this.sent.events += events.length;
			this.#broadcastHosts({ kind: 'events', run: run.id, events });
		}
		if (this.#rosterDirty) {
			this.#rosterDirty = false;
			this.#broadcastHosts(this.#roster());
		}
	}

	#broadcastHosts(m: ServerMessage): void {
		if (!this.hosts.size) return;
		const text = JSON.stringify(m);
		for (const h of this.hosts) h.send(text);
	}
}

/** The error message a client gets for `code`. */
export function errorMessage(code: RejectionCode, detail?: string): ServerMessage {
	return { kind: 'error', code, message: detail ?? REJECTIONS[code] };
}
