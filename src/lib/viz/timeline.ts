/**
 * What every client was doing over simulated time — downloading the model, computing, uploading
 * its update, offline — derived from the event stream alone, for the Gantt-like timeline strip.
 * `ClientTimelines` (a part of `EventIndex`, which feeds it the stream once, incrementally) keeps
 * one list of segments per client; the strip then draws the segments that
 * started before the playhead, clipped to it. Work whose result was thrown away (training cut
 * short by going offline, an update lost on the link, dropped as too late or too stale) is marked
 * with its fate and the moment the fate became known, so the strip never tells the future.
 */
import type { EventOf, SimEvent } from '$lib/sim/core/events';
import type { EventReader } from './event-reader';

/** What a segment of a client's row shows. Idle is the absence of a segment. */
export type Activity = 'download' | 'compute' | 'upload' | 'offline';

/**
 * Why the work of a segment was wasted: `cut` (the client went offline mid-training), `lost` (the
 * link dropped the message), `dropped` (the server discarded the update: past the deadline, too
 * stale, or the round already had enough).
 */
export type Fate = 'cut' | 'lost' | 'dropped';

export interface Segment {
	readonly kind: Activity;
	readonly start: number;
	/** Infinity while an offline period has not ended. */
	end: number;
	fate?: Fate;
	/** Simulated time at which the fate became known. */
	fateAt?: number;
}

export interface ClientRow {
	readonly id: number;
	readonly straggler: boolean;
	/** Ordered by start. */
	readonly segments: Segment[];
}

/** Share of the client-seconds in [0, T] spent on each activity (the shares sum to 1). */
export interface Breakdown {
	/** Training whose update was used, or is still on its way. */
	readonly compute: number;
	/** Training that was thrown away (cut, lost or dropped) as of T. */
	readonly wasted: number;
	/** Sending or receiving a model. */
	readonly comm: number;
	readonly idle: number;
	readonly offline: number;
}

const EPS = 1e-9;

/** The last segment of `kind` in `row`, if any. */
function lastOf(row: ClientRow, kind: Activity): Segment | undefined {
	for (let i = row.segments.length - 1; i >= 0; i--) {
		const s = row.segments[i] as Segment;
		if (s.kind === kind) return s;
	}
	return undefined;
}

function markWasted(s: Segment | undefined, fate: Fate, at: number): void {
	if (s && s.fate === undefined) {
		s.fate = fate;
		s.fateAt = at;
	}
}

/** The timeline strip's index of one run's clients over time. */
export class ClientTimelines implements EventReader {
	#rows: ClientRow[] = [];
	#barriers: number[] = [];
	#latest = 0;

	/** One row per client, in client order. */
	get rows(): readonly ClientRow[] {
		return this.#rows;
	}

	/** Start times of synchronous rounds (everyone waits for these). */
	get barriers(): readonly number[] {
		return this.#barriers;
	}

	/** Simulated time of the latest event read. */
	get latest(): number {
		return this.#latest;
	}

	reset(): void {
		this.#rows = [];
		this.#barriers = [];
		this.#latest = 0;
	}

