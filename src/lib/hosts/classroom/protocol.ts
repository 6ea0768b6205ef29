/**
 * The classroom protocol: what the lecturer's server, the host page (projector) and the students'
 * pages say to each other over one WebSocket each. Pure TypeScript (valibot), shared by the Node
 * server and the pages.
 *
 * It carries models and updates only. A student sends a `hello` (an optional display name), and
 * for each training job exactly one `update`: a binary frame whose header names the session, the
 * client, the round and the loss, followed by exactly the model's bytes of float32 weights. Every
 * client message is a strict object of bounded scalars (no arrays, no records, no free-form
 * payload), so no message can carry a student's data; protocol.test.ts walks the schemas to check.
 *
 * Binary frame layout: u32 (little-endian) header length h, h bytes of UTF-8 JSON header, zero
 * padding to a multiple of 4, then the float32 payload (little-endian, as typed arrays are on
 * every platform that runs this).
 */
import * as v from 'valibot';
import type { SimEvent } from '../../sim/core/events';

/** Most students one session takes; the next one is told "session full". */
export const MAX_CLIENTS = 200;
/** Largest text frame a client may send, bytes. */
export const MAX_TEXT_BYTES = 4096;
/** Largest header of a binary frame, bytes. */
export const MAX_HEADER_BYTES = 1024;
/** Session codes: 16 base-32 characters, 80 random bits. */
export const CODE_PATTERN = /^[a-z2-7]{16}$/;
/** Resume tokens and host keys: 32 base-32 characters, 160 random bits. */
export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
/** The WebSocket path on the classroom server. */
export const WS_PATH = '/classroom-ws';

/** What a student may do to its update before sending it (the "send a bad update" switch). */
export const ATTACKS = ['none', 'signFlip', 'noise'] as const;
export type ClassroomAttack = (typeof ATTACKS)[number];

/** Algorithms a classroom runs (split learning needs a per-batch exchange: not offered). */
export const CLASSROOM_ALGORITHMS = ['fedavg', 'fedasync', 'fedbuff'] as const;
/** How the bundled digits are dealt to the students. */
export const CLASSROOM_PARTITIONS = ['iid', 'shards'] as const;

const code = v.pipe(v.string(), v.regex(CODE_PATTERN, 'must be a session code'));
const token = v.pipe(v.string(), v.regex(TOKEN_PATTERN, 'must be a token'));
const count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

/** A student joins (or comes back with its seat and token after a lost connection). */
export const StudentHello = v.strictObject({
	kind: v.literal('hello'),
	role: v.literal('student'),
	session: code,
	name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40, 'must be at most 40 characters'))),
	seat: v.optional(count(100_000)),
	token: v.optional(token)
});

/** The lecturer's page joins with the host key the server printed. */
export const HostHello = v.strictObject({
	kind: v.literal('hello'),
	role: v.literal('host'),
	session: code,
	key: token
});

/** The run settings a lecturer picks; the server turns them into a validated scenario. */
export const ClassroomConfig = v.strictObject({
	algorithm: v.picklist(CLASSROOM_ALGORITHMS),
	partition: v.picklist(CLASSROOM_PARTITIONS),
	aggregator: v.pipe(v.string(), v.maxLength(32)),
	rounds: count(1000),
	/** Real seconds after which a synchronous round closes without the late ones; 0: wait for all. */
	deadline: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(3600)),
	clientFraction: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(1)),
	localEpochs: count(50),
	batchSize: count(10_000),
	learningRate: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(10)),
	/** Hidden units of the one-hidden-layer MLP the room trains. */
	hidden: count(512),
	seed: count(2 ** 31 - 1),
	/** Show the students the "send a bad update" switch. */
	allowAttacks: v.boolean(),
	/** Accept updates with NaN or infinite values (to show what they do to the mean). */
	allowBroken: v.boolean()
});
export type ClassroomConfig = v.InferOutput<typeof ClassroomConfig>;

export const CONTROL_ACTIONS = [
	'start',
	'pause',
	'resume',
	'step',
	'stop',
	'kick',
	'reveal',
	'configure'
] as const;

