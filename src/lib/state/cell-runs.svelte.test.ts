/**
 * A cell's runs across a reload: the ghosts, their names and notes go to localStorage and come
 * back as ghosts on the next visit, numbered as before, with the next run numbered after them;
 * Clear removes them; a bad stored value is ignored. The engine bridge is a small fake.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventOf, SimEvent } from '../sim/core/events';
import { CellState } from './cell.svelte';
import type { BridgeOptions, BridgeState, EngineBridge } from './engine-bridge.svelte';
import { runStoreKey } from './run-store';

class FakeBridge {
	events = $state.raw<readonly SimEvent[]>([]);
	metrics = $state.raw<readonly EventOf<'evaluated'>[]>([]);
	state = $state<BridgeState>('idle');
	latest = $state(0);
	roundStarts: number[] = [];
	readonly messageTimes: number[] = [];
	readonly marks = [];
	workers = 1;
	constructor(readonly opts: BridgeOptions) {}
	connect(): () => void {
		return () => {};
	}
	start(): void {
		this.events = [];
		this.metrics = [];
		this.roundStarts = [];
		this.latest = 0;
		this.state = 'ready';
	}
	play(): void {
		this.state = 'running';
	}
	pause(): void {
		this.state = 'paused';
	}
	step(): void {
		this.state = 'stepping';
	}
	evaluate(round: number, accuracy: number): void {
		const e: EventOf<'evaluated'> = {
			type: 'evaluated',
			t: round * 10,
			round,
			accuracy,
			loss: 1 / round,
			bytesUp: 10,
			bytesDown: 20
		};
		this.events = [...this.events, e];
		this.metrics = [...this.metrics, e];
		this.latest = e.t;
	}
}

/** localStorage as a Map (Node has none). */
function stubStorage(): Map<string, string> {
	const m = new Map<string, string>();
	vi.stubGlobal('localStorage', {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v),
		removeItem: (k: string) => void m.delete(k)
	});
	return m;
}

let cleanups: (() => void)[] = [];

/** A cell as a page makes it: persisted, connected without the animation loop. */
function visit(): { cell: CellState; bridge: FakeBridge } {
	let bridge: FakeBridge | undefined;
	const cell = new CellState({
		name: 'fedavg',
		controls: ['K', 'E'],
		initial: { K: 4, rounds: 3, data: 'blobs' },
		mnistUrl: '/data/mnist.bin',
		persist: true,
		bridge: (o) => {
			bridge = new FakeBridge(o);
			return bridge as unknown as EngineBridge;
		}
	});
	vi.spyOn(cell.playhead, 'attach').mockReturnValue(() => {});
	cleanups.push(cell.connect());
	return { cell, bridge: bridge as FakeBridge };
}

/** Finishes the live run with two rounds and starts the next (the live run becomes a ghost). */
function runAndReset(cell: CellState, bridge: FakeBridge, accuracy: number): void {
	bridge.evaluate(1, accuracy / 2);
	bridge.evaluate(2, accuracy);
	bridge.state = 'finished';
	cell.reset();
}

