/**
 * The classroom server's message handling, without a transport: sessions by code, and for each
 * connection its role (student or host), a rate limit and the checks of every frame. Any protocol
 * violation closes that connection only (after an `error` message naming why); a few honest races
 * (an update for a round that just closed, settings that do not make a run) get an error and stay
 * open. The WebSocket server (server.ts) feeds frames in; tests feed them directly.
 */
import {
	RateLimit,
	parseClientText,
	parseUpdate,
	type RejectionCode,
	type ServerMessage
} from './protocol';
import { Session, errorMessage, type Peer, type SessionOptions, type Student } from './session';

/** Codes that answer with an error but keep the connection. */
const KEEP_OPEN: ReadonlySet<RejectionCode> = new Set(['wrong-round', 'bad-config', 'too-late']);

/** What a transport calls for one connection. */
export interface Connection {
	text(raw: string, bytes: number): void;
	binary(buf: Uint8Array): void;
	closed(): void;
}

export interface ClassroomOptions {
	/** Messages per second a connection may send on average, and at once. */
	ratePerSecond?: number;
	rateBurst?: number;
	/** A connection must say hello within this many ms. */
	helloTimeoutMs?: number;
}

export class Classroom {
	readonly sessions = new Map<string, Session>();
	readonly #opts: Required<ClassroomOptions>;
	/** Connections closed for a protocol violation, by reason (the tests read it). */
	readonly rejected = new Map<RejectionCode, number>();

	constructor(opts: ClassroomOptions = {}) {
		this.#opts = { ratePerSecond: 20, rateBurst: 40, helloTimeoutMs: 10_000, ...opts };
	}

	createSession(opts: SessionOptions): Session {
		const s = new Session(opts);
		this.sessions.set(s.code, s);
		return s;
	}

	dispose(): void {
		for (const s of this.sessions.values()) s.dispose();
		this.sessions.clear();
	}

	/** A new connection: nothing is trusted until its hello. */
	connect(peer: Peer): Connection {
		const limit = new RateLimit(this.#opts.rateBurst, this.#opts.ratePerSecond);
		let session: Session | null = null;
		let student: Student | null = null;
		let host = false;
		let open = true;
		const helloTimer = setTimeout(() => fail('no-hello'), this.#opts.helloTimeoutMs);
		const send = (m: ServerMessage) => peer.send(JSON.stringify(m));
		const fail = (code: RejectionCode, detail?: string) => {
			if (!open) return;
			send(errorMessage(code, detail));
			if (KEEP_OPEN.has(code)) return;
			this.rejected.set(code, (this.rejected.get(code) ?? 0) + 1);
			open = false;
			clearTimeout(helloTimer);
			peer.close(1008, code);
			closed();
		};
		const closed = () => {
			open = false;
			clearTimeout(helloTimer);
			if (session && student) session.disconnect(student, peer);
			if (session && host) session.leaveHost(peer);
		};
		return {
			text: (raw, bytes) => {
				if (!open) return;
				if (!limit.take()) return fail('rate-limit');
				const m = parseClientText(raw, bytes);
				if (!m.ok) return fail(m.code, m.detail);
				const msg = m.value;
				if (msg.kind === 'hello') {
					if (session) return fail('malformed', 'one hello per connection');
					const s = this.sessions.get(msg.session);
					if (!s) return fail('wrong-session');
					clearTimeout(helloTimer);
					if (msg.role === 'host') {
						if (!s.isHostKey(msg.key)) return fail('not-host');
						session = s;
						host = true;
						s.joinHost(peer);
						return;
					}
					const r = s.joinStudent(peer, msg);
					if (typeof r === 'string') return fail(r);
					session = s;
					student = r;
					return;
				}
				// a control
				if (!session || !host) return fail('not-host');
				if (msg.session !== session.code) return fail('wrong-session');
				const err = session.control(msg.action, msg);
				if (err) fail(err.code, err.detail);
			},
			binary: (buf) => {
				if (!open) return;
				if (!limit.take()) return fail('rate-limit');
				if (!session || !student) return fail('malformed', 'only a student sends updates');
				if (!session.modelBytes) return fail('wrong-round', 'no run is in progress');
				const u = parseUpdate(buf, {
					session: session.code,
					modelBytes: session.modelBytes,
					allowNonFinite: session.config.allowBroken
				});
				if (!u.ok) return fail(u.code, u.detail);
				const err = session.update(student, u.value.header, u.value.weights);
				if (err) fail(err);
			},
			closed: () => {
				if (open) closed();
			}
		};
	}
}
