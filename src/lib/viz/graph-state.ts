/**
 * What the network graph shows at a given simulated time, derived from the event stream alone.
 * `GraphIndex` (a part of `EventIndex`, which feeds it the stream once, incrementally) keeps
 * per-client timelines and a time-ordered list of messages, so that the state at any playhead —
 * forwards or backwards — costs a few binary searches. Pure TypeScript.
 */
import type { ClientInfo, EventOf, MessageKind, NodeId, SimEvent } from '$lib/sim/core/events';
import type { EventReader } from './event-reader';

/** What a client is doing. A message to it marks it `selected`, a message from it `uploading`. */
export type ClientPhase = 'idle' | 'selected' | 'training' | 'uploading' | 'offline';

export interface ClientView {
	readonly phase: ClientPhase;
	/** Fraction of its local training done, when a training interval covers the playhead. */
	readonly progress: number | null;
}

/** A message in flight at the playhead. */
export interface ParticleView {
	/** The message's index in the event stream: stable while it flies. */
	readonly key: number;
	readonly kind: MessageKind;
	readonly from: NodeId;
	readonly to: NodeId;
	readonly bytes: number;
	/** Where it is along its link, 0 at the sender, 1 at the receiver. */
	readonly progress: number;
	readonly opacity: number;
	/** A lost message that has reached the point where the link drops it. */
	readonly dropped: boolean;
	readonly staleness?: number;
	/** An update sent by a Byzantine client (what it carries is the attack). */
	readonly byzantine?: boolean;
}

export interface GraphSnapshot {
	readonly time: number;
	/** The latest round that has started (0 before the first). */
	readonly round: number;
	readonly clients: readonly ClientView[];
	/** Messages in flight, at most `cap` of them (an even, stable sample). */
	readonly particles: readonly ParticleView[];
	/** All messages in flight, drawn or not. */
	readonly inFlight: number;
	readonly messagesSent: number;
	readonly messagesLost: number;
	readonly updatesDropped: number;
	readonly bytesUp: number;
	readonly bytesDown: number;
	/** The latest evaluation at or before the playhead. */
	readonly evaluated: EventOf<'evaluated'> | null;
	readonly finished: boolean;
}

/** What the details popup says about one client at the playhead. */
export interface ClientDetails {
	readonly info: ClientInfo;
	readonly view: ClientView;
	readonly offline: boolean;
	/** Mean local training loss of its latest finished training, and that round. */
	readonly lastLoss: { readonly loss: number; readonly round: number } | null;
	/** How many times it has started local training. */
	readonly trainings: number;
	readonly lastDrop: { readonly reason: string; readonly staleness?: number } | null;
}

/** Default cap on drawn particles. */
export const PARTICLE_CAP = 300;
/** A lost message travels to the middle of its link, then fades out over this fraction. */
const LOST_AT = 0.5;
const LOST_FADE = 0.25;

type Message = EventOf<'message'>;
const OFFLINE: ClientView = { phase: 'offline', progress: null };
type Phase = 'selected' | 'training' | 'uploading';

interface Interval {
	readonly start: number;
	readonly end: number;
	readonly phase: Phase;
}

interface ClientTimeline {
	intervals: Interval[];
	maxLen: number;
	availability: { t: number; online: boolean }[];
	losses: { t: number; loss: number; round: number }[];
	trainings: number[];
	drops: { t: number; reason: string; staleness?: number }[];
}

const newTimeline = (): ClientTimeline => ({
	intervals: [],
	maxLen: 0,
	availability: [],
	losses: [],
	trainings: [],
	drops: []
});

