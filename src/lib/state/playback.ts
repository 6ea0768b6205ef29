/**
 * Playback as an explicit state machine, pure so that every transition has a test: what the
 * audience sees (the playhead, simulated seconds) is governed by the speed control alone; training
 * in the worker may run ahead of it (a few rounds at most), and the display never skips. A step
 * (one round, or one phase of a round) animates up to the next mark that the engine has already
 * produced, asking the engine for one more round only when it has not.
 *
 * States: `paused`, `playing`, `stepping` (animating up to `target`). Inputs: play, pause, step
 * (round | phase), speed, reset; and, every frame, `tick`, which moves the playhead and reports
 * the commands the engine needs (play, pause, step one round, restart).
 */
import { nextPhase, nextRoundEnd, type PhaseMark } from '../viz/phases';

/** Simulated seconds per real second, or one message at a time, or as fast as training. */
export const SPEEDS = ['message', 0.25, 0.5, 1, 2, 4, 8, 16, 32, 'max'] as const;
export type Speed = (typeof SPEEDS)[number];

/** Real seconds that one message (or the gap to the next) takes at speed `message`. */
export const MESSAGE_REAL_S = 0.8;
/** Frames longer than this (a hidden tab) count as this long. */
export const MAX_FRAME_S = 0.1;
/** The engine pauses when it is this many rounds ahead of the display… */
export const MAX_AHEAD_ROUNDS = 4;
/** …and plays again when the display is within this many rounds of it. */
export const RESUME_AHEAD_ROUNDS = 2;

export type Mode = 'paused' | 'playing' | 'stepping';
export type StepUnit = 'round' | 'phase';
export type EngineState =
	'idle' | 'building' | 'ready' | 'running' | 'stepping' | 'paused' | 'finished';
export type Command = 'enginePlay' | 'enginePause' | 'engineStep' | 'restart';

export interface Playback {
	readonly mode: Mode;
	readonly speed: Speed;
	/** While stepping: one round or one phase. */
	readonly unit: StepUnit | null;
	/** While stepping: the simulated time to reach (null: the engine has not produced it yet). */
	readonly target: number | null;
	/** The last command sent and the engine state it was sent in (sent once per engine state). */
	readonly sent: { readonly command: Command; readonly engine: EngineState } | null;
	/** At speed `message`: real seconds spent on the current gap. */
	readonly gapElapsed: number;
	/**
	 * While playing, the playhead stops here even if the engine is further on (side-by-side
	 * cells hold the one ahead at the next round's start until the other catches up); the engine
	 * still runs ahead as usual. Absent or null: no hold.
	 */
	readonly hold?: number | null;
}

/** What the machine reads of the run. */
export interface RunView {
	/** The playhead. */
	readonly t: number;
	/** Simulated time of the latest event the engine produced. */
	readonly latest: number;
	readonly engine: EngineState;
	/** Phase marks of the run so far, in time order. */
	readonly marks: readonly PhaseMark[];
	/** Message send and arrival times so far, ascending (for speed `message`). */
	readonly messageTimes: readonly number[];
	/** Rounds the engine has started beyond the one the playhead is in. */
	readonly roundsAhead: number;
}

export interface Transition {
	readonly playback: Playback;
	readonly commands: readonly Command[];
}

export interface Frame extends Transition {
	/** The new playhead. */
	readonly t: number;
}

export type Input =
	| { readonly type: 'play' }
	| { readonly type: 'pause' }
	| { readonly type: 'step'; readonly unit: StepUnit }
	| { readonly type: 'speed'; readonly speed: Speed }
	| { readonly type: 'reset' };

export const INITIAL: Playback = {
	mode: 'paused',
	speed: 1,
	unit: null,
	target: null,
	sent: null,
	gapElapsed: 0
};

/** The run is over and all of it is shown: Play means "run again". */
export function ended(view: RunView): boolean {
	return view.engine === 'finished' && view.t >= view.latest - 1e-9;
}

const engineWorking = (e: EngineState) => e === 'running' || e === 'stepping';
const engineIdle = (e: EngineState) => e === 'ready' || e === 'paused';

/** The next step target after `t`, or null when the engine has not produced it yet. */
export function stepTarget(view: RunView, unit: StepUnit): number | null {
	if (unit === 'round') return nextRoundEnd(view.marks, view.t);
	return nextPhase(view.marks, view.t)?.t ?? null;
}

/** `command`, unless it was already sent in this engine state. */
function once(p: Playback, view: RunView, command: Command): Transition {
	if (p.sent && p.sent.command === command && p.sent.engine === view.engine)
		return { playback: p, commands: [] };
	return { playback: { ...p, sent: { command, engine: view.engine } }, commands: [command] };
}

