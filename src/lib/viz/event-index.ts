/**
 * The one incremental index of a run's event stream, read by every view of the run: the network
 * graph (`graph`: the state at any playhead), the client timeline strip (`timelines`: what each
 * client was doing) and the graph's message and client cards (`cards`). The stream is replaced, never mutated, as it grows, so `sync(events)` reads
 * only the new tail when `events` extends what it has seen and starts over otherwise (a new run).
 * Pure TypeScript: the owner (the engine bridge) calls `sync` when events arrive, never a view.
 */
import type { SimEvent } from '$lib/sim/core/events';
import { CardIndex } from './card-index';
import type { EventReader } from './event-reader';
import { GraphIndex } from './graph-state';
import { ClientTimelines } from './timeline';

/** What a view of the run reads: the index and a counter that changes when the index does. */
export interface IndexedStream {
	readonly index: EventIndex;
	/** Bumps whenever `index` took in events (or started over): read it to follow the index. */
	readonly indexVersion: number;
}

/** Two events that describe the same thing (same object, or equal by value). */
function sameEvent(a: SimEvent | undefined, b: SimEvent | undefined): boolean {
	if (a === b) return true;
	if (!a || !b || a.type !== b.type || a.t !== b.t) return false;
	return JSON.stringify(a) === JSON.stringify(b);
}

export class EventIndex {
	readonly graph = new GraphIndex();
	readonly timelines = new ClientTimelines();
	/** What the graph's message and client cards read. */
	readonly cards = new CardIndex();
	readonly #readers: readonly EventReader[] = [this.graph, this.timelines, this.cards];
	#first: SimEvent | undefined;
	#last: SimEvent | undefined;
	#cursor = 0;

	/** How many events are indexed. */
	get size(): number {
		return this.#cursor;
	}

	/** Brings the index up to date with `events`; returns false when nothing changed. */
	sync(events: readonly SimEvent[]): boolean {
		const extends_ =
			this.#cursor > 0 &&
			events.length >= this.#cursor &&
			sameEvent(events[0], this.#first) &&
			sameEvent(events[this.#cursor - 1], this.#last);
		if (!extends_) {
			if (this.#cursor === 0 && events.length === 0) return false;
			this.#first = this.#last = undefined;
			this.#cursor = 0;
			for (const r of this.#readers) r.reset();
		}
		if (events.length === this.#cursor) return !extends_;
		for (let i = this.#cursor; i < events.length; i++)
			for (const r of this.#readers) r.add(events[i] as SimEvent, i);
		this.#first = events[0];
		this.#last = events[events.length - 1];
		this.#cursor = events.length;
		return true;
	}
}
