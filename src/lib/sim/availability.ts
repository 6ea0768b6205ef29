/**
 * When each client is reachable. Devices in a federation come and go (a phone joins only while
 * charging on Wi-Fi), so each client follows an on/off process: it stays online for an
 * exponentially distributed time with mean `meanOnlineSec`, then offline with mean
 * `meanOfflineSec`, and so on. A client starts online with the stationary probability
 * on/(on + off); by memorylessness its first period has the same law as the others.
 *
 * The timeline of a client is drawn lazily from its own seeded stream, so asking about the far
 * future costs nothing until it is needed, and the engine can tell when a piece of work started
 * now will be cut short (a client that goes offline mid-training loses that work).
 */
import type { Rng } from './core/rng';

/**
 * What the engine asks of a client's timeline: an `AvailabilityTimeline`, or a live host's own
 * (hosts/classroom: online while the student's connection is open).
 */
export type ClientAvailability = Pick<
	AvailabilityTimeline,
	'initiallyOnline' | 'onlineAt' | 'nextChange' | 'offlineFrom' | 'onlineFrom'
>;

/** A client's on/off timeline: a starting state and the times at which it flips. */
export class AvailabilityTimeline {
	readonly #initial: boolean;
	readonly #changes: number[];
	readonly #draw: ((online: boolean) => number) | null;

	private constructor(
		initial: boolean,
		changes: number[],
		draw: ((online: boolean) => number) | null
	) {
		this.#initial = initial;
		this.#changes = changes;
		this.#draw = draw;
	}

	/** A client that never goes offline. */
	static always(): AvailabilityTimeline {
		return new AvailabilityTimeline(true, [], null);
	}

	/** A hand-written timeline: online or not at t = 0, then flips at the given increasing times. */
	static fixed(initialOnline: boolean, changes: readonly number[]): AvailabilityTimeline {
		for (let i = 0; i < changes.length; i++)
			if (!((changes[i] as number) > (i ? (changes[i - 1] as number) : 0)))
				throw new Error('availability changes must be positive and increasing');
		return new AvailabilityTimeline(initialOnline, [...changes], null);
	}

	/**
	 * The random on/off process: exponential online periods with mean `meanOnline` and offline
	 * periods with mean `meanOffline` (seconds), drawn from `rng`. `meanOnline` 0 means always online.
	 */
	static random(meanOnline: number, meanOffline: number, rng: Rng): AvailabilityTimeline {
		if (!(meanOnline > 0) || !(meanOffline > 0)) return AvailabilityTimeline.always();
		const initial = rng.next() < meanOnline / (meanOnline + meanOffline);
		const exp = (mean: number) => -mean * Math.log(1 - rng.next());
		return new AvailabilityTimeline(initial, [], (online) =>
			exp(online ? meanOnline : meanOffline)
		);
	}

	/** Whether the client ever goes offline. */
	get alwaysOnline(): boolean {
		return this.#initial && this.#changes.length === 0 && this.#draw === null;
	}

	/** Online at t = 0. */
	get initiallyOnline(): boolean {
		return this.#initial;
	}

	/** Draws flips until the timeline reaches past `t` (or runs out, for a fixed one). */
	#extend(t: number): void {
		const draw = this.#draw;
		if (!draw || !Number.isFinite(t)) return;
		const c = this.#changes;
		while (!(c.length && (c.at(-1) as number) > t)) {
			const last = c.at(-1) ?? 0;
			const onlineNow = c.length % 2 === 0 ? this.#initial : !this.#initial;
			let next = last + draw(onlineNow);
			if (!(next > last)) next = last + Number.EPSILON * Math.max(1, last);
			c.push(next);
		}
	}

	/** How many flips happen at or before t. */
	#flipsBy(t: number): number {
		this.#extend(t);
		const c = this.#changes;
		let lo = 0;
		let hi = c.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if ((c[mid] as number) <= t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Online at time t (a flip at exactly t has already happened). */
	onlineAt(t: number): boolean {
		return this.#flipsBy(t) % 2 === 0 ? this.#initial : !this.#initial;
	}

	/** The first flip strictly after t, or Infinity if there is none. */
	nextChange(t: number): number {
		const i = this.#flipsBy(t);
		return this.#changes[i] ?? Infinity;
	}

	/** The first time ≥ t at which the client is offline (t itself if it is offline now). */
	offlineFrom(t: number): number {
		if (!this.onlineAt(t)) return t;
		return this.nextChange(t);
	}

	/** The first time ≥ t at which the client is online (t itself if it is online now). */
	onlineFrom(t: number): number {
		if (this.onlineAt(t)) return t;
		return this.nextChange(t);
	}

	/** Flips in (from, to], in order, with the state after each. */
	changesBetween(from: number, to: number): { t: number; online: boolean }[] {
		const out: { t: number; online: boolean }[] = [];
		for (let t = this.nextChange(from); t <= to; t = this.nextChange(t))
			out.push({ t, online: this.onlineAt(t) });
		return out;
	}
}