/** A user input. */
export function dispatch(p: Playback, input: Input, view: RunView): Transition {
	switch (input.type) {
		case 'play': {
			const next: Playback = { ...p, mode: 'playing', unit: null, target: null, gapElapsed: 0 };
			if (ended(view)) return { playback: { ...next, sent: null }, commands: ['restart'] };
			return { playback: next, commands: [] };
		}
		case 'pause': {
			const next: Playback = { ...p, mode: 'paused', unit: null, target: null };
			return engineWorking(view.engine)
				? once(next, view, 'enginePause')
				: { playback: next, commands: [] };
		}
		case 'step': {
			if (ended(view))
				return {
					playback: { ...p, mode: 'stepping', unit: input.unit, target: null, sent: null },
					commands: ['restart']
				};
			// a step from a step continues from where the playhead is now
			const next: Playback = {
				...p,
				mode: 'stepping',
				unit: input.unit,
				target: stepTarget(view, input.unit),
				gapElapsed: 0
			};
			if (p.mode === 'playing' && engineWorking(view.engine))
				return once(next, view, 'enginePause');
			return { playback: next, commands: [] };
		}
		case 'speed':
			return { playback: { ...p, speed: input.speed, gapElapsed: 0 }, commands: [] };
		case 'reset':
			return { playback: { ...INITIAL, speed: p.speed }, commands: [] };
	}
}

/** First element of ascending `xs` strictly greater than `x`, or null. */
function nextAfter(xs: readonly number[], x: number): number | null {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((xs[mid] as number) <= x + 1e-9) lo = mid + 1;
		else hi = mid;
	}
	return lo < xs.length ? (xs[lo] as number) : null;
}

/** Moves `t` towards `limit` for `dt` real seconds at `speed`; returns the new t and gap time. */
function move(
	p: Playback,
	t: number,
	dt: number,
	limit: number,
	view: RunView
): { t: number; gapElapsed: number } {
	if (p.speed === 'max') return { t: limit, gapElapsed: 0 };
	if (p.speed === 'message') {
		const to = Math.min(nextAfter(view.messageTimes, t) ?? limit, limit);
		if (to <= t) return { t, gapElapsed: 0 };
		const elapsed = p.gapElapsed + dt;
		if (elapsed >= MESSAGE_REAL_S) return { t: to, gapElapsed: 0 };
		// linear over the gap, whatever its simulated length
		const from = t - ((to - t) * p.gapElapsed) / Math.max(MESSAGE_REAL_S - p.gapElapsed, 1e-9);
		const x = from + ((to - from) * elapsed) / MESSAGE_REAL_S;
		return { t: Math.min(Math.max(x, t), to), gapElapsed: elapsed };
	}
	return { t: Math.min(t + dt * p.speed, limit), gapElapsed: 0 };
}

/** One animation frame of `dt` real seconds. */
export function tick(p: Playback, dtRaw: number, view: RunView): Frame {
	const dt = Math.min(Math.max(dtRaw, 0), MAX_FRAME_S);
	const t = view.t;
	switch (p.mode) {
		case 'paused':
			return { playback: p, commands: [], t };
		case 'playing': {
			const hold = p.hold ?? null;
			const limit = hold === null ? view.latest : Math.max(t, Math.min(view.latest, hold));
			const m = move(p, t, dt, limit, view);
			let next: Playback = { ...p, gapElapsed: m.gapElapsed };
			const after = { ...view, t: m.t };
			if (ended(after))
				return { playback: { ...next, mode: 'paused', sent: null }, commands: [], t: m.t };
			let commands: Command[] = [];
			if (engineIdle(view.engine) && view.roundsAhead <= RESUME_AHEAD_ROUNDS) {
				const r = once(next, view, 'enginePlay');
				next = r.playback;
				commands = [...r.commands];
			} else if (view.engine === 'running' && view.roundsAhead > MAX_AHEAD_ROUNDS) {
				const r = once(next, view, 'enginePause');
				next = r.playback;
				commands = [...r.commands];
			}
			return { playback: next, commands, t: m.t };
		}
		case 'stepping': {
			const unit = p.unit ?? 'round';
			const target = p.target ?? stepTarget(view, unit);
			if (target === null) {
				if (view.engine === 'finished')
					return { playback: { ...p, mode: 'paused', unit: null, target: null }, commands: [], t };
				if (engineIdle(view.engine)) {
					const r = once({ ...p, target: null }, view, 'engineStep');
					return { ...r, t };
				}
				return { playback: p, commands: [], t };
			}
			const stepP: Playback = p.speed === 'message' ? { ...p, speed: 1 } : p;
			const m = move(stepP, t, dt, target, view);
			if (m.t >= target - 1e-9)
				return {
					playback: { ...p, mode: 'paused', unit: null, target: null, gapElapsed: 0 },
					commands: [],
					t: target
				};
			return { playback: { ...p, target, gapElapsed: m.gapElapsed }, commands: [], t: m.t };
		}
	}
}
