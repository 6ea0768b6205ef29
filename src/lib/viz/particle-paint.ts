/**
 * Where each message in flight is drawn: its centre on its link, its radius (bytes, log scale),
 * and where its staleness label goes. Pure geometry shared by the canvas particle layer and its
 * test hook; no DOM.
 */
import type { MessageKind, NodeId } from '$lib/sim/core/events';
import type { ParticleView } from './graph-state';
import { particleRadius } from './glyphs';
import { along, type GraphLayout, type Point } from './layout';

/** A particle placed in the graph's pixel box. */
export interface PlacedParticle {
	readonly p: ParticleView;
	readonly x: number;
	readonly y: number;
	readonly r: number;
	/** Where its `t−τ = n` label sits, or null (no staleness, or in the crowd at the server). */
	readonly label: Point | null;
}

/** How far from the server's rim a label is hidden (the crowd around the server), pixels. */
const CROWD = 24;

/**
 * Under prefers-reduced-motion a message does not travel: it is drawn still, this far along its
 * link towards where it goes, from the moment it is sent until it arrives (a model going down and
 * an update coming up the same link sit apart, at 0.6 and 0.4 of the way from the server).
 */
export const STILL_AT = 0.6;

/**
 * Places every particle whose two ends are in the layout; the others are left out. `still`:
 * every message at `STILL_AT` of its link instead of where it has got to (reduced motion).
 */
export function placeParticles(
	particles: readonly ParticleView[],
	layout: GraphLayout,
	still = false
): PlacedParticle[] {
	const pos = (id: NodeId): Point | undefined =>
		id === 'server' ? layout.server : layout.clients[id];
	const s = layout.server;
	const out: PlacedParticle[] = [];
	for (const p of particles) {
		const a = pos(p.from);
		const b = pos(p.to);
		if (!a || !b) continue;
		const at = along(a, b, still ? STILL_AT : p.progress);
		const r = particleRadius(p.bytes, layout.nodeRadius);
		// the staleness label sits beside the particle, across its link (labels on different
		// links fan out), and is hidden in the crowd right around the server
		const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
		const crowded = Math.hypot(at.x - s.x, at.y - s.y) < s.r + CROWD;
		const label =
			p.staleness === undefined || crowded
				? null
				: { x: at.x - ((b.y - a.y) / len) * (r + 10), y: at.y + ((b.x - a.x) / len) * (r + 10) };
		out.push({ p, x: at.x, y: at.y, r, label });
	}
	return out;
}

/** One particle as the test hook reports it (pixels rounded to 0.1). */
export interface ParticleRecord {
	readonly kind: MessageKind;
	readonly from: NodeId;
	readonly to: NodeId;
	readonly x: number;
	readonly y: number;
	readonly lost?: true;
	readonly byzantine?: true;
}

/** The particles as plain records: what the canvas's `data-positions` attribute carries (JSON). */
export function particleRecords(placed: readonly PlacedParticle[]): ParticleRecord[] {
	return placed.map(({ p, x, y }) => ({
		kind: p.kind,
		from: p.from,
		to: p.to,
		x: Math.round(x * 10) / 10,
		y: Math.round(y * 10) / 10,
		...(p.dropped ? { lost: true as const } : {}),
		...(p.byzantine ? { byzantine: true as const } : {})
	}));
}
