/**
 * Two cells side by side, driven by one transport: with rounds of 10 s on one side and 25 s on
 * the other, one Play brings both to every round together (the faster side waits at the next
 * round's start), a Step moves the side behind first, and both end on the last round. The engines
 * are fakes that have produced the whole run at once; frames are stepped by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SimEvent } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import type { BridgeOptions, BridgeState, EngineBridge } from './engine-bridge.svelte';
import { ComparePair } from './compare.svelte';
import { defaultValues, withValues } from './fields';
import { roundIn } from './lockstep';
import { collectPhases, type PhaseMark } from '../viz/phases';

const ROUNDS = 4;

/** An engine that has run the whole scenario: rounds of `E × 5` simulated seconds. */
class DoneBridge {
	events = $state.raw<readonly SimEvent[]>([]);
	metrics = $state.raw<readonly Extract<SimEvent, { type: 'evaluated' }>[]>([]);
	state = $state<BridgeState>('idle');
	latest = $state(0);
	roundStarts: number[] = [];
	marks: PhaseMark[] = [];
	readonly messageTimes: number[] = [];
	workers = 1;
	constructor(readonly opts: BridgeOptions) {}
	connect(): () => void {
		return () => {};
	}
	start(s: Scenario): void {
		const len = (s.algorithm.kind === 'fedavg' ? s.algorithm.localEpochs : 1) * 5;
		const events: SimEvent[] = [];
		for (let r = 1; r <= s.rounds; r++) {
			events.push({ type: 'roundStarted', t: (r - 1) * len, round: r, selected: [0] });
			events.push({
				type: 'evaluated',
				t: r * len - 0.5,
				round: r,
				accuracy: r / 10,
				loss: 1,
				bytesUp: 0,
				bytesDown: 0
			});
		}
		events.push({ type: 'finished', t: s.rounds * len, rounds: s.rounds });
		this.events = events;
		this.metrics = events.filter((e) => e.type === 'evaluated');
		this.roundStarts = events.filter((e) => e.type === 'roundStarted').map((e) => e.t);
		this.marks = collectPhases(events);
		this.latest = s.rounds * len;
		this.state = 'finished';
	}
	play(): void {}
	pause(): void {}
	step(): void {}
}

let stops: (() => void)[] = [];
afterEach(() => {
	for (const s of stops) s();
	stops = [];
	vi.restoreAllMocks();
});

function makePair(): ComparePair {
	const base = withValues(defaultValues(), { K: 2, rounds: ROUNDS, data: 'blobs', E: 2 });
	const pair = new ComparePair({
		config: { name: 'lab', controls: 'all' },
		left: base,
		right: withValues(base, { E: 5 }),
		vary: 'E',
		mnistUrl: '/x',
		bridge: (o) => new DoneBridge(o) as unknown as EngineBridge
	});
	for (const c of pair.sides) {
		vi.spyOn(c.playhead, 'attach').mockReturnValue(() => {});
		stops.push(c.connect());
	}
	return pair;
}

/** One frame: the driver sets the holds, then each side's playhead moves `dt` real seconds. */
function frame(pair: ComparePair, dt = 0.1): void {
	pair.frame();
	for (const c of pair.sides) c.playhead.frame(dt);
}

const rounds = (pair: ComparePair) =>
	pair.sides.map((c) => roundIn({ roundStarts: c.bridge.roundStarts, t: c.playhead.t }));

describe('ComparePair', () => {
	it('one Play: the faster side waits at each round start; both reach the last round', () => {
		const pair = makePair();
		pair.playhead.speed = 4;
		expect(pair.sides.map((c) => c.playhead.speed)).toEqual([4, 4]);
		pair.play();
		expect(pair.playing).toBe(true);
		const seen: number[][] = [];
		for (let i = 0; i < 400 && !pair.playhead.ended; i++) {
			frame(pair);
			const [a, b] = rounds(pair) as [number, number];
			// the side with 10 s rounds is never more than the start of one round ahead
			expect(a - b).toBeLessThanOrEqual(1);
			expect(b).toBeLessThanOrEqual(a);
			seen.push([a, b]);
		}
		expect(pair.playhead.ended).toBe(true);
		expect(pair.playing).toBe(false);
		expect(pair.sides.map((c) => c.roundNow)).toEqual([ROUNDS, ROUNDS]);
		// the left side (10 s rounds) waited: at round 2's start while the right was in round 1
		expect(seen).toContainEqual([2, 1]);
		expect(pair.left.playhead.t).toBeCloseTo(ROUNDS * 10);
		expect(pair.right.playhead.t).toBeCloseTo(ROUNDS * 25);
	});

	it('Pause stops both; Step moves the side behind first, then both', () => {
		const pair = makePair();
		pair.playhead.speed = 4;
		pair.play();
		// until the left waits at round 2's start
		for (let i = 0; i < 100 && (rounds(pair)[0] ?? 0) < 2; i++) frame(pair);
		frame(pair);
		pair.pause();
		expect(pair.playing).toBe(false);
		const before = pair.sides.map((c) => c.playhead.t);
		frame(pair);
		expect(pair.sides.map((c) => c.playhead.t)).toEqual(before);
		expect(rounds(pair)).toEqual([2, 1]);
		pair.step('round');
		expect(pair.left.playhead.stepping).toBe(false);
		expect(pair.right.playhead.stepping).toBe(true);
		for (let i = 0; i < 200 && pair.right.playhead.stepping; i++) frame(pair, 0.1);
		// the right reached its round 1's evaluation; the left did not move
		expect(pair.right.playhead.t).toBe(24.5);
		expect(pair.left.playhead.t).toBe(before[0]);
		pair.step('round');
		expect(pair.sides.map((c) => c.playhead.stepping)).toEqual([true, true]);
	});

	it('names the knob on each side and writes the comparison link', () => {
		const pair = makePair();
		expect(pair.knobValues()).toEqual([2, 5]);
		const q = new URLSearchParams(pair.urlSearch());
		expect([q.get('vary'), q.get('b'), q.get('E'), q.get('cell')]).toEqual(['E', '5', '2', 'lab']);
		expect(pair.left.values.seed).toBe(pair.right.values.seed);
	});
});
