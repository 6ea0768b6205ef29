/**
 * The phases of a run as the playback steps through them: for synchronous rounds, the server
 * sends the model → clients train → updates travel → the server aggregates → the model is
 * evaluated; for asynchronous algorithms, one arrival at a time; for split learning, one smashed
 * batch up and its gradient down. Pure: a list of marks on the simulated clock, read from the
 * engine's events (never computed from anything else).
 */
import type { SimEvent } from '../sim/core/events';

export type Phase =
	| 'send'
	| 'train'
	| 'upload'
	| 'aggregate'
	| 'evaluate'
	| 'arrival'
	| 'smashed'
	| 'gradient'
	| 'finish';

export interface PhaseMark {
	/** Simulated time at which the phase begins. */
	readonly t: number;
	readonly phase: Phase;
	readonly round: number;
}

/** Words for a phase, for the step button's caption. */
export const PHASE_LABELS: Record<Phase, string> = {
	send: 'the server sends the model',
	train: 'clients train',
	upload: 'updates travel to the server',
	aggregate: 'the server aggregates',
	evaluate: 'the model is evaluated',
	arrival: 'an update arrives',
	smashed: 'a smashed batch goes up',
	gradient: 'its gradient comes down',
	finish: 'the run is over'
};

/**
 * Appends the phase marks of `events` (in time order) to `out`; `seen` remembers which
 * once-per-round phases were already marked, so the function can be fed a stream in batches.
 */
export function collectPhases(
	events: readonly SimEvent[],
	out: PhaseMark[] = [],
	seen: Set<string> = new Set()
): PhaseMark[] {
	const once = (phase: Phase, round: number, t: number) => {
		const key = `${phase}/${round}`;
		if (seen.has(key)) return;
		seen.add(key);
		out.push({ t, phase, round });
	};
	for (const e of events) {
		switch (e.type) {
			case 'roundStarted':
				once('send', e.round, e.t);
				break;
			case 'trainingStarted':
				once('train', e.round, e.t);
				break;
			case 'message':
				if (e.kind === 'update') once('upload', e.round, e.t);
				else if (e.kind === 'smashed') out.push({ t: e.t, phase: 'smashed', round: e.round });
				else if (e.kind === 'gradient') out.push({ t: e.t, phase: 'gradient', round: e.round });
				break;
			case 'updateReceived':
				out.push({ t: e.t, phase: 'arrival', round: e.round });
				break;
			case 'aggregated':
				once('aggregate', e.round, e.t);
				break;
			case 'evaluated':
				once('evaluate', e.round, e.t);
				break;
			case 'finished':
				once('finish', e.rounds, e.t);
				break;
		}
	}
	return out;
}

/** Index of the first mark strictly after `t` (marks sorted by time), or -1. */
export function nextMarkAfter(marks: readonly PhaseMark[], t: number, eps = 1e-9): number {
	let lo = 0;
	let hi = marks.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((marks[mid] as PhaseMark).t <= t + eps) lo = mid + 1;
		else hi = mid;
	}
	return lo < marks.length ? lo : -1;
}

/** The first end of a round (its evaluation, or the end of the run) strictly after `t`, or null. */
export function nextRoundEnd(marks: readonly PhaseMark[], t: number): number | null {
	for (let i = Math.max(0, nextMarkAfter(marks, t)); i < marks.length; i++) {
		const m = marks[i] as PhaseMark;
		if (m.t > t + 1e-9 && (m.phase === 'evaluate' || m.phase === 'finish')) return m.t;
	}
	return null;
}

/** The first phase mark strictly after `t`, or null. */
export function nextPhase(marks: readonly PhaseMark[], t: number): PhaseMark | null {
	const i = nextMarkAfter(marks, t);
	return i < 0 ? null : (marks[i] as PhaseMark);
}

