/**
 * How a client node looks in a given phase: ring width and colour, tint, the Byzantine halo, the
 * straggler badge, the focus ring. One table for the two painters of a node, the SVG `ClientNode`
 * (few clients, or the one under focus) and the graph's canvas layer (many clients), so that a
 * node looks the same whichever draws it. Pure numbers and CSS colour strings; no DOM.
 */
import type { ClientPhase } from './graph-state';
import { BYZANTINE_COLOR, STATE_COLORS } from './palette';

export interface NodeLook {
	/** Busy: selected, training or uploading (not idle, not offline). */
	readonly active: boolean;
	/** Width of the training progress arc just outside the disc. */
	readonly arcWidth: number;
	readonly ringWidth: number;
	readonly ringColor: string;
	/** A wash over the disc (busy or Byzantine clients), or null. */
	readonly tint: { readonly color: string; readonly opacity: number } | null;
	/** Radius of the red halo around a Byzantine client, or null. */
	readonly haloR: number | null;
	/** The straggler badge: its radius, its centre (x, −x) from the node's, and whether the clock
	 * hand inside is big enough to draw. */
	readonly badge: { readonly r: number; readonly at: number; readonly hand: boolean };
	/** Radius of the dashed ring around the pinned or focused client. */
	readonly focusR: number;
	/** Distance of the id label from the centre. */
	readonly labelDist: number;
	/** Offline clients fade and get a dashed ring. */
	readonly opacity: number;
	readonly dashed: boolean;
}

/** The look of a client node of radius `r` in `phase`. */
export function nodeLook(r: number, phase: ClientPhase, byzantine = false): NodeLook {
	const active = phase !== 'idle' && phase !== 'offline';
	const arcWidth = Math.max(2, r * 0.18);
	const color = STATE_COLORS[phase];
	const badge = Math.max(3, r * 0.32);
	return {
		active,
		arcWidth,
		ringWidth: active ? Math.max(1.5, Math.min(3, r * 0.14)) : Math.max(1, Math.min(1.5, r * 0.1)),
		ringColor: phase === 'idle' && byzantine ? BYZANTINE_COLOR : color,
		tint: byzantine
			? { color: BYZANTINE_COLOR, opacity: 0.16 }
			: active
				? { color, opacity: 0.1 }
				: null,
		haloR: byzantine ? r + arcWidth + 2.5 : null,
		badge: { r: badge, at: r * 0.78, hand: badge >= 4 },
		focusR: r + arcWidth + 5,
		labelDist: r + arcWidth + 9,
		opacity: phase === 'offline' ? 0.35 : 1,
		dashed: phase === 'offline'
	};
}

/** A density-view dot: its radius and opacity (busy clients grow and go opaque). */
export function dotLook(r: number, phase: ClientPhase): { r: number; alpha: number } {
	if (phase === 'offline') return { r, alpha: 0.25 };
	if (phase === 'idle') return { r, alpha: 0.5 };
	return { r: r * 1.5, alpha: 1 };
}

/**
 * The training progress arc as canvas angles (radians, 0 = east, clockwise on screen): from 12
 * o'clock, clockwise, a fraction `progress` of the turn, like `progressArc`'s SVG path.
 */
export function progressAngles(progress: number): { start: number; end: number } {
	const p = Math.min(Math.max(progress, 0), 1);
	return { start: -Math.PI / 2, end: -Math.PI / 2 + 2 * Math.PI * p };
}
