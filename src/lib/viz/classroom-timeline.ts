/**
 * Who made it, round by round: for each synchronous round, the clients asked, the ones whose
 * update the server used, and the rest with the reason the engine gave (past the deadline, lost,
 * still out when the round closed). Read from the run's typed events only.
 */
import type { SimEvent } from '../sim/core/events';

export type RoundOutcome = 'used' | 'late' | 'lost' | 'missing';

export interface RoundRow {
	round: number;
	/** Seconds from the round's start to its aggregation (null while open). */
	seconds: number | null;
	clients: { client: number; outcome: RoundOutcome; reason?: string }[];
}

export function roundTimeline(events: readonly SimEvent[]): RoundRow[] {
	const rows = new Map<number, RoundRow & { start: number; selected: readonly number[] }>();
	const late = new Map<string, string>();
	const lost = new Set<string>();
	for (const e of events) {
		if (e.type === 'roundStarted')
			rows.set(e.round, {
				round: e.round,
				seconds: null,
				clients: [],
				start: e.t,
				selected: e.selected
			});
		else if (e.type === 'updateDropped') late.set(`${e.round}/${e.client}`, e.reason);
		else if (e.type === 'message' && e.lost && e.from !== 'server')
			lost.add(`${e.round}/${String(e.from)}`);
		else if (e.type === 'message' && e.lost && typeof e.to === 'number')
			lost.add(`${e.round}/${e.to}`);
		else if (e.type === 'aggregated') {
			const row = rows.get(e.round);
			if (!row) continue;
			row.seconds = e.t - row.start;
			const used = new Set(e.contributors);
			row.clients = row.selected.map((client) => ({ client, outcome: 'used' as RoundOutcome }));
			for (const c of row.clients) if (!used.has(c.client)) c.outcome = 'missing';
		}
	}
	return [...rows.values()].map(({ round, seconds, clients, selected }) => ({
		round,
		seconds,
		clients: (seconds === null
			? selected.map((client) => ({ client, outcome: 'missing' as const }))
			: clients
		).map((c) => {
			const key = `${round}/${c.client}`;
			if (c.outcome === 'used') return c;
			if (late.has(key)) return { ...c, outcome: 'late' as const, reason: late.get(key) as string };
			if (lost.has(key)) return { ...c, outcome: 'lost' as const };
			return c;
		})
	}));
}