beforeEach(() => {
	cleanups = [];
});
afterEach(() => {
	for (const c of cleanups) c();
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

describe('CellState: runs kept across a reload', () => {
	it('ghosts, names and notes come back; new runs are numbered after them', () => {
		const store = stubStorage();
		const first = visit();
		runAndReset(first.cell, first.bridge, 0.6);
		runAndReset(first.cell, first.bridge, 0.8);
		first.cell.rename(2, 'more epochs');
		first.cell.pinNote(1, 2, 'here the stragglers were dropped');
		first.cell.saveRuns();
		expect(store.has(runStoreKey('fedavg'))).toBe(true);
		expect(first.cell.series.map((s) => s.label)).toEqual([
			'Run 1',
			'Run 2 · more epochs',
			'Run 3'
		]);

		const again = visit();
		expect(again.cell.ghosts.map((g) => g.n)).toEqual([1, 2]);
		expect(again.cell.ghosts[1]?.points.at(-1)?.accuracy).toBe(0.8);
		expect(again.cell.names.get(2)).toBe('more epochs');
		expect(again.cell.notes).toEqual([
			{ run: 1, round: 2, text: 'here the stragglers were dropped' }
		]);
		// the live run after the reload is run 3, not a second run 1
		expect(again.cell.run?.n).toBe(3);
		expect(again.cell.series.map((s) => [s.id, s.ghost])).toEqual([
			['run-1', true],
			['run-2', true],
			['run-3', false]
		]);
	});

	it('the live run with results is kept too, and comes back as a ghost', () => {
		stubStorage();
		const first = visit();
		first.bridge.evaluate(1, 0.5);
		first.cell.saveRuns();
		const again = visit();
		expect(again.cell.ghosts.map((g) => g.n)).toEqual([1]);
		expect(again.cell.run?.n).toBe(2);
	});

	it('Clear removes the ghosts here and after a reload; removing one keeps the numbers', () => {
		const store = stubStorage();
		const first = visit();
		runAndReset(first.cell, first.bridge, 0.6);
		runAndReset(first.cell, first.bridge, 0.7);
		runAndReset(first.cell, first.bridge, 0.8);
		first.cell.removeGhost(2);
		expect(first.cell.series.map((s) => s.id)).toEqual(['run-1', 'run-3', 'run-4']);
		first.cell.pinNote(1, 1, 'gone with the clear');
		first.cell.clearGhosts();
		expect(first.cell.ghosts).toEqual([]);
		expect(first.cell.notes).toEqual([]);
		first.cell.saveRuns();
		expect(store.has(runStoreKey('fedavg'))).toBe(false);
		const again = visit();
		expect(again.cell.ghosts).toEqual([]);
	});

	it('ignores foreign or broken stored content without a crash', () => {
		const store = stubStorage();
		store.set(runStoreKey('fedavg'), '{"v":1,"runs":[{"n":"one"}],"notes":[]}');
		const a = visit();
		expect(a.cell.ghosts).toEqual([]);
		expect(a.cell.run?.n).toBe(1);
		store.set(runStoreKey('fedavg'), 'not json at all');
		expect(visit().cell.ghosts).toEqual([]);
	});

	it('does not save before it has read back (a first save would erase the kept runs)', () => {
		const store = stubStorage();
		store.set(runStoreKey('fedavg'), 'kept');
		const cell = new CellState({
			name: 'fedavg',
			controls: ['K'],
			mnistUrl: '/x',
			persist: true,
			bridge: (o) => new FakeBridge(o) as unknown as EngineBridge
		});
		cell.saveRuns();
		expect(store.get(runStoreKey('fedavg'))).toBe('kept');
	});

	it('a cell that does not persist neither reads nor writes', () => {
		const store = stubStorage();
		store.set(runStoreKey('x'), 'kept');
		const cell = new CellState({
			name: 'x',
			controls: ['K'],
			mnistUrl: '/x',
			bridge: (o) => new FakeBridge(o) as unknown as EngineBridge
		});
		vi.spyOn(cell.playhead, 'attach').mockReturnValue(() => {});
		cleanups.push(cell.connect());
		cell.saveRuns();
		expect(store.get(runStoreKey('x'))).toBe('kept');
	});
});

describe('CellState: notes and names', () => {
	it('one note per point; an empty note or name removes it', () => {
		stubStorage();
		const { cell } = visit();
		cell.pinNote(1, 2, 'first');
		cell.pinNote(1, 2, '  second\n ');
		expect(cell.notes).toEqual([{ run: 1, round: 2, text: 'second' }]);
		cell.pinNote(1, 2, '   ');
		expect(cell.notes).toEqual([]);
		cell.rename(1, '  baseline ');
		expect(cell.names.get(1)).toBe('baseline');
		cell.rename(1, '');
		expect(cell.names.has(1)).toBe(false);
	});
});
