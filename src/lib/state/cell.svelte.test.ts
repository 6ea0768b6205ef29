/**
 * The rules of a live cell, with the engine bridge replaced by a fake that records the commands
 * and lets the test play the worker's part (its state and its `evaluated` events). Runes work here
 * because the file name contains `.svelte.`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventOf, SimEvent } from '../sim/core/events';
import type { Scenario } from '../sim/scenario';
import { CellState, type CellOptions } from './cell.svelte';
import type { BridgeOptions, BridgeState, EngineBridge } from './engine-bridge.svelte';
import { FIELDS, defaultValues, withValues } from './fields';
import { MAX_GHOSTS } from './runs';
import { collectPhases } from '../viz/phases';

type Command =
	{ type: 'start'; scenario: Scenario; autoplay: boolean } | { type: 'play' | 'pause' | 'step' };

/** What `CellState` reads and calls on its bridge, driven by hand. */
class FakeBridge {
	events = $state.raw<readonly SimEvent[]>([]);
	metrics = $state.raw<readonly EventOf<'evaluated'>[]>([]);
	state = $state<BridgeState>('idle');
	latest = $state(0);
	msPerRound = $state<number | null>(null);
	roundTimes = $state.raw<readonly number[]>([]);
	awaitingRun = $state(false);
	backend = $state(null);
	readonly roundStarts: number[] = [];
	readonly messageTimes: number[] = [];
	readonly commands: Command[] = [];
	readonly opts: BridgeOptions;

	constructor(opts: BridgeOptions) {
		this.opts = opts;
	}
	get marks() {
		return collectPhases(this.events);
	}
	get busy(): boolean {
		return this.state === 'running' || this.state === 'stepping' || this.state === 'building';
	}
	get starts(): Extract<Command, { type: 'start' }>[] {
		return this.commands.filter((c) => c.type === 'start');
	}
	connect(): () => void {
		return () => {};
	}
	start(scenario: Scenario, autoplay: boolean): void {
		this.commands.push({ type: 'start', scenario, autoplay });
		this.events = [];
		this.metrics = [];
		this.latest = 0;
		this.state = 'ready';
	}
	play(): void {
		this.commands.push({ type: 'play' });
		this.state = 'running';
	}
	pause(): void {
		this.commands.push({ type: 'pause' });
		this.state = 'paused';
	}
	step(): void {
		this.commands.push({ type: 'step' });
		this.state = 'stepping';
	}
	/** The worker reports round `round` evaluated at simulated time `t`. */
	evaluate(round: number, accuracy: number, t = round * 10): void {
		const e: EventOf<'evaluated'> = {
			type: 'evaluated',
			t,
			round,
			accuracy,
			loss: 1 / round,
			bytesUp: 1000 * round,
			bytesDown: 2000 * round
		};
		this.roundStarts.push(t - 10);
		this.events = [...this.events, e];
		this.metrics = [...this.metrics, e];
		this.latest = t;
	}
}

let bridges: FakeBridge[] = [];
let cleanups: (() => void)[] = [];

function makeCell(opts: Partial<CellOptions> = {}): { cell: CellState; bridge: FakeBridge } {
	const cell = new CellState({
		name: 'test',
		controls: ['K', 'C', 'rounds', 'E'],
		initial: { K: 4, rounds: 3, data: 'blobs' },
		mnistUrl: '/data/mnist.bin',
		bridge: (o) => {
			const b = new FakeBridge(o);
			bridges.push(b);
			return b as unknown as EngineBridge;
		},
		...opts
	});
	const bridge = bridges.at(-1) as FakeBridge;
	return { cell, bridge };
}

/** Connects without the animation loop (no requestAnimationFrame in Node). */
function connect(cell: CellState): void {
	vi.spyOn(cell.playhead, 'attach').mockReturnValue(() => {});
	cleanups.push(cell.connect());
}

beforeEach(() => {
	vi.useFakeTimers();
	bridges = [];
});
afterEach(() => {
	for (const c of cleanups) c();
	cleanups = [];
	vi.useRealTimers();
	vi.restoreAllMocks();
});

describe('CellState: controls and starting values', () => {
	it('a control key that names no field throws instead of vanishing', () => {
		// @ts-expect-error — `alfa` is not a field key
		expect(() => makeCell({ controls: ['K', 'alfa'] })).toThrow(/alfa/);
	});

	it('`all` offers every field; the chapter values lie over the schema defaults', () => {
		const { cell } = makeCell({ controls: 'all' });
		expect(cell.controls).toEqual(FIELDS);
		expect(cell.values).toEqual(withValues(defaultValues(), { K: 4, rounds: 3, data: 'blobs' }));
		expect(cell.base).toEqual(cell.values);
	});
});