	add(e: SimEvent): void {
		if (e.t > this.#latest) this.#latest = e.t;
		switch (e.type) {
			case 'setup':
				this.#rows = e.clients.map((c) => ({
					id: c.id,
					straggler: c.straggler === true,
					segments: []
				}));
				return;
			case 'roundStarted':
				this.#barriers.push(e.t);
				return;
			case 'message':
				return this.#message(e);
			case 'trainingStarted': {
				this.#rows[e.client]?.segments.push({
					kind: 'compute',
					start: e.t,
					end: e.t + e.duration
				});
				return;
			}
			case 'availability':
				return this.#availability(e);
			case 'updateDropped':
				return this.#dropped(e);
			default:
				return;
		}
	}

	#message(e: EventOf<'message'>): void {
		const down = e.from === 'server';
		const client = down ? e.to : e.from;
		if (client === 'server') return;
		const row = this.#rows[client];
		if (!row) return;
		const offline = lastOf(row, 'offline');
		const blocked = offline !== undefined && offline.end > e.t + EPS;
		const seg: Segment = {
			kind: down ? 'download' : 'upload',
			start: e.t,
			end: blocked ? e.t : e.arrives
		};
		if (e.lost) {
			seg.fate = 'lost';
			seg.fateAt = e.arrives;
			// an update lost on its way up wastes the training that produced it
			if (!down) markWasted(lastOf(row, 'compute'), 'lost', e.arrives);
		}
		row.segments.push(seg);
	}

	#availability(e: EventOf<'availability'>): void {
		const row = this.#rows[e.client];
		if (!row) return;
		if (e.online) {
			const off = lastOf(row, 'offline');
			if (off && off.end === Infinity) off.end = e.t;
			return;
		}
		// whatever was under way stops here: training is lost, a transfer breaks off
		for (let i = row.segments.length - 1; i >= 0; i--) {
			const s = row.segments[i] as Segment;
			if (s.kind === 'offline') break;
			if (s.start < e.t && s.end > e.t + EPS) {
				s.end = e.t;
				if (s.kind === 'compute') markWasted(s, 'cut', e.t);
				else markWasted(s, 'lost', e.t);
			}
		}
		row.segments.push({ kind: 'offline', start: e.t, end: Infinity });
	}

	#dropped(e: EventOf<'updateDropped'>): void {
		const row = this.#rows[e.client];
		if (!row) return;
		const compute = lastOf(row, 'compute');
		if (!compute || compute.start > e.t + EPS) return;
		if (e.t < compute.end - EPS) {
			// dropped before it finished: the client went offline mid-training
			compute.end = e.t;
			markWasted(compute, 'cut', e.t);
			return;
		}
		// the update arrived and the server threw it away (too late, too stale, not needed)
		markWasted(compute, 'dropped', e.t);
		const upload = lastOf(row, 'upload');
		if (upload && upload.start >= compute.end - EPS) markWasted(upload, 'dropped', e.t);
	}
}

/** Whether `s` counts as wasted at time `t` (its fate is known by then). */
export function wastedAt(s: Segment, t: number): boolean {
	return s.fate !== undefined && (s.fateAt ?? Infinity) <= t;
}

/** How the clients spent the simulated time [0, T] (segments of a client do not overlap). */
export function breakdown(rows: readonly ClientRow[], T: number): Breakdown {
	let compute = 0;
	let wasted = 0;
	let comm = 0;
	let offline = 0;
	const total = rows.length * T;
	if (!(total > 0)) return { compute: 0, wasted: 0, comm: 0, idle: 1, offline: 0 };
	for (const row of rows)
		for (const s of row.segments) {
			if (s.start >= T) break;
			const d = Math.min(s.end, T) - s.start;
			if (!(d > 0)) continue;
			if (s.kind === 'offline') offline += d;
			else if (s.kind === 'compute') {
				if (wastedAt(s, T)) wasted += d;
				else compute += d;
			} else comm += d;
		}
	const busy = compute + wasted + comm + offline;
	const idle = Math.max(0, total - busy);
	const sum = busy + idle;
	return {
		compute: compute / sum,
		wasted: wasted / sum,
		comm: comm / sum,
		idle: idle / sum,
		offline: offline / sum
	};
}

/**
 * The time span the strip shows at playhead T: the smallest of 1, 2, 5 × 10^k at least T (at
 * least `min`), so the scale changes in a few jumps rather than every frame.
 */
export function timeDomain(T: number, min = 1): number {
	const t = Math.max(T, min);
	const p = Math.pow(10, Math.floor(Math.log10(t)));
	for (const m of [1, 2, 5, 10]) if (m * p >= t - EPS * t) return m * p;
	return 10 * p;
}

/** Tick positions (seconds) for an axis over [0, domain] about `px` pixels long. */
export function timeTicks(domain: number, px: number): number[] {
	const wanted = Math.max(2, Math.floor(px / 70));
	const raw = domain / wanted;
	const p = Math.pow(10, Math.floor(Math.log10(raw)));
	const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
	const ticks: number[] = [];
	for (let x = 0; x <= domain + EPS * domain; x += step) ticks.push(Number(x.toPrecision(12)));
	return ticks;
}

/** Height of one client's row: tall for a handful of clients, thin strips for fifty. */
export function rowHeight(clients: number, budget = 220): number {
	if (clients <= 0) return 16;
	return Math.max(3, Math.min(18, Math.floor(budget / clients)));
}

/** Every `every`-th row gets a label: all when the rows are tall enough, fewer when thin. */
export function labelEvery(rowPx: number): number {
	if (rowPx >= 11) return 1;
	if (rowPx >= 6) return 5;
	return 10;
}

/** `12 s`, `1.5 s`, `2 min`: an axis label. */
export function formatTick(s: number): string {
	if (s === 0) return '0';
	if (s >= 120 && s % 60 === 0) return `${s / 60} min`;
	return `${Number(s.toPrecision(3))} s`;
}
