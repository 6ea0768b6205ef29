/**
 * Two cells side by side in lock-step, by round: pure decisions read from each side's run (its
 * round starts, phase marks, playhead), so that every rule has a test. While the pair plays,
 * each side's playhead may go as far as the start of the round after the one the slowest side
 * is in (`lockstepHolds`): a side whose rounds are shorter in simulated time waits there for the
 * other, and both start each round together. A step moves only the sides that are behind
 * (`sidesToStep`), so that a step after a pause brings them level first. A side whose run is over
 * holds nobody back. Asynchronous runs (FedAsync, FedBuff) have no rounds: their evaluations mark
 * the steps instead (`boundaries`).
 */
import type { PhaseMark } from '../viz/phases';

/** What the pair reads of one side. */
export interface SideView {
	/** Simulated start time of every round the engine has produced, ascending. */
	readonly roundStarts: readonly number[];
	/** Phase marks of the run so far, in time order. */
	readonly marks: readonly PhaseMark[];
	/** The playhead. */
	readonly t: number;
	/** Simulated time of the latest event the engine produced. */
	readonly latest: number;
	/** The run is over and all of it is shown. */
	readonly ended: boolean;
}

/**
 * The times that divide a run into steps for the pair: the rounds' starts, or, for a run without
 * rounds (asynchronous), its evaluations.
 */
export function boundaries(
	roundStarts: readonly number[],
	marks: readonly PhaseMark[]
): readonly number[] {
	if (roundStarts.length) return roundStarts;
	return marks.filter((m) => m.phase === 'evaluate').map((m) => m.t);
}

/** Elements of ascending `xs` at or below `x`. */
function countUpTo(xs: readonly number[], x: number): number {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((xs[mid] as number) <= x + 1e-9) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The round the side's playhead is in (rounds started by `t`). */
export function roundIn(side: Pick<SideView, 'roundStarts' | 't'>): number {
	return countUpTo(side.roundStarts, side.t);
}

/**
 * The simulated time each side may play to now (null: no hold). The slowest side that is not
 * over is in round m; every side may go up to the start of round m + 1 (the round after it) —
 * where the engine has not produced that start yet, up to its latest event, so that the next
 * frame cannot overshoot a start that arrives in between.
 */
export function lockstepHolds(sides: readonly SideView[]): (number | null)[] {
	const active = sides.filter((s) => !s.ended);
	if (active.length < 2) return sides.map(() => null);
	const m = Math.min(...active.map(roundIn));
	return sides.map((s) => (s.ended ? null : (s.roundStarts[m] ?? s.latest)));
}

/**
 * The round whose end the side's next round step reaches: that of the next evaluation (or the
 * end of the run) after the playhead, else the round it is in (its end is not produced yet).
 */
export function nextEndRound(side: Pick<SideView, 'marks' | 'roundStarts' | 't'>): number {
	for (const m of side.marks)
		if (m.t > side.t + 1e-9 && (m.phase === 'evaluate' || m.phase === 'finish')) return m.round;
	return Math.max(1, roundIn(side));
}

/**
 * Which sides a step of the pair moves: by round, the sides whose next round end is the earliest
 * round; by phase, the sides in the earliest round. When every run is over, all of them (a step
 * then starts both again).
 */
export function sidesToStep(sides: readonly SideView[], unit: 'round' | 'phase'): boolean[] {
	if (sides.every((s) => s.ended)) return sides.map(() => true);
	const key = (s: SideView) => (unit === 'round' ? nextEndRound(s) : roundIn(s));
	const active = sides.filter((s) => !s.ended);
	const m = Math.min(...active.map(key));
	return sides.map((s) => !s.ended && key(s) === m);
}