/** The lecturer's controls. */
export const HostControl = v.strictObject({
	kind: v.literal('control'),
	session: code,
	action: v.picklist(CONTROL_ACTIONS),
	/** `kick`: the seat to remove. */
	seat: v.optional(count(100_000)),
	/** `configure`: the next run's settings. */
	config: v.optional(ClassroomConfig)
});

/** A student's `hello` or a host's `hello`/`control`: every text frame a client may send. */
export const ClientText = v.variant('role', [StudentHello, HostHello]);

/** The header of a student's update frame. */
export const UpdateHeader = v.strictObject({
	kind: v.literal('update'),
	session: code,
	/** The student's client index in the current run. */
	client: count(MAX_CLIENTS - 1),
	round: count(1_000_000),
	/** Mean local training loss (null when not finite). */
	loss: v.nullable(v.pipe(v.number(), v.finite())),
	/** What the student did to its update (kept secret until the lecturer reveals it). */
	attack: v.picklist(ATTACKS)
});
export type UpdateHeader = v.InferOutput<typeof UpdateHeader>;

/** The header of a training job the server sends a student, followed by the global model. */
export interface ModelHeader {
	kind: 'model';
	run: number;
	round: number;
	client: number;
	epochs: number;
	batchSize: number | 'full';
	learningRate: number;
	/** Seed of the local batch order. */
	seed: number;
}

/** The student's share of a run: indices into the bundled training set (not data). */
export interface AssignMessage {
	kind: 'assign';
	run: number;
	client: number;
	clients: number;
	indices: number[];
	dataset: 'mnist' | 'blobs';
	hidden: number;
	modelBytes: number;
	allowAttacks: boolean;
}

/** Why the server refused a message (and closed the connection unless said otherwise). */
export const REJECTIONS = {
	malformed: 'the message does not match the protocol',
	oversized: 'the message is larger than allowed',
	'wrong-session': 'no such session',
	'not-yours': 'a client may send only its own update',
	'wrong-round': 'there is no job of that round for this client (kept open)',
	'wrong-length': "the update's payload is not exactly the model's size",
	'non-finite': 'the update has NaN or infinite values (the lecturer does not allow them)',
	'rate-limit': 'too many messages',
	'session-full': 'the session is full',
	'not-host': 'only the lecturer can do that',
	kicked: 'the lecturer removed you from the session',
	'bad-token': 'unknown seat or token',
	'bad-config': 'the settings do not make a valid run (kept open)',
	'no-hello': 'the first message must be a hello',
	'too-late': 'the run has already started: wait for the next one (kept open)'
} as const;
export type RejectionCode = keyof typeof REJECTIONS;

/** One student as the host sees it. */
export interface RosterEntry {
	seat: number;
	name: string;
	connected: boolean;
	/** Client index in the current run (null: not in it). */
	client: number | null;
	bytesSent: number;
	updates: number;
	/** Only after the lecturer reveals: the rounds in which it sent a bad update. */
	badRounds?: number[];
}

export type ServerMessage =
	| { kind: 'welcome'; seat: number; token: string; name: string; running: boolean }
	| AssignMessage
	| { kind: 'metrics'; run: number; round: number; accuracy: number; loss: number }
	| { kind: 'runEnded'; run: number }
	| { kind: 'error'; code: RejectionCode; message: string }
	| {
			kind: 'info';
			code: string;
			joinUrl: string;
			qrSvg: string;
			tls: boolean;
			maxClients: number;
			config: ClassroomConfig;
	  }
	| {
			kind: 'roster';
			students: RosterEntry[];
			run: number;
			state: 'lobby' | 'running' | 'paused' | 'finished';
			revealed: boolean;
	  }
	| { kind: 'events'; run: number; events: SimEvent[] }
	| { kind: 'run'; run: number; scenario: unknown; clients: number };

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: RejectionCode; detail: string };

const reject = (code: RejectionCode, detail: string = REJECTIONS[code]) =>
	({ ok: false, code, detail }) as const;

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
	const i = issues[0];
	if (!i) return 'invalid';
	const path = i.path?.map((p) => String(p.key)).join('.') ?? '';
	return path ? `${path}: ${i.message}` : i.message;
}

/** A client's text frame: a student's hello, a host's hello or a host's control. */
export function parseClientText(
	raw: string,
	bytes: number
): Parsed<
	| v.InferOutput<typeof StudentHello>
	| v.InferOutput<typeof HostHello>
	| v.InferOutput<typeof HostControl>
