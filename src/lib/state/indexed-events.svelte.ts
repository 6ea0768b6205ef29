/**
 * A run's event stream together with its one `EventIndex`: whoever receives the events (the
 * engine bridge, a classroom host) calls `set` with the new, longer array; the views (network
 * graph, timeline strip) read `index` and follow `indexVersion`. The index is brought up to date
 * here, when events arrive, never inside a view's `$derived`.
 */
import type { SimEvent } from '../sim/core/events';
import { EventIndex, type IndexedStream } from '../viz/event-index';

export class IndexedEvents implements IndexedStream {
	/** The run's events, setup first. Replaced, never mutated. */
	events = $state.raw<readonly SimEvent[]>([]);
	readonly index = new EventIndex();
	/** Bumps whenever `index` took in events or started over. */
	indexVersion = $state(0);

	/** Replaces the stream (a longer one, or a new run's). */
	set(events: readonly SimEvent[]): void {
		this.events = events;
		if (this.index.sync(events)) this.indexVersion++;
	}
}
