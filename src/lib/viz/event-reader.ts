import type { SimEvent } from '$lib/sim/core/events';

/** Something built from one run's events, read once in order (a part of `EventIndex`). */
export interface EventReader {
	/** Forgets everything (a new run). */
	reset(): void;
	/** Takes in the next event; `i` is its position in the stream. */
	add(e: SimEvent, i: number): void;
}
