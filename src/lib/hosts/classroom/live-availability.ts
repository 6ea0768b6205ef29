/**
 * A student's availability as the engine sees it: online while its connection is open. There are
 * no scheduled flips (nobody knows when a student will close the tab), so the engine emits no
 * `availability` events for it; the session emits them when connections open and close.
 */
import type { ClientAvailability } from '../../sim/availability';

export class LiveAvailability implements ClientAvailability {
	online = true;
	readonly initiallyOnline = true;

	onlineAt(): boolean {
		return this.online;
	}

	nextChange(): number {
		return Infinity;
	}

	offlineFrom(t: number): number {
		return this.online ? Infinity : t;
	}

	onlineFrom(t: number): number {
		return this.online ? t : Infinity;
	}
}
