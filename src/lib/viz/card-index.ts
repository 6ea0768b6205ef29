/**
 * What the graph's cards read, from the event stream alone: every message by its key (its place in
 * the stream), the messages on each server–client link, what the server measured of each update
 * when it aggregated (`aggregated.updates`, the attack), what became of an update (taken in with
 * its staleness, or dropped and why), and each client's latest local loss curve. A part of
 * `EventIndex`, fed once, in order. Pure TypeScript.
 */
import type { EventOf, NodeId, SimEvent, UpdateFigures } from '$lib/sim/core/events';
import type { EventReader } from './event-reader';

type Message = EventOf<'message'>;

/** What the server did with an update message, once known. */
export interface UpdateFate {
	/** The server's figures for it (`aggregated.updates`), or null (not measured: async, DP, …). */
	readonly figures: UpdateFigures | null;
	/** The `aggregated` event of its round that took it in, or null. */
	readonly aggregated: EventOf<'aggregated'> | null;
	/** The rule left it out (Krum's unselected, a non-finite one). */
	readonly discarded: boolean;
	/** An asynchronous server took it in: its staleness and weight. */
	readonly received: { readonly staleness: number; readonly weight: number } | null;
	/** The server dropped it (too late, too stale, …): why. */
	readonly dropped: string | null;
}

/** One message and what is known of it. */
export interface MessageFacts {
	readonly key: number;
	readonly message: Message;
	/** The sender is a Byzantine client (its update carries the attack). */
	readonly byzantine: boolean;
	/** Updates only. */
	readonly fate: UpdateFate | null;
}

/** A client's latest finished local training. */
export interface LastTraining {
	readonly round: number;
	readonly t: number;
	readonly loss: number;
	/** Its loss curve (`trainingFinished.losses`), empty when the trainer did not report one. */
	readonly losses: readonly number[];
}

/** Index of the last element with `time(x) ≤ t`, or −1 (times non-decreasing). */
function lastAtOrBefore<T>(xs: readonly T[], t: number, time: (x: T) => number): number {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (time(xs[mid] as T) <= t) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

const SAME_TIME = 1e-9;

export class CardIndex implements EventReader {
	#byzantine: readonly boolean[] = [];
	#messages = new Map<number, Message>();
	/** Keys of the messages to or from each client, in stream (= send time) order. */
	#links: { key: number; t: number }[][] = [];
	#aggregated = new Map<number, EventOf<'aggregated'>[]>();
	#received: EventOf<'updateReceived'>[][] = [];
	#dropped: EventOf<'updateDropped'>[][] = [];
	#trainings: LastTraining[][] = [];

	reset(): void {
		this.#byzantine = [];
		this.#messages = new Map();
		this.#links = [];
		this.#aggregated = new Map();
		this.#received = [];
		this.#dropped = [];
		this.#trainings = [];
	}

	#push<T>(lists: T[][], client: number, x: T): void {
		(lists[client] ??= []).push(x);
	}

	add(e: SimEvent, key: number): void {
		switch (e.type) {
			case 'setup':
				this.#byzantine = e.clients.map((c) => c.byzantine ?? false);
				break;
			case 'message':
				this.#messages.set(key, e);
				for (const end of new Set<NodeId>([e.from, e.to]))
					if (end !== 'server') this.#push(this.#links, end, { key, t: e.t });
				break;
			case 'aggregated': {
				const list = this.#aggregated.get(e.round) ?? [];
				list.push(e);
				this.#aggregated.set(e.round, list);
				break;
			}
			case 'updateReceived':
				this.#push(this.#received, e.client, e);
				break;
			case 'updateDropped':
				this.#push(this.#dropped, e.client, e);
				break;
			case 'trainingFinished':
				this.#push(this.#trainings, e.client, {
					round: e.round,
					t: e.t,
					loss: e.loss,
					losses: e.losses ?? []
				});
				break;
		}
	}

	/** The message at stream position `key`, with what is known of it; null when there is none. */
	message(key: number): MessageFacts | null {
		const m = this.#messages.get(key);
		if (!m) return null;
		const sender = m.from === 'server' ? false : (this.#byzantine[m.from] ?? false);
		return {
			key,
			message: m,
			byzantine: m.kind === 'update' && sender,
			fate: m.kind === 'update' && m.from !== 'server' ? this.#fate(m, m.from) : null
		};
	}

	#fate(m: Message, client: number): UpdateFate {
		const after = (t: number) => t >= m.arrives - SAME_TIME;
		const aggregated =
			m.lost === true
				? undefined
				: (this.#aggregated.get(m.round) ?? []).find(
						(a) => after(a.t) && a.contributors.includes(client)
					);
		const received = (this.#received[client] ?? []).find(
			(r) => Math.abs(r.t - m.arrives) < SAME_TIME
		);
		const dropped = m.lost
			? undefined
			: (this.#dropped[client] ?? []).find((d) => d.round === m.round && after(d.t));
		return {
			figures: aggregated?.updates?.find((u) => u.client === client) ?? null,
			aggregated: aggregated ?? null,
			discarded: aggregated?.discarded?.includes(client) ?? false,
			received: received ? { staleness: received.staleness, weight: received.weight } : null,
			dropped: dropped?.reason ?? null
		};
	}

	/**
	 * The key of the message on the link between the server and `client` to show at `now`: the
	 * latest sent at or before `now` (in flight or not), or null before the first.
	 */
	lastOnLink(client: number, now: number): number | null {
		const list = this.#links[client] ?? [];
		return list[lastAtOrBefore(list, now, (x) => x.t)]?.key ?? null;
	}

	/** The latest local training `client` finished at or before `now`, or null. */
	lastTraining(client: number, now: number): LastTraining | null {
		const list = this.#trainings[client] ?? [];
		return list[lastAtOrBefore(list, now, (x) => x.t)] ?? null;
	}
}
