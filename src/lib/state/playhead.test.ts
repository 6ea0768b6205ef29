import { describe, expect, it } from 'vitest';
import type { PhaseMark } from '../viz/phases';
import type { Command, EngineState } from './playback';
import { Playhead, roundsStartedBy, type PlayheadSource } from './playhead.svelte';

describe('roundsStartedBy', () => {
	it('counts the rounds started at or before t', () => {
		expect(roundsStartedBy([0, 10, 20], -1)).toBe(0);
		expect(roundsStartedBy([0, 10, 20], 0)).toBe(1);
		expect(roundsStartedBy([0, 10, 20], 15)).toBe(2);
		expect(roundsStartedBy([0, 10, 20], 25)).toBe(3);
	});
});

/** A source with two produced rounds of 10 simulated seconds. */
function source(engine: EngineState): PlayheadSource {
	const marks: PhaseMark[] = [0, 10].flatMap((s, i) => [
		{ t: s, phase: 'send' as const, round: i + 1 },
		{ t: s + 9, phase: 'evaluate' as const, round: i + 1 }
	]);
	return { latest: 19, roundStarts: [0, 10], state: engine, marks, messageTimes: [0, 10] };
}

describe('Playhead', () => {
	it('plays at the chosen speed and passes the commands of the machine on', () => {
		const commands: Command[] = [];
		const p = new Playhead(source('ready'));
		p.onCommand = (c) => commands.push(c);
		p.speed = 2;
		p.play();
		p.frame(0.05);
		expect(p.t).toBeCloseTo(0.1, 12);
		expect(commands).toEqual(['enginePlay']);
		p.pause();
		p.frame(0.05);
		expect(p.t).toBeCloseTo(0.1, 12);
	});

	it('steps to the end of the round and stops there', () => {
		const p = new Playhead(source('paused'));
		p.speed = 'max';
		p.step('round');
		p.frame(0.016);
		expect([p.t, p.playback.mode]).toEqual([9, 'paused']);
		p.step('phase');
		p.frame(0.016);
		expect(p.t).toBe(10);
	});

	it('rewinds for a new run in the mode it is told, forgetting sent commands', () => {
		const commands: Command[] = [];
		const p = new Playhead(source('ready'));
		p.onCommand = (c) => commands.push(c);
		p.play();
		p.frame(0.016);
		p.rewind('playing');
		expect(p.t).toBe(0);
		p.frame(0.016);
		expect(commands).toEqual(['enginePlay', 'enginePlay']);
	});
});
