/**
 * Two live cells side by side: the same seed and settings but one knob, driven by one transport
 * in lock-step by round (`lockstep.ts`): Play, Pause, Step, Reset and the speed act on both, and
 * each frame the side ahead is held at the start of the next round until the other gets there.
 * The pair offers what `TransportBar` reads of a cell, so the page shows one ordinary transport.
 */
import type { BridgeOptions, EngineBridge } from './engine-bridge.svelte';
import { CellState, type CellConfig } from './cell.svelte';
import { encodeCompare, transportQuery } from './compare-link';
import {
	defaultValues,
	fieldOf,
	withValues,
	type FieldKey,
	type FieldValue,
	type Values
} from './fields';
import { boundaries, lockstepHolds, sidesToStep, type SideView } from './lockstep';
import type { Speed } from './playhead.svelte';
import type { StepUnit } from './playback';

export interface CompareOptions {
	readonly config: CellConfig;
	/** The left side's settings; the right's are these with `vary` changed. */
	readonly left: Values;
	readonly right: Values;
	readonly vary: FieldKey;
	readonly mnistUrl: string;
	/** Makes the engine bridges (tests pass fakes). */
	readonly bridge?: (opts: BridgeOptions) => EngineBridge;
}

function sideView(c: CellState): SideView {
	return {
		roundStarts: boundaries(c.bridge.roundStarts, c.bridge.marks),
		marks: c.bridge.marks,
		t: c.playhead.t,
		latest: c.bridge.latest,
		ended: c.playhead.ended
	};
}

export class ComparePair {
	readonly config: CellConfig;
	/** The chapter cell's settings, over which the link is written. */
	readonly base: Values;
	readonly left: CellState;
	readonly right: CellState;
	/** The knob that differs between the sides. */
	vary = $state<FieldKey>('seed');

	/** Playing, from the user's point of view (a side held for the other still plays). */
	playing = $derived.by(() => this.left.playing || this.right.playing);
	/** Both settings as scenarios, or the first side's reasons why not. */
	parsed = $derived.by(() => (this.left.parsed.ok ? this.right.parsed : this.left.parsed));
	/** The shared settings (the seed) as the transport shows them. */
	values = $derived.by(() => this.left.values);
	hidden = $derived.by(() => this.left.hidden);
	cost = $derived.by(() => (this.left.cost ? `${this.left.cost} (each side)` : this.left.cost));

	/** What the transport reads of the playhead: both over, and the shared speed. */
	readonly playhead: { readonly ended: boolean; speed: Speed };

	constructor(opts: CompareOptions) {
		this.config = opts.config;
		this.base = withValues(defaultValues(), opts.config.initial ?? {});
		const make = (side: 'a' | 'b', values: Values) => {
			const cell = new CellState({
				...opts.config,
				name: `${opts.config.name}-${side}`,
				initial: values,
				// the headers name the knob; a preset's name in the legend would hide it
				presets: [],
				mnistUrl: opts.mnistUrl,
				bridge: opts.bridge
			});
			return cell;
		};
		this.left = make('a', opts.left);
		this.right = make('b', opts.right);
		this.vary = opts.vary;
		const pair = this.sides;
		this.playhead = {
			get ended() {
				return pair.every((c) => c.playhead.ended);
			},
			get speed() {
				return pair[0]?.playhead.speed ?? 1;
			},
			set speed(s: Speed) {
				for (const c of pair) c.playhead.speed = s;
			}
		};
	}

	get sides(): readonly CellState[] {
		return [this.left, this.right];
	}

	/** The knob's value on each side, for the headers (`E=1` and `E=5`). */
	knobValues(): [FieldValue | undefined, FieldValue | undefined] {
		return [this.left.values[this.vary], this.right.values[this.vary]];
	}

	/** Starts both cells and the lock-step driver; returns the cleanup. */
	connect(): () => void {
		const stops = this.sides.map((c) => c.connect());
		// registered after the cells' own animation loops: each frame sets the holds for the next
		let raf = requestAnimationFrame(function loop(this: void) {
			frame();
			raf = requestAnimationFrame(loop);
		});
		const frame = () => this.frame();
		return () => {
			cancelAnimationFrame(raf);
			for (const stop of stops) stop();
		};
	}

	/** One frame of the driver: each side's hold (exposed for tests; `connect` calls it). */
	frame(): void {
		const holds = lockstepHolds(this.sides.map(sideView));
		this.sides.forEach((c, i) => {
			const hold = holds[i] ?? null;
			if ((c.playhead.playback.hold ?? null) !== hold)
				c.playhead.playback = { ...c.playhead.playback, hold };
		});
	}

	// ——— transport (what TransportBar calls) ———

	play(): void {
		const over = this.sides.every((c) => c.playhead.ended);
		for (const c of this.sides) if (over || !c.playhead.ended) c.play();
	}

	pause(): void {
		for (const c of this.sides) c.pause();
	}

	togglePlay(): void {
		if (this.playing) this.pause();
		else this.play();
	}

	/** Steps the sides that are behind (both when level), so that they meet at each round's end. */
	step(unit: StepUnit = 'round'): void {
		const which = sidesToStep(this.sides.map(sideView), unit);
		this.sides.forEach((c, i) => {
			if (which[i]) c.step(unit);
			else if (c.playing) c.pause(); // a step pauses the pair: the side ahead waits paused
		});
	}

	reset(): void {
		for (const c of this.sides) c.reset();
	}

	/** Shared settings (the seed) change on both sides. */
	set(changes: Values): void {
		for (const c of this.sides) c.set(changes);
	}

	/** One new random seed for both sides. */
	newSeed(): void {
		const buf = new Uint32Array(1);
		crypto.getRandomValues(buf);
		this.set({ seed: (buf[0] as number) % 1_000_000 });
	}

	/** Changes the knob's value on one side. */
	setKnob(side: 'left' | 'right', value: FieldValue): void {
		(side === 'left' ? this.left : this.right).set({ [this.vary]: value });
	}

	/** Compares another knob: the right side takes the left's settings with `value` for it. */
	varyKnob(key: FieldKey, value: FieldValue): void {
		this.vary = key;
		this.right.set({ ...this.left.values, [key]: value });
	}

	/**
	 * Reads the link's animation speed and backend into both sides (call before `connect`); their
	 * settings come from the comparison link, so nothing else is read.
	 */
	loadLink(search: string): void {
		const own = transportQuery(search);
		// over each side's own settings: only the speed and the backend change
		for (const c of this.sides) c.loadUrl(own);
	}

	/** The comparison's link query (`?…&vary=E&b=5&cell=fedavg`). */
	urlSearch(): string {
		return encodeCompare(
			this.config.name,
			this.left.values,
			this.vary,
			this.right.values,
			this.base
		);
	}

	/** The knob's field (for its label and control). */
	get knob() {
		return fieldOf(this.vary);
	}
}
