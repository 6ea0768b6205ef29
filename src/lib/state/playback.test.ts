import { describe, expect, it } from 'vitest';
import { createRng } from '../sim/core/rng';
import type { PhaseMark } from '../viz/phases';
import {
	INITIAL,
	MAX_AHEAD_ROUNDS,
	MESSAGE_REAL_S,
	dispatch,
	ended,
	tick,
	type Command,
	type EngineState,
	type Input,
	type Playback,
	type RunView
} from './playback';

/** Marks of `n` rounds of 10 simulated seconds: send 0, train 1, upload 6, aggregate 8, evaluate 9. */
function rounds(n: number): PhaseMark[] {
	const out: PhaseMark[] = [];
	for (let r = 1; r <= n; r++) {
		const s = (r - 1) * 10;
		out.push(
			{ t: s, phase: 'send', round: r },
			{ t: s + 1, phase: 'train', round: r },
			{ t: s + 6, phase: 'upload', round: r },
			{ t: s + 8, phase: 'aggregate', round: r },
			{ t: s + 9, phase: 'evaluate', round: r }
		);
	}
	return out;
}

function view(t: number, produced: number, engine: EngineState, total = 5): RunView {
	const marks = rounds(produced);
	if (engine === 'finished' && produced === total)
		marks.push({ t: produced * 10 - 1, phase: 'finish', round: total });
	return {
		t,
		latest: marks.at(-1)?.t ?? 0,
		engine,
		marks,
		messageTimes: marks.filter((m) => m.phase === 'send' || m.phase === 'upload').map((m) => m.t),
		roundsAhead: Math.max(0, produced - (Math.floor(t / 10) + 1))
	};
}

const at = (p: Partial<Playback>): Playback => ({ ...INITIAL, ...p });