/** The latest phase mark at or before `t`, or null. */
export function phaseAt(marks: readonly PhaseMark[], t: number): PhaseMark | null {
	const i = nextMarkAfter(marks, t);
	const j = (i < 0 ? marks.length : i) - 1;
	return j >= 0 ? (marks[j] as PhaseMark) : null;
}

/** Index of the first event after `t` (events in time order). */
function eventsUpTo(events: readonly SimEvent[], t: number): number {
	let lo = 0;
	let hi = events.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((events[mid] as SimEvent).t <= t + 1e-9) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

const list = (ids: readonly number[], max = 3) =>
	ids.length <= max
		? ids.map((k) => `client ${k}`).join(', ')
		: `${ids
				.slice(0, max)
				.map((k) => `client ${k}`)
				.join(', ')} and ${ids.length - max} more`;

/**
 * The caption of the phase at the playhead, from the events up to `t` (read from the end back to
 * the start of the current round only, so its cost does not grow with the run): e.g. "Round 3:
 * updates travel to the server — 8 of 10 updates in; waiting for client 3, a straggler".
 */
export function phaseCaption(
	events: readonly SimEvent[],
	marks: readonly PhaseMark[],
	t: number
): string {
	const mark = phaseAt(marks, t);
	if (!mark) return 'Before the first round: the server holds the initial model.';
	const end = eventsUpTo(events, t);
	const head = `Round ${mark.round}: ${PHASE_LABELS[mark.phase]}`;
	if (mark.phase === 'arrival' || mark.phase === 'smashed' || mark.phase === 'gradient') {
		for (let i = end - 1; i >= 0; i--) {
			const e = events[i] as SimEvent;
			if (mark.phase === 'arrival' && e.type === 'updateReceived')
				return `${head} — client ${e.client}, ${e.staleness} version${e.staleness === 1 ? '' : 's'} stale, weight ${e.weight.toFixed(2)}`;
			if (e.type === 'message' && (e.kind === 'smashed' || e.kind === 'gradient'))
				return `${head} — ${e.kind === 'smashed' ? `client ${String(e.from)} → server` : `server → client ${String(e.to)}`}, ${e.bytes.toLocaleString('en')} bytes${e.count && e.count > 1 ? ` in ${e.count} messages` : ''}`;
		}
		return head;
	}
	if (mark.phase === 'finish') return 'The run is over.';
	let selected: readonly number[] = [];
	let stragglers = new Set<number>();
	const arrived = new Set<number>();
	const training = new Set<number>();
	for (let i = end - 1; i >= 0; i--) {
		const e = events[i] as SimEvent;
		if (
			e.type === 'message' &&
			e.kind === 'update' &&
			e.round === mark.round &&
			!e.lost &&
			e.arrives <= t
		)
			arrived.add(e.from as number);
		else if (e.type === 'trainingStarted' && e.round === mark.round) training.add(e.client);
		else if (e.type === 'roundStarted' && e.round === mark.round) {
			selected = e.selected;
			for (let j = i - 1; j >= 0; j--) {
				const s = events[j] as SimEvent;
				if (s.type === 'setup') {
					stragglers = new Set(s.clients.filter((c) => c.straggler).map((c) => c.id));
					break;
				}
			}
			break;
		}
	}
	if (!selected.length) return head;
	if (mark.phase === 'send') return `${head} to ${selected.length} clients`;
	if (mark.phase === 'train') return `${head} — ${training.size} of ${selected.length} training`;
	const waiting = selected.filter((k) => !arrived.has(k));
	const slow = waiting.filter((k) => stragglers.has(k));
	const tail = waiting.length
		? `; waiting for ${list(waiting)}${slow.length ? (slow.length === waiting.length && waiting.length === 1 ? ', a straggler' : ` (${slow.length} straggler${slow.length === 1 ? '' : 's'})`) : ''}`
		: '';
	return `${head} — ${arrived.size} of ${selected.length} updates in${tail}`;
}