/** Index of the last element with `time(x) ≤ t`, or −1. Assumes times are non-decreasing. */
function lastAtOrBefore<T>(xs: readonly T[], t: number, time: (x: T) => number): number {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (time(xs[mid] as T) <= t) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

/** Where a message is drawn at time `now`, or null when it is not in flight. */
export function particleAt(m: Message, key: number, now: number): ParticleView | null {
	const d = m.arrives - m.t;
	if (!(d > 0) || now < m.t) return null;
	const p = (now - m.t) / d;
	let progress = p;
	let opacity = 1;
	let dropped = false;
	if (m.lost) {
		if (p >= LOST_AT + LOST_FADE) return null;
		progress = Math.min(p, LOST_AT);
		dropped = p >= LOST_AT;
		opacity = dropped ? 1 - (p - LOST_AT) / LOST_FADE : 1;
	} else if (p >= 1) return null;
	const view: ParticleView = {
		key,
		kind: m.kind,
		from: m.from,
		to: m.to,
		bytes: m.bytes,
		progress,
		opacity,
		dropped
	};
	return m.staleness === undefined ? view : { ...view, staleness: m.staleness };
}

/** A well-mixed hash of an integer, so that sampling by key does not follow the event pattern. */
function mix(key: number): number {
	let h = Math.imul(key ^ 0x9e3779b9, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/**
 * At most `cap` particles: a sample chosen by a hash of each key, so the same message stays drawn
 * (or hidden) from frame to frame while the count in flight changes slowly.
 */
export function capParticles(all: readonly ParticleView[], cap: number): ParticleView[] {
	if (all.length <= cap) return [...all];
	const keep = cap / all.length;
	const out = all.filter((p) => mix(p.key) / 2 ** 32 < keep);
	return out.length > cap ? out.slice(0, cap) : out;
}

/** The network graph's index of one run: `at(playhead)` gives its state at any simulated time. */
export class GraphIndex implements EventReader {
	#setup: EventOf<'setup'> | null = null;
	#timelines: ClientTimeline[] = [];
	/** Views of the previous `at()`, reused when unchanged so that views keep their identity. */
	#views: ClientView[] = [];
	#messages: { m: Message; key: number }[] = [];
	#maxFlight = 0;
	#cumUp: number[] = [];
	#cumDown: number[] = [];
	#cumLost: number[] = [];
	#rounds: { t: number; round: number }[] = [];
	#evaluated: EventOf<'evaluated'>[] = [];
	#drops: number[] = [];
	/** Staleness reported after the fact, by message key. */
	#staleness = new Map<number, number>();
	#finished: number | null = null;
	#kinds = new Set<MessageKind>();
	#anyLost = false;
	#anyOffline = false;
	#anyStale = false;

	/** The run's `setup` event, once seen. */
	get setup(): EventOf<'setup'> | null {
		return this.#setup;
	}

	/** Message kinds seen so far in the run (for the legend). */
	get kinds(): ReadonlySet<MessageKind> {
		return this.#kinds;
	}

	/** Features of the run that the legend explains only when present. */
	get features(): { lost: boolean; offline: boolean; staleness: boolean } {
		return { lost: this.#anyLost, offline: this.#anyOffline, staleness: this.#anyStale };
	}

	reset(): void {
		this.#setup = null;
		this.#timelines = [];
		this.#views = [];
		this.#messages = [];
		this.#maxFlight = 0;
		this.#cumUp = [];
		this.#cumDown = [];
		this.#cumLost = [];
		this.#rounds = [];
		this.#evaluated = [];
		this.#drops = [];
		this.#staleness = new Map();
		this.#finished = null;
		this.#kinds = new Set();
		this.#anyLost = this.#anyOffline = this.#anyStale = false;
	}

	#timeline(client: number): ClientTimeline | undefined {
		return this.#timelines[client];
	}

	#interval(client: NodeId, start: number, end: number, phase: Phase): void {
		if (client === 'server') return;
		const tl = this.#timeline(client);
		if (!tl) return;
		tl.intervals.push({ start, end, phase });
		tl.maxLen = Math.max(tl.maxLen, end - start);
	}

	#round(t: number, round: number): void {
		const prev = this.#rounds.at(-1)?.round ?? 0;
		if (round > prev) this.#rounds.push({ t, round });
	}

	add(e: SimEvent, key: number): void {
		switch (e.type) {
			case 'setup':
				this.#setup = e;
				this.#timelines = e.clients.map(newTimeline);
				break;
			case 'roundStarted':
				this.#round(e.t, e.round);
				break;
			case 'message': {
				const n = this.#messages.length;
				const up = e.from === 'server' ? 0 : e.bytes;
				this.#messages.push({ m: e, key });
				this.#cumUp.push((this.#cumUp[n - 1] ?? 0) + up);
				this.#cumDown.push((this.#cumDown[n - 1] ?? 0) + e.bytes - up);
				this.#cumLost.push((this.#cumLost[n - 1] ?? 0) + (e.lost ? 1 : 0));
				this.#maxFlight = Math.max(this.#maxFlight, e.arrives - e.t);
				this.#kinds.add(e.kind);
				if (e.lost) this.#anyLost = true;
				if (e.staleness !== undefined) this.#anyStale = true;
				this.#round(e.t, e.round);
				const end = e.lost ? e.t + (e.arrives - e.t) * LOST_AT : e.arrives;
				this.#interval(e.from, e.t, end, 'uploading');
				this.#interval(e.to, e.t, end, 'selected');
				break;
			}
			case 'trainingStarted':
				this.#interval(e.client, e.t, e.t + e.duration, 'training');
				this.#timeline(e.client)?.trainings.push(e.t);
				this.#round(e.t, e.round);
				break;
			case 'trainingFinished':
				this.#timeline(e.client)?.losses.push({ t: e.t, loss: e.loss, round: e.round });
				break;
			case 'evaluated':
				this.#evaluated.push(e);
				break;
			case 'availability':
				this.#timeline(e.client)?.availability.push({ t: e.t, online: e.online });
				if (!e.online) this.#anyOffline = true;
				break;
			case 'updateDropped': {
				const drop = { t: e.t, reason: e.reason };
				this.#timeline(e.client)?.drops.push(
					e.staleness === undefined ? drop : { ...drop, staleness: e.staleness }
				);
				this.#drops.push(e.t);
				break;
			}
			case 'finished':
				this.#finished = e.t;
				break;
			case 'aggregated':
			case 'diverged':
				break;
			default:
				this.#received(e as { type: string; t: number; client?: unknown; staleness?: unknown });
		}
	}

	/**
	 * An asynchronous server reports an update's staleness when it takes it in
	 * (`updateReceived`); the update message that just arrived then shows it as its label.
	 */
	#received(e: { type: string; t: number; client?: unknown; staleness?: unknown }): void {
		if (e.type !== 'updateReceived' || typeof e.staleness !== 'number') return;
		for (let i = this.#messages.length - 1; i >= 0; i--) {
			const { m, key } = this.#messages[i] as { m: Message; key: number };
			if (m.arrives < e.t - this.#maxFlight) break;
			if (m.from === e.client && m.kind === 'update' && Math.abs(m.arrives - e.t) < 1e-9) {
				this.#staleness.set(key, e.staleness);
				this.#anyStale = true;
				return;
			}
		}
	}

	#online(tl: ClientTimeline, now: number): boolean {
		const i = lastAtOrBefore(tl.availability, now, (a) => a.t);
		return i < 0 || (tl.availability[i]?.online ?? true);
	}

	#stableView(k: number, tl: ClientTimeline, now: number): ClientView {
		const v = this.#view(tl, now);
		const prev = this.#views[k];
		if (prev && prev.phase === v.phase && prev.progress === v.progress) return prev;
		this.#views[k] = v;
		return v;
	}

	#view(tl: ClientTimeline, now: number): ClientView {
		if (!this.#online(tl, now)) return OFFLINE;
		const ivs = tl.intervals;
		let phase: ClientPhase = 'idle';
		let progress: number | null = null;
		// the latest-starting interval that covers `now` decides the phase
		for (let i = lastAtOrBefore(ivs, now, (v) => v.start); i >= 0; i--) {
			const v = ivs[i] as Interval;
			if (v.start < now - tl.maxLen) break;
			if (v.end <= now) continue;
			if (phase === 'idle') phase = v.phase;
			if (v.phase === 'training') {
				progress = (now - v.start) / (v.end - v.start);
				break;
			}
		}
		return { phase, progress };
	}

	/** The graph's state at simulated time `now`, drawing at most `cap` particles. */
	at(now: number, cap = PARTICLE_CAP): GraphSnapshot {
		const clients = this.#timelines.map((tl, k) => this.#stableView(k, tl, now));
		const last = lastAtOrBefore(this.#messages, now, (x) => x.m.t);
		const flying: ParticleView[] = [];
		for (let i = last; i >= 0; i--) {
			const { m, key } = this.#messages[i] as { m: Message; key: number };
			if (m.t < now - this.#maxFlight) break;
			let p = particleAt(m, key, now);
			const late = this.#staleness.get(key);
			if (p && late !== undefined && p.staleness === undefined) p = { ...p, staleness: late };
			const sender = m.from === 'server' ? undefined : this.#setup?.clients[m.from];
			if (p && m.kind === 'update' && sender?.byzantine) p = { ...p, byzantine: true };
			if (p) flying.push(p);
		}
		flying.reverse();
		const r = lastAtOrBefore(this.#rounds, now, (x) => x.t);
		const ev = lastAtOrBefore(this.#evaluated, now, (x) => x.t);
		return {
			time: now,
			round: this.#rounds[r]?.round ?? 0,
			clients,
			particles: capParticles(flying, cap),
			inFlight: flying.length,
			messagesSent: last + 1,
			messagesLost: this.#cumLost[last] ?? 0,
			updatesDropped: lastAtOrBefore(this.#drops, now, (t) => t) + 1,
			bytesUp: this.#cumUp[last] ?? 0,
			bytesDown: this.#cumDown[last] ?? 0,
			evaluated: this.#evaluated[ev] ?? null,
			finished: this.#finished !== null && now >= this.#finished
		};
	}

	/** Details of one client at simulated time `now`, or null when there is no such client. */
	details(client: number, now: number): ClientDetails | null {
		const tl = this.#timeline(client);
		const info = this.#setup?.clients[client];
		if (!tl || !info) return null;
		const l = tl.losses[lastAtOrBefore(tl.losses, now, (x) => x.t)];
		const d = tl.drops[lastAtOrBefore(tl.drops, now, (x) => x.t)];
		return {
			info,
			view: this.#view(tl, now),
			offline: !this.#online(tl, now),
			lastLoss: l ? { loss: l.loss, round: l.round } : null,
			trainings: lastAtOrBefore(tl.trainings, now, (t) => t) + 1,
			lastDrop: d ? (d.staleness === undefined ? { reason: d.reason } : d) : null
		};
	}
}