describe('playback transitions', () => {
	it('play from paused: playing; the engine is asked to play on the next frame', () => {
		const r = dispatch(INITIAL, { type: 'play' }, view(0, 0, 'ready'));
		expect(r.playback.mode).toBe('playing');
		const f = tick(r.playback, 0.016, view(0, 0, 'ready'));
		expect(f.commands).toEqual(['enginePlay']);
		// sent once per engine state, not every frame
		expect(tick(f.playback, 0.016, view(0, 0, 'ready')).commands).toEqual([]);
	});

	it('pause while the engine runs: paused, and the engine is paused', () => {
		const r = dispatch(at({ mode: 'playing' }), { type: 'pause' }, view(3, 2, 'running'));
		expect(r.playback.mode).toBe('paused');
		expect(r.commands).toEqual(['enginePause']);
		expect(tick(r.playback, 0.05, view(3, 2, 'running')).t).toBe(3);
	});

	it('slow motion really slows: 0.25× moves a quarter of 1× and never jumps ahead', () => {
		const v = view(2, 5, 'running');
		const slow = tick(at({ mode: 'playing', speed: 0.25 }), 0.05, v).t - 2;
		const normal = tick(at({ mode: 'playing', speed: 1 }), 0.05, v).t - 2;
		expect(slow).toBeCloseTo(normal / 4, 12);
		// far behind the engine: still no jump
		expect(tick(at({ mode: 'playing', speed: 0.25 }), 0.05, view(0, 5, 'paused')).t).toBeCloseTo(
			0.0125
		);
	});

	it('as fast as training follows the latest event', () => {
		expect(tick(at({ mode: 'playing', speed: 'max' }), 0.016, view(0, 3, 'running')).t).toBe(29);
	});

	it('one message at a time: each gap to the next message takes the same real time', () => {
		let p = at({ mode: 'playing', speed: 'message' });
		let t = 0;
		const times: number[] = [];
		for (let i = 0; i < 40; i++) {
			const f = tick(p, 0.05, { ...view(t, 3, 'running'), t });
			p = f.playback;
			t = f.t;
			times.push(t);
		}
		// 0 → 6 (upload) in MESSAGE_REAL_S, then 6 → 10 (next send) in MESSAGE_REAL_S
		const framesPerGap = Math.round(MESSAGE_REAL_S / 0.05);
		expect(times[framesPerGap - 1]).toBeCloseTo(6, 9);
		expect(times[2 * framesPerGap - 1]).toBeCloseTo(10, 9);
	});

	it('step a round: animates to the end of the round the engine already produced, then pauses', () => {
		const v = view(0, 3, 'paused');
		const r = dispatch(INITIAL, { type: 'step', unit: 'round' }, v);
		expect(r).toMatchObject({ playback: { mode: 'stepping', target: 9 }, commands: [] });
		let p = r.playback;
		let t = 0;
		for (let i = 0; i < 400 && p.mode === 'stepping'; i++) {
			const f = tick(p, 0.05, { ...v, t });
			p = f.playback;
			t = f.t;
		}
		expect(p.mode).toBe('paused');
		expect(t).toBe(9);
	});

	it('step a round the engine has not produced: one engine step, then the animation', () => {
		const r = dispatch(INITIAL, { type: 'step', unit: 'round' }, view(9, 1, 'paused'));
		expect(r.playback.target).toBeNull();
		const f = tick(r.playback, 0.016, view(9, 1, 'paused'));
		expect(f.commands).toEqual(['engineStep']);
		// while the engine steps, wait
		expect(tick(f.playback, 0.016, view(9, 1, 'stepping')).commands).toEqual([]);
		// the round arrives: animate to its end
		const g = tick(f.playback, 0.016, view(9, 2, 'paused'));
		expect(g.playback.target).toBe(19);
	});

	it('step while playing pauses the engine and steps one round, not two', () => {
		const r = dispatch(
			at({ mode: 'playing' }),
			{ type: 'step', unit: 'round' },
			view(12, 3, 'running')
		);
		expect(r.commands).toEqual(['enginePause']);
		expect(r.playback.target).toBe(19);
	});

	it('step by phase walks send → train → upload → aggregate → evaluate in order', () => {
		const seen: number[] = [];
		let p: Playback = INITIAL;
		let t = 0;
		for (let k = 0; k < 5; k++) {
			p = dispatch(p, { type: 'step', unit: 'phase' }, view(t, 2, 'paused')).playback;
			for (let i = 0; i < 400 && p.mode === 'stepping'; i++) {
				const f = tick(p, 0.05, view(t, 2, 'paused'));
				p = f.playback;
				t = f.t;
			}
			seen.push(t);
		}
		expect(seen).toEqual([1, 6, 8, 9, 10]);
	});

	it('the end: a finished run shown to its last event pauses, and play then restarts', () => {
		const f = tick(at({ mode: 'playing', speed: 'max' }), 0.016, view(40, 5, 'finished'));
		expect(f.playback.mode).toBe('paused');
		expect(ended({ ...view(49, 5, 'finished'), t: f.t })).toBe(true);
		expect(dispatch(f.playback, { type: 'play' }, view(49, 5, 'finished')).commands).toEqual([
			'restart'
		]);
		expect(
			dispatch(f.playback, { type: 'step', unit: 'round' }, view(49, 5, 'finished')).commands
		).toEqual(['restart']);
	});

	it('pausing during the end-of-run catch-up does not end the run: play resumes the display', () => {
		const v = view(12, 5, 'finished');
		const paused = dispatch(at({ mode: 'playing' }), { type: 'pause' }, v);
		expect(ended(v)).toBe(false);
		const resumed = dispatch(paused.playback, { type: 'play' }, v);
		expect(resumed.commands).toEqual([]);
		expect(tick(resumed.playback, 0.05, v).t).toBeGreaterThan(12);
	});

	it('the engine is held when it runs too far ahead, and resumed when the display catches up', () => {
		const ahead = tick(at({ mode: 'playing' }), 0.016, view(0, MAX_AHEAD_ROUNDS + 2, 'running'));
		expect(ahead.commands).toEqual(['enginePause']);
		const near = tick(ahead.playback, 0.016, view(40, MAX_AHEAD_ROUNDS + 2, 'paused'));
		expect(near.commands).toEqual(['enginePlay']);
	});

	it('speed change keeps the mode; reset goes back to paused at the same speed', () => {
		const s = dispatch(
			at({ mode: 'playing' }),
			{ type: 'speed', speed: 0.5 },
			view(0, 1, 'running')
		);
		expect(s.playback).toMatchObject({ mode: 'playing', speed: 0.5 });
		expect(dispatch(s.playback, { type: 'reset' }, view(0, 1, 'running')).playback).toMatchObject({
			mode: 'paused',
			speed: 0.5
		});
	});
});

