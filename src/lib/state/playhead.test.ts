import { describe, expect, it } from 'vitest';
import { JUMP_LAG_S, advance, roundsStartedBy, type PlayheadSource } from './playhead.svelte';

const src = (latest: number, roundStarts: number[] = []): PlayheadSource => ({
	latest,
	roundStarts,
	busy: false
});

describe('advance', () => {
	it('moves with real time × speed', () => {
		expect(advance(1, 0.05, 2, src(3, [0]))).toBeCloseTo(1.1);
	});

	it('never passes the latest event', () => {
		expect(advance(9.99, 0.05, 4, src(10, [0]))).toBe(10);
	});

	it('counts a long frame (hidden tab) as a short one', () => {
		expect(advance(0, 5, 1, src(1.5, [0]))).toBeCloseTo(0.1);
	});

	it('jumps to the start of the latest round when far behind in time', () => {
		// 30 simulated seconds behind at 1×: 30 real seconds, far more than the limit
		expect(advance(0, 0.016, 1, src(30, [0, 29]))).toBe(29);
	});

	it('jumps to just behind the latest event when the latest round is itself long', () => {
		expect(advance(0, 0.016, 1, src(30, [0, 1]))).toBeCloseTo(30 - JUMP_LAG_S);
	});

	it('jumps when many rounds behind even if little time', () => {
		const starts = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
		expect(advance(0, 0.016, 1, src(0.6, starts))).toBe(0.5);
	});

	it('plays out the newest round however long it is (a stepped round animates in full)', () => {
		expect(advance(0, 0.016, 1, src(30, [0]))).toBeCloseTo(0.016);
	});

	it('does not jump when slightly behind', () => {
		expect(advance(0, 0.016, 1, src(1.5, [0, 1]))).toBeCloseTo(0.016);
	});
});

describe('roundsStartedBy', () => {
	it.each([
		[-1, 0],
		[0, 1],
		[0.5, 1],
		[1, 2],
		[9, 3]
	])('t=%d → %d', (t, n) => {
		expect(roundsStartedBy([0, 1, 2], t)).toBe(n);
	});
});
