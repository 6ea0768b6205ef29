/**
 * What the pointer is on in the network graph, where the canvas draws the messages and so cannot
 * tell: a particle (the nearest whose disc, grown by a slop for fingers, holds the point), or else a
 * server–client link (the nearest within a tolerance, off the two nodes it joins). Pure geometry in
 * the graph's pixel box; the component turns a pointer position into it and opens the card.
 */
import type { GraphLayout, Point } from './layout';
import type { PlacedParticle } from './particle-paint';

/** Extra reach around a particle (and across a link), pixels: a mouse and a finger. */
export const HIT_SLOP = { mouse: 4, touch: 12 } as const;

/**
 * The particle under `pt`: the one whose centre is nearest among those within `r + slop`; on a tie
 * the one drawn last (on top). Null when none.
 */
export function hitParticle(
	placed: readonly PlacedParticle[],
	pt: Point,
	slop: number = HIT_SLOP.mouse
): PlacedParticle | null {
	let best: PlacedParticle | null = null;
	let bestD = Infinity;
	for (const q of placed) {
		const d = Math.hypot(q.x - pt.x, q.y - pt.y);
		if (d <= q.r + slop && d <= bestD) {
			best = q;
			bestD = d;
		}
	}
	return best;
}

/** Distance from `p` to the segment a–b, and where along it the nearest point lies (0…1). */
export function segmentDistance(p: Point, a: Point, b: Point): { d: number; t: number } {
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const len2 = dx * dx + dy * dy;
	const t = len2 > 0 ? Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
	return { d: Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)), t };
}

/**
 * The client whose link to the server passes within `tolerance` of `pt` (the nearest), leaving out
 * the stretches under the server's disc and the client's node (those are the nodes, not the link)
 * and links not drawn (`drawn(client)` false). Null when none.
 */
export function hitLink(
	layout: GraphLayout,
	pt: Point,
	tolerance: number = HIT_SLOP.mouse,
	drawn: (client: number) => boolean = () => true
): number | null {
	const s = layout.server;
	if (Math.hypot(pt.x - s.x, pt.y - s.y) <= s.r) return null;
	let best: number | null = null;
	let bestD = tolerance;
	layout.clients.forEach((c, i) => {
		if (!drawn(i) || Math.hypot(pt.x - c.x, pt.y - c.y) <= layout.nodeRadius) return;
		const { d } = segmentDistance(pt, s, c);
		if (d <= bestD) {
			best = i;
			bestD = d;
		}
	});
	return best;
}