/** A small model of the engine: it produces a round every few frames while running or stepping. */
class FakeEngine {
	state: EngineState = 'ready';
	produced = 0;
	#work = 0;
	constructor(readonly total: number) {}
	exec(c: Command): void {
		if (c === 'restart') {
			this.state = 'ready';
			this.produced = 0;
		} else if (c === 'enginePlay' && this.state !== 'finished') this.state = 'running';
		else if (c === 'enginePause' && (this.state === 'running' || this.state === 'stepping'))
			this.state = 'paused';
		else if (c === 'engineStep' && (this.state === 'ready' || this.state === 'paused'))
			this.state = 'stepping';
	}
	frame(): void {
		if (this.state !== 'running' && this.state !== 'stepping') return;
		if (++this.#work < 3) return;
		this.#work = 0;
		this.produced++;
		if (this.produced >= this.total) this.state = 'finished';
		else if (this.state === 'stepping') this.state = 'paused';
	}
}

describe('playback never freezes (20 random sequences)', () => {
	it('after any sequence of play/pause/step/reset/speed, the next play advances the simulated time', () => {
		const rng = createRng(7);
		const inputs: Input[] = [
			{ type: 'play' },
			{ type: 'pause' },
			{ type: 'step', unit: 'round' },
			{ type: 'step', unit: 'phase' },
			{ type: 'speed', speed: 0.25 },
			{ type: 'speed', speed: 'message' },
			{ type: 'speed', speed: 'max' },
			{ type: 'speed', speed: 4 },
			{ type: 'reset' }
		];
		for (let seq = 0; seq < 20; seq++) {
			const engine = new FakeEngine(6);
			let p: Playback = INITIAL;
			let t = 0;
			let restarted: boolean;
			const run = (frames: number) => {
				for (let i = 0; i < frames; i++) {
					engine.frame();
					const f = tick(p, 0.05, { ...view(t, engine.produced, engine.state, 6), t });
					p = f.playback;
					t = f.t;
					for (const c of f.commands) {
						if (c === 'restart') {
							t = 0;
							restarted = true;
						}
						engine.exec(c);
					}
				}
			};
			const apply = (input: Input) => {
				const r = dispatch(p, input, { ...view(t, engine.produced, engine.state, 6), t });
				p = r.playback;
				for (const c of r.commands) {
					if (c === 'restart') {
						t = 0;
						restarted = true;
					}
					engine.exec(c);
				}
				if (input.type === 'reset') {
					engine.exec('restart');
					t = 0;
				}
			};
			for (let k = 0; k < 12; k++) {
				apply(inputs[rng.int(inputs.length)] as Input);
				run(rng.int(40));
			}
			apply({ type: 'speed', speed: 4 });
			const before = t;
			restarted = false;
			apply({ type: 'play' });
			run(60);
			// either the display moved on, or the run had ended and Play started a new one that moves
			if (restarted) expect(t, `sequence ${seq}: the new run froze`).toBeGreaterThan(0);
			else expect(t, `sequence ${seq} froze at ${before}`).toBeGreaterThan(before);
		}
	});
});