> {
	if (bytes > MAX_TEXT_BYTES) return reject('oversized');
	let json: unknown;
	try {
		json = JSON.parse(raw);
	} catch {
		return reject('malformed', 'not JSON');
	}
	const kind = (json as { kind?: unknown } | null)?.kind;
	const schema = kind === 'control' ? HostControl : ClientText;
	const r = v.safeParse(schema, json);
	return r.success ? { ok: true, value: r.output } : reject('malformed', issueText(r.issues));
}

/** Encodes a binary frame: header JSON then the float32 payload. */
export function encodeFrame(header: object, payload: Float32Array): Uint8Array {
	const h = new TextEncoder().encode(JSON.stringify(header));
	const start = 4 + Math.ceil(h.length / 4) * 4;
	const out = new Uint8Array(start + payload.byteLength);
	new DataView(out.buffer).setUint32(0, h.length, true);
	out.set(h, 4);
	out.set(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), start);
	return out;
}

/** Splits a binary frame into its header (parsed JSON) and a copy of its payload. */
export function decodeFrame(
	buf: Uint8Array
): { ok: true; header: unknown; payload: Float32Array } | { ok: false; code: RejectionCode } {
	if (buf.byteLength < 4) return { ok: false, code: 'malformed' };
	const h = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0, true);
	if (h > MAX_HEADER_BYTES) return { ok: false, code: 'oversized' };
	const start = 4 + Math.ceil(h / 4) * 4;
	if (buf.byteLength < start || (buf.byteLength - start) % 4 !== 0)
		return { ok: false, code: 'malformed' };
	let header: unknown;
	try {
		header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(4, 4 + h)));
	} catch {
		return { ok: false, code: 'malformed' };
	}
	const bytes = buf.slice(start); // a copy, aligned
	return { ok: true, header, payload: new Float32Array(bytes.buffer, 0, bytes.byteLength / 4) };
}

/**
 * Validates a student's update frame against the session and the model: the header's shape, the
 * session, the payload length (exactly `modelBytes`) and, unless `allowNonFinite`, finite values.
 * Whether it is the student's own client and current round is the session's check.
 */
export function parseUpdate(
	buf: Uint8Array,
	expect: { session: string; modelBytes: number; allowNonFinite: boolean }
): Parsed<{ header: UpdateHeader; weights: Float32Array }> {
	if (buf.byteLength > expect.modelBytes + 4 + MAX_HEADER_BYTES + 4) return reject('oversized');
	const f = decodeFrame(buf);
	if (!f.ok) return reject(f.code);
	const r = v.safeParse(UpdateHeader, f.header);
	if (!r.success) return reject('malformed', issueText(r.issues));
	if (r.output.session !== expect.session) return reject('wrong-session');
	if (f.payload.byteLength !== expect.modelBytes)
		return reject(
			'wrong-length',
			`the payload has ${f.payload.byteLength} bytes, the model ${expect.modelBytes}`
		);
	if (!expect.allowNonFinite) {
		const w = f.payload;
		for (let i = 0; i < w.length; i++)
			if (!Number.isFinite(w[i])) return reject('non-finite', `weight ${i} is ${w[i]}`);
	}
	return { ok: true, value: { header: r.output, weights: f.payload } };
}

/** A token bucket: `burst` messages at once, `perSecond` on average. */
export class RateLimit {
	#tokens: number;
	#last: number;
	constructor(
		readonly burst: number,
		readonly perSecond: number,
		readonly nowMs: () => number = () => performance.now()
	) {
		this.#tokens = burst;
		this.#last = nowMs();
	}
	/** Takes a token; false when the bucket is empty (the sender floods). */
	take(): boolean {
		const now = this.nowMs();
		this.#tokens = Math.min(
			this.burst,
			this.#tokens + ((now - this.#last) / 1000) * this.perSecond
		);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

/** 16 base-32 characters from `bytes` random bytes (the session code: 10 bytes = 80 bits). */
export function base32(bytes: Uint8Array): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	let bits = 0;
	let value = 0;
	let out = '';
	for (const b of bytes) {
		value = (value << 8) | b;
		bits += 8;
		while (bits >= 5) {
			out += alphabet[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
	return out;
}
