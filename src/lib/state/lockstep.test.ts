import { describe, expect, it } from 'vitest';
import type { PhaseMark } from '../viz/phases';
import {
	boundaries,
	lockstepHolds,
	nextEndRound,
	roundIn,
	sidesToStep,
	type SideView
} from './lockstep';
import { INITIAL, tick, type RunView } from './playback';

/** Marks of `rounds` rounds of `len` seconds: send at the start, evaluate at the end. */
function marks(rounds: number, len: number): PhaseMark[] {
	const out: PhaseMark[] = [];
	for (let r = 1; r <= rounds; r++) {
		out.push({ t: (r - 1) * len, phase: 'send', round: r });
		out.push({ t: r * len - 0.5, phase: 'evaluate', round: r });
	}
	return out;
}

function side(rounds: number, len: number, t: number, over = false): SideView {
	return {
		roundStarts: Array.from({ length: rounds }, (_, i) => i * len),
		marks: marks(rounds, len),
		t,
		latest: rounds * len,
		ended: over
	};
}

describe('roundIn', () => {
	it('counts the rounds started by the playhead (a round starts at its first instant)', () => {
		expect(roundIn(side(5, 10, 0))).toBe(1);
		expect(roundIn(side(5, 10, 9.99))).toBe(1);
		expect(roundIn(side(5, 10, 10))).toBe(2);
		expect(roundIn({ roundStarts: [], t: 3 })).toBe(0);
	});
});

describe('lockstepHolds', () => {
	it('lets each side play to the start of the round after the slowest side’s', () => {
		// A: rounds of 10 s, in round 3; B: rounds of 25 s, in round 2
		const a = side(5, 10, 24);
		const b = side(5, 25, 30);
		// slowest is in round 2: each may go up to the start of round 3 (index 2)
		expect(lockstepHolds([a, b])).toEqual([20, 50]);
	});
	it('holds the side ahead where it is until the other catches up', () => {
		const a = side(5, 10, 20); // waiting at the start of round 3
		const b = side(5, 25, 49); // about to start round 3
		expect(lockstepHolds([a, b])).toEqual([20, 50]);
		const b2 = { ...b, t: 50 };
		expect(lockstepHolds([a, b2])).toEqual([30, 75]);
	});
	it('holds at the latest event where the next round start is not produced yet', () => {
		const a = { ...side(2, 10, 15), latest: 17 };
		const b = side(5, 10, 12);
		expect(lockstepHolds([a, b])).toEqual([17, 20]);
	});
	it('a side whose run is over holds nobody', () => {
		const a = side(3, 10, 30, true);
		const b = side(5, 10, 12);
		expect(lockstepHolds([a, b])).toEqual([null, null]);
	});
	it('a side not started yet holds the other at its first instant', () => {
		const a = { roundStarts: [], marks: [], t: 0, latest: 0, ended: false };
		const b = side(5, 10, 0);
		expect(lockstepHolds([a, b])).toEqual([0, 0]);
	});
});

describe('sidesToStep', () => {
	it('steps both when level, only the one behind otherwise', () => {
		expect(sidesToStep([side(5, 10, 0), side(5, 25, 0)], 'round')).toEqual([true, true]);
		// A waits at the start of round 3, B is still in round 2: B steps to its round 2's end
		expect(sidesToStep([side(5, 10, 20), side(5, 25, 30)], 'round')).toEqual([false, true]);
		// B reached its round 2's evaluation: both next end round 3
		expect(sidesToStep([side(5, 10, 20), side(5, 25, 49.5)], 'round')).toEqual([true, true]);
		expect(sidesToStep([side(5, 10, 20), side(5, 25, 30)], 'phase')).toEqual([false, true]);
	});
	it('a finished side stays; both finished: both step (and start again)', () => {
		expect(sidesToStep([side(3, 10, 30, true), side(5, 10, 12)], 'round')).toEqual([false, true]);
		expect(sidesToStep([side(3, 10, 30, true), side(3, 10, 30, true)], 'round')).toEqual([
			true,
			true
		]);
	});
	it('next end round: the next evaluation, else the round the playhead is in', () => {
		expect(nextEndRound(side(5, 10, 9.5))).toBe(2);
		expect(nextEndRound({ marks: [], roundStarts: [0, 10], t: 12 })).toBe(2);
		expect(nextEndRound({ marks: [], roundStarts: [], t: 0 })).toBe(1);
	});
});

describe('the playback machine holds a playing playhead', () => {
	const view: RunView = {
		t: 19.9,
		latest: 40,
		engine: 'running',
		marks: marks(4, 10),
		messageTimes: [],
		roundsAhead: 1
	};
	it('stops at the hold although the engine is further on', () => {
		const f = tick({ ...INITIAL, mode: 'playing', hold: 20 }, 0.1, view);
		expect(f.t).toBe(20);
		expect(f.playback.mode).toBe('playing');
		const g = tick(f.playback, 0.1, { ...view, t: 20 });
		expect(g.t).toBe(20);
	});
	it('without a hold (null or absent) moves at its speed', () => {
		expect(tick({ ...INITIAL, mode: 'playing', hold: null }, 0.1, view).t).toBeCloseTo(20);
		expect(tick({ ...INITIAL, mode: 'playing' }, 0.05, view).t).toBeCloseTo(19.95);
	});
	it('at "as fast as training" it jumps to the hold, not to the latest event', () => {
		expect(tick({ ...INITIAL, mode: 'playing', speed: 'max', hold: 30 }, 0.016, view).t).toBe(30);
	});
	it('a hold behind the playhead never moves it back', () => {
		expect(tick({ ...INITIAL, mode: 'playing', hold: 5 }, 0.1, view).t).toBe(19.9);
	});
});

describe('boundaries', () => {
	it('are the rounds’ starts, or the evaluations of a run without rounds (asynchronous)', () => {
		expect(boundaries([0, 10], marks(2, 10))).toEqual([0, 10]);
		const arrivals: PhaseMark[] = [
			{ t: 1, phase: 'arrival', round: 1 },
			{ t: 1.2, phase: 'evaluate', round: 1 },
			{ t: 2, phase: 'arrival', round: 2 },
			{ t: 2.3, phase: 'evaluate', round: 2 }
		];
		expect(boundaries([], arrivals)).toEqual([1.2, 2.3]);
		// two asynchronous sides: the one ahead waits at its next evaluation
		const a = {
			roundStarts: boundaries([], arrivals),
			marks: arrivals,
			t: 1.2,
			latest: 2.3,
			ended: false
		};
		const b = { ...a, roundStarts: [2.2, 4.4], t: 1 };
		expect(lockstepHolds([a, b])).toEqual([1.2, 2.2]);
	});
});