describe('CellState: restart rules', () => {
	it('connecting starts the first run, paused', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		expect(bridge.starts).toHaveLength(1);
		expect(bridge.starts[0]?.autoplay).toBe(false);
		expect(bridge.starts[0]?.scenario.clients).toBe(4);
		expect(cell.run?.n).toBe(1);
		expect(cell.caption).toBe('Ready: 4 clients, 3 rounds. Press play or step.');
	});

	it('a change before any training follows the controls after a short pause, without a ghost', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.set({ K: 5 });
		cell.set({ K: 6 });
		expect(bridge.starts).toHaveLength(1);
		vi.advanceTimersByTime(120);
		expect(bridge.starts).toHaveLength(2);
		expect(bridge.starts[1]?.scenario.clients).toBe(6);
		expect(cell.ghosts).toEqual([]);
		expect(cell.run?.n).toBe(2);
	});

	it('a change back to the running settings starts nothing', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.set({ K: 4 });
		vi.advanceTimersByTime(500);
		expect(bridge.starts).toHaveLength(1);
	});

	it('a change mid-run offers a restart; accepting keeps the old run as a ghost', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.play();
		// the playback machine asks the engine to play on the next frame
		cell.playhead.frame(0.016);
		expect(bridge.commands.at(-1)).toEqual({ type: 'play' });
		expect(cell.playing).toBe(true);
		bridge.evaluate(1, 0.5);
		cell.set({ K: 8 });
		vi.advanceTimersByTime(500);
		expect(bridge.starts).toHaveLength(1);
		expect(cell.changedMidRun).toBe(true);

		cell.restartWithChanges();
		expect(bridge.starts).toHaveLength(2);
		// it was playing, so the new run plays too (the engine is asked once it is ready)
		expect(cell.playing).toBe(true);
		cell.playhead.frame(0.016);
		expect(bridge.commands.at(-1)).toEqual({ type: 'play' });
		expect(bridge.starts[1]?.scenario.clients).toBe(8);
		expect(cell.ghosts).toHaveLength(1);
		expect(cell.ghosts[0]?.values.K).toBe(4);
		expect(cell.ghosts[0]?.points.map((p) => p.accuracy)).toEqual([0.5]);
		expect(cell.changedMidRun).toBe(false);
	});

	it('reverting a mid-run change puts the controls back and withdraws the offer', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.play();
		bridge.evaluate(1, 0.5);
		cell.set({ rounds: 7 });
		expect(cell.changedMidRun).toBe(true);
		cell.revertChanges();
		expect(cell.values.rounds).toBe(3);
		expect(cell.changedMidRun).toBe(false);
		expect(bridge.starts).toHaveLength(1);
	});

	it('a change after the run finished restarts at once and keeps the finished run', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		bridge.evaluate(1, 0.4);
		bridge.evaluate(2, 0.6);
		bridge.state = 'finished';
		cell.set({ C: 0.5 });
		expect(bridge.starts).toHaveLength(2);
		expect(bridge.starts[1]?.autoplay).toBe(false);
		expect(cell.ghosts.map((g) => g.n)).toEqual([1]);
	});

	it('play after the end replays with the same settings, the finished run as a ghost', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		bridge.evaluate(1, 0.4);
		bridge.state = 'finished';
		// paused during the end-of-run catch-up, Play resumes the display instead
		cell.play();
		expect(bridge.starts).toHaveLength(1);
		cell.pause();
		cell.playhead.toEnd();
		cell.play();
		expect(bridge.starts).toHaveLength(2);
		expect(cell.playing).toBe(true);
		expect(cell.ghosts).toHaveLength(1);
	});

	it('a run without results leaves no ghost when replaced', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.reset();
		cell.reset();
		expect(bridge.starts).toHaveLength(3);
		expect(cell.ghosts).toEqual([]);
	});

	it(`keeps at most ${MAX_GHOSTS} ghosts, the newest`, () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		for (let i = 0; i < MAX_GHOSTS + 3; i++) {
			bridge.evaluate(1, 0.1);
			cell.reset();
		}
		expect(cell.ghosts).toHaveLength(MAX_GHOSTS);
		expect(cell.ghosts.at(-1)?.n).toBe(MAX_GHOSTS + 3);
		expect(cell.ghosts[0]?.n).toBe(4);
		cell.clearGhosts();
		expect(cell.ghosts).toEqual([]);
	});

	it('invalid settings start nothing: play, step and reset wait for the controls', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.set({ C: 5 });
		expect(cell.parsed.ok).toBe(false);
		cell.play();
		cell.step();
		cell.reset();
		vi.advanceTimersByTime(500);
		expect(bridge.starts).toHaveLength(1);
		expect(bridge.commands.filter((c) => c.type !== 'start')).toEqual([]);
	});

	it('step sends one step and animates it', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		cell.step();
		expect(cell.playhead.moving).toBe(true);
		// nothing produced yet: the machine asks the engine for one round on the next frame
		cell.playhead.frame(0.016);
		expect(bridge.commands.at(-1)).toEqual({ type: 'step' });
		expect(cell.playing).toBe(false);
		// the round arrives: the step animates to its end and pauses there
		bridge.state = 'paused';
		bridge.evaluate(1, 0.5);
		for (let i = 0; i < 400 && cell.playhead.moving; i++) cell.playhead.frame(0.1);
		expect([cell.playhead.t, cell.playhead.moving]).toEqual([10, false]);
		expect(bridge.commands.filter((c) => c.type === 'step')).toHaveLength(1);
	});

	it('a preset restarts with its values and names the run; a later change drops the name', () => {
		const preset = { label: 'Ten', values: { K: 10, C: 1 } };
		const { cell, bridge } = makeCell({ presets: [preset] });
		connect(cell);
		bridge.evaluate(1, 0.3);
		cell.applyPreset(preset);
		expect(bridge.starts.at(-1)?.scenario.clients).toBe(10);
		expect(cell.run?.preset).toBe('Ten');
		expect(cell.ghosts).toHaveLength(1);
		bridge.evaluate(1, 0.7);
		bridge.state = 'finished';
		cell.set({ K: 11 });
		expect(cell.run?.preset).toBeUndefined();
		// the legends name the preset, or the fields that differ between the runs
		const labels = cell.series.map((s) => s.label);
		expect(labels[1]).toBe('Run 2 · Ten');
		expect(labels[0]).toMatch(/^Run 1 · K=4, C=/);
		expect(labels[2]).toMatch(/^Run 3 · K=11, C=1/);
	});
});

