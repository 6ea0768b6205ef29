/**
 * The simulated time the graph shows. It advances with the real clock × `speed` (simulated
 * seconds per real second), never past the latest event, and when training runs far ahead of the
 * animation it jumps forward so the graph summarises instead of falling behind.
 */

export interface PlayheadSource {
	/** Simulated time of the latest event. */
	readonly latest: number;
	/** Simulated start time of every round so far, ascending. */
	readonly roundStarts: readonly number[];
	/** Whether the engine is still producing events for a step. */
	readonly busy: boolean;
}

/** Jump when the animation is this many real seconds behind the engine… */
export const MAX_LAG_S = 2;
/** …or this many rounds behind. */
export const MAX_ROUNDS_BEHIND = 3;
/** After a jump, stay this many real seconds behind the latest event (so particles still fly). */
export const JUMP_LAG_S = 0.5;
/** Frames longer than this (a hidden tab) count as this long. */
const MAX_FRAME_S = 0.1;

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

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

/**
 * The next playhead position after `dt` real seconds (pure: the unit of the `Playhead` class).
 */
export function advance(t: number, dt: number, speed: number, src: PlayheadSource): number {
	const latest = src.latest;
	let next = Math.min(t + Math.min(dt, MAX_FRAME_S) * speed, latest);
	const behindReal = (latest - next) / speed;
	const roundsBehind = src.roundStarts.length - roundsStartedBy(src.roundStarts, next);
	const lastStart = src.roundStarts.at(-1) ?? 0;
	// within the newest round the animation plays it out (a stepped round animates in full)
	if (next < lastStart && (behindReal > MAX_LAG_S || roundsBehind > MAX_ROUNDS_BEHIND)) {
		// from the start of the latest round if that is recent enough, else from just behind the end
		const target =
			(latest - lastStart) / speed <= MAX_LAG_S ? lastStart : latest - JUMP_LAG_S * speed;
		next = Math.max(next, Math.min(latest, target));
	}
	return next;
}

export class Playhead {
	/** Simulated seconds shown. */
	t = $state(0);
	/** Simulated seconds per real second. */
	speed = $state(1);
	/** The user pressed play (the animation runs with the engine). */
	playing = $state(false);
	/** Set by a step: animate until the step's events are shown. */
	#catchUp = $state(false);
	#src: PlayheadSource;

	constructor(src: PlayheadSource) {
		this.#src = src;
	}

	/** Whether the animation moves this frame. */
	get moving(): boolean {
		return this.playing || this.#catchUp;
	}

	/** Animate the events of one step, then stop. */
	catchUp(): void {
		this.#catchUp = true;
	}

	/** Back to the start (a new run). */
	rewind(): void {
		this.t = 0;
	}

	/** Shows everything at once (a finished run when animation is not wanted). */
	toEnd(): void {
		this.t = this.#src.latest;
	}

	/** Runs the animation loop; returns its cleanup. Call from an `$effect`. */
	attach(): () => void {
		let last = performance.now();
		let raf = requestAnimationFrame(function frame(this: void, now: number) {
			tick((now - last) / 1000);
			last = now;
			raf = requestAnimationFrame(frame);
		});
		const tick = (dt: number) => {
			if (!this.moving) return;
			const next = advance(this.t, dt, this.speed, this.#src);
			if (next !== this.t) this.t = next;
			if (this.#catchUp && !this.#src.busy && this.t >= this.#src.latest) this.#catchUp = false;
		};
		return () => cancelAnimationFrame(raf);
	}
}
