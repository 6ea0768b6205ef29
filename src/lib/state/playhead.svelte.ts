/**
 * The simulated time the graph shows, driven by the playback state machine (`playback.ts`): the
 * speed control governs what the audience sees; the engine may run a few rounds ahead; the
 * display never skips. The machine's commands (play, pause or step the engine, restart a run
 * that has ended) go to `onCommand`, which the cell wires to the engine bridge.
 */
import type { PhaseMark } from '../viz/phases';
import {
	INITIAL,
	SPEEDS,
	dispatch,
	ended,
	tick,
	type Command,
	type EngineState,
	type Input,
	type Playback,
	type RunView,
	type Speed,
	type StepUnit
} from './playback';

export { SPEEDS, type Speed };

export interface PlayheadSource {
	/** Simulated time of the latest event. */
	readonly latest: number;
	/** Simulated start time of every round so far, ascending. */
	readonly roundStarts: readonly number[];
	/** The engine's state as the bridge last heard it. */
	readonly state: EngineState;
	/** Phase marks of the run so far, in time order. */
	readonly marks: readonly PhaseMark[];
	/** Message send and arrival times so far, ascending. */
	readonly messageTimes: readonly number[];
}

/** Index of the first element of ascending `xs` greater than `x`. */
function upperBound(xs: readonly number[], x: number): number {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((xs[mid] as number) <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Rounds started at or before `t`. */
export function roundsStartedBy(roundStarts: readonly number[], t: number): number {
	return upperBound(roundStarts, t);
}

export class Playhead {
	/** Simulated seconds shown. */
	t = $state(0);
	/** The playback machine's state. */
	playback = $state.raw<Playback>(INITIAL);
	/** Receives the machine's commands (the cell wires it to the engine bridge). */
	onCommand: (c: Command) => void = () => {};
	#src: PlayheadSource;

	constructor(src: PlayheadSource) {
		this.#src = src;
	}

	/** Simulated seconds per real second, or `message` / `max`. */
	get speed(): Speed {
		return this.playback.speed;
	}

	set speed(speed: Speed) {
		this.dispatch({ type: 'speed', speed });
	}

	/** The display is playing. */
	get playing(): boolean {
		return this.playback.mode === 'playing';
	}

	/** A step is being animated (or waits for the engine). */
	get stepping(): boolean {
		return this.playback.mode === 'stepping';
	}

	/** Whether the animation moves this frame. */
	get moving(): boolean {
		return this.playback.mode !== 'paused';
	}

	/** The run is over and all of it is shown. */
	get ended(): boolean {
		return ended(this.#view());
	}

	#view(): RunView {
		const src = this.#src;
		const starts = src.roundStarts;
		return {
			t: this.t,
			latest: src.latest,
			engine: src.state,
			marks: src.marks,
			messageTimes: src.messageTimes,
			roundsAhead: starts.length - roundsStartedBy(starts, this.t)
		};
	}

	/** A user input: play, pause, step, speed, reset. */
	dispatch(input: Input): void {
		const r = dispatch(this.playback, input, this.#view());
		this.playback = r.playback;
		for (const c of r.commands) this.onCommand(c);
	}

	play(): void {
		this.dispatch({ type: 'play' });
	}

	pause(): void {
		this.dispatch({ type: 'pause' });
	}

	step(unit: StepUnit = 'round'): void {
		this.dispatch({ type: 'step', unit });
	}

	/** Back to the start of a new run, playing, stepping or paused as `mode` says. */
	rewind(mode: Playback['mode'] = this.playback.mode): void {
		this.t = 0;
		this.playback = { ...this.playback, mode, target: null, sent: null, gapElapsed: 0 };
	}

	/** Shows everything at once (a finished run when animation is not wanted). */
	toEnd(): void {
		this.t = this.#src.latest;
		this.playback = { ...this.playback, mode: 'paused', target: null, unit: null };
	}

	/** One frame of `dt` real seconds (exposed for tests; `attach` calls it). */
	frame(dt: number): void {
		const f = tick(this.playback, dt, this.#view());
		if (f.playback !== this.playback) this.playback = f.playback;
		if (f.t !== this.t) this.t = f.t;
		for (const c of f.commands) this.onCommand(c);
	}

	/** Runs the animation loop; returns its cleanup. Call from an `$effect`. */
	attach(): () => void {
		let last = performance.now();
		let raf = requestAnimationFrame(function frame(this: void, now: number) {
			step((now - last) / 1000);
			last = now;
			raf = requestAnimationFrame(frame);
		});
		const step = (dt: number) => this.frame(dt);
		return () => cancelAnimationFrame(raf);
	}
}