describe('CellState: links, files and captions', () => {
	it('a bad link field becomes one warning and falls back to the chapter value', () => {
		const { cell } = makeCell();
		cell.loadUrl('?K=abc&rounds=2&speed=99&hide=C');
		expect(cell.values.K).toBe(4);
		expect(cell.values.rounds).toBe(2);
		expect(cell.hidden).toEqual(new Set(['C']));
		expect(cell.visibleControls.map((f) => f.key)).toEqual(['K', 'rounds', 'E']);
		expect(cell.notices).toHaveLength(1);
		const details = cell.notices[0]?.details ?? [];
		expect(details.join(' ')).toContain('K=abc');
		expect(details.join(' ')).toContain('speed=99');
		expect(cell.urlSearch()).toContain('hide=C');
	});

	it('links carry the seed and what differs from the chapter; the address stays clean until then', () => {
		const { cell } = makeCell();
		expect(cell.urlSearch()).toBe('?seed=42');
		expect(cell.addressSearch()).toBe('');
		cell.set({ E: 3 });
		expect(cell.urlSearch()).toBe('?seed=42&E=3');
		expect(cell.addressSearch()).toBe('?seed=42&E=3');
		cell.set({ E: cell.base.E ?? 1, seed: 7 });
		expect(cell.addressSearch()).toBe('?seed=7');
	});

	it('an invalid scenario file changes nothing and lists its problems', () => {
		const { cell } = makeCell();
		const before = cell.values;
		expect(cell.importScenario('{"clients": -3}', 'bad.json')).toBe(false);
		expect(cell.values).toBe(before);
		expect(cell.notices.at(-1)?.level).toBe('error');
		expect(cell.notices.at(-1)?.title).toContain('bad.json');
	});

	it('the caption reports the round at the playhead in the shared formats', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		bridge.evaluate(1, 0.5, 185);
		cell.playhead.t = 185;
		expect(cell.caption).toBe(
			'Round 1 of 3 done: test accuracy 50.0 %, loss 1.000, 3 min 5 s simulated, 3 kB sent.'
		);
	});

	it('before the first evaluation, the caption names the round under way, not "Ready"', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		bridge.roundStarts.push(0);
		cell.playhead.t = 2;
		expect(cell.roundNow).toBe(1);
		expect(cell.caption).toBe('Under way: round 1 of 3, no evaluation yet.');
	});

	it('once the next round has started, the caption names it: the same round as the server label', () => {
		const { cell, bridge } = makeCell();
		connect(cell);
		bridge.evaluate(1, 0.5, 185);
		bridge.roundStarts.push(190);
		cell.playhead.t = 195;
		expect(cell.roundNow).toBe(2);
		expect(cell.caption).toBe(
			'Round 1 of 3 done: test accuracy 50.0 %, loss 1.000, 3 min 5 s simulated, 3 kB sent. Round 2 under way.'
		);
	});
});
