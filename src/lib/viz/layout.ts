/**
 * Where the server and the clients sit in the network graph. The server is in the middle; the
 * clients sit on one or more concentric ellipses (the box's aspect ratio, so a wide screen is used
 * fully), spaced by equal arc length. The node radius is the largest that fits all clients without
 * overlap, capped so that three clients do not become balloons; with many clients it shrinks and
 * more rings are added. Pure geometry: no DOM, deterministic.
 */

/** A point in pixels, (0, 0) at the top left. */
export interface Point {
	readonly x: number;
	readonly y: number;
}

/** A client's place: its centre and the direction from the server (radians, 0 = east). */
export interface ClientSlot extends Point {
	readonly angle: number;
	/** 0 for the outermost ring. */
	readonly ring: number;
}

export interface GraphLayout {
	readonly width: number;
	readonly height: number;
	readonly server: Point & { readonly r: number };
	readonly clients: readonly ClientSlot[];
	/** Radius of every client node. */
	readonly nodeRadius: number;
	/** Number of rings used. */
	readonly rings: number;
	/** Room was left for a label outside each node (one ring, at most `LABEL_LIMIT` clients). */
	readonly labels: boolean;
}

/** Clients beyond this count get no per-node text label. */
export const LABEL_LIMIT = 40;
/** Space kept outside a ring for the node labels and badges, pixels. */
const LABEL_SPACE = 16;
const MIN_RADIUS = 2.5;
const MAX_RINGS = 10;
const SAMPLES = 720;

/** Gap between neighbours on a ring and between rings, as a function of the node radius. */
const sideGap = (r: number) => Math.max(3, 0.5 * r);
const ringGap = (r: number) => Math.max(4, 0.7 * r);

/** Cumulative arc length of the ellipse (a, b) sampled at SAMPLES + 1 parameter values from −π/2. */
function arcTable(a: number, b: number): Float64Array {
	const acc = new Float64Array(SAMPLES + 1);
	let px = 0;
	let py = -b;
	for (let i = 1; i <= SAMPLES; i++) {
		const th = -Math.PI / 2 + (2 * Math.PI * i) / SAMPLES;
		const x = a * Math.cos(th);
		const y = b * Math.sin(th);
		acc[i] = (acc[i - 1] ?? 0) + Math.hypot(x - px, y - py);
		px = x;
		py = y;
	}
	return acc;
}

/** Perimeter of the ellipse with semi-axes a, b (Ramanujan's second approximation). */
function perimeter(a: number, b: number): number {
	const h = ((a - b) / (a + b)) ** 2;
	return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/**
 * Arc length between neighbours so that their chord is at least `chord` where the ellipse bends
 * most (radius of curvature min(a, b)² / max(a, b) at the ends of the long axis).
 */
function arcSpacing(chord: number, a: number, b: number): number {
	const rho = Math.min(a, b) ** 2 / Math.max(a, b);
	if (chord >= 2 * rho) return Infinity;
	return 2 * rho * Math.asin(chord / (2 * rho));
}

interface Fit {
	r: number;
	rings: number;
	axes: [number, number][];
	capacity: number[];
}

/** The ring geometry for node radius r and L rings, or null when it does not fit n clients. */
function tryFit(
	n: number,
	r: number,
	L: number,
	w: number,
	h: number,
	serverR: number,
	labels: boolean
): Fit | null {
	const pad = r + (labels ? LABEL_SPACE : 3);
	const a0 = w / 2 - pad;
	const b0 = h / 2 - pad;
	const step = 2 * r + ringGap(r);
	// room for the server's two caption lines below it
	const inner = serverR + r + Math.max(30, 1.5 * r);
	if (Math.min(a0, b0) - (L - 1) * step < inner) return null;
	const axes: [number, number][] = [];
	const capacity: number[] = [];
	let total = 0;
	for (let i = 0; i < L; i++) {
		const a = a0 - i * step;
		const b = b0 - i * step;
		const cap = Math.floor(perimeter(a, b) / arcSpacing(2 * r + sideGap(r), a, b));
		axes.push([a, b]);
		capacity.push(cap);
		total += cap;
	}
	return total >= n || n <= 1 ? { r, rings: L, axes, capacity } : null;
}

/** Splits n clients over rings in proportion to their capacity (largest remainder), outer first. */
function distribute(n: number, capacity: readonly number[]): number[] {
	const total = capacity.reduce((s, c) => s + c, 0);
	if (total <= 0) return capacity.map((_, i) => (i === 0 ? n : 0));
	const exact = capacity.map((c) => (n * c) / total);
	const counts = exact.map((x, i) => Math.min(Math.floor(x), capacity[i] ?? 0));
	let left = n - counts.reduce((s, c) => s + c, 0);
	const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0]);
	while (left > 0) {
		let placed = false;
		for (const [, i] of order) {
			if (left === 0) break;
			if ((counts[i] ?? 0) < (capacity[i] ?? 0) || total < n) {
				counts[i] = (counts[i] ?? 0) + 1;
				left--;
				placed = true;
			}
		}
		if (!placed) break;
	}
	return counts;
}

/** Places k points on the ellipse (a, b) around (cx, cy) at equal arc length from the top. */
function placeOnEllipse(
	k: number,
	a: number,
	b: number,
	cx: number,
	cy: number,
	offset: number,
	ring: number
): ClientSlot[] {
	const acc = arcTable(a, b);
	const total = acc[SAMPLES] ?? 0;
	const out: ClientSlot[] = [];
	let j = 0;
	for (let i = 0; i < k; i++) {
		const target = (((i + offset) / k) % 1) * total;
		if (target < (acc[j] ?? 0)) j = 0;
		while (j < SAMPLES && (acc[j + 1] ?? 0) < target) j++;
		const lo = acc[j] ?? 0;
		const hi = acc[j + 1] ?? lo;
		const f = hi > lo ? (target - lo) / (hi - lo) : 0;
		const th = -Math.PI / 2 + (2 * Math.PI * (j + f)) / SAMPLES;
		const x = cx + a * Math.cos(th);
		const y = cy + b * Math.sin(th);
		out.push({ x, y, angle: Math.atan2(y - cy, x - cx), ring });
	}
	return out;
}

/**
 * Lays out the server and `n` clients in a `width` × `height` box. Client i is placed clockwise
 * from the top, outer ring first. Nodes stay inside the box; they do not overlap as long as the
 * box can hold n nodes of the minimum radius (all n ≤ 200 in a 360 px square).
 */
export function layoutGraph(n: number, width: number, height: number): GraphLayout {
	const w = Math.max(width, 120);
	const h = Math.max(height, 120);
	const cx = w / 2;
	const cy = h / 2;
	const serverR = Math.min(34, Math.max(16, Math.min(w, h) * 0.065));
	const maxR = Math.max(MIN_RADIUS, Math.min(30, Math.min(w, h) * 0.075));
	const labels = n <= LABEL_LIMIT;
	let best: Fit | null = null;
	for (let L = 1; L <= MAX_RINGS; L++) {
		if (!tryFit(n, MIN_RADIUS, L, w, h, serverR, labels)) continue;
		let lo = MIN_RADIUS;
		let hi = maxR;
		if (tryFit(n, hi, L, w, h, serverR, labels)) lo = hi;
		else
			for (let it = 0; it < 30; it++) {
				const mid = (lo + hi) / 2;
				if (tryFit(n, mid, L, w, h, serverR, labels)) lo = mid;
				else hi = mid;
			}
		if (!best || lo > best.r + 0.25) best = tryFit(n, lo, L, w, h, serverR, labels);
		if (lo >= maxR) break;
	}
	// Too many clients for the box even at the minimum size: overlap rather than leave the box.
	const fit =
		best ??
		((): Fit => {
			const pad = MIN_RADIUS + 3;
			const a = w / 2 - pad;
			const b = h / 2 - pad;
			return { r: MIN_RADIUS, rings: 1, axes: [[a, b]], capacity: [n] };
		})();
	const counts = fit.rings === 1 ? [n] : distribute(n, fit.capacity);
	const clients = placeOnRings(counts, fit.axes, cx, cy);
	return {
		width: w,
		height: h,
		server: { x: cx, y: cy, r: serverR },
		clients,
		nodeRadius: fit.r,
		rings: fit.rings,
		labels: labels && fit.rings === 1
	};
}

/**
 * The height the graph wants at a given width: nearly square on a phone, wide on a laptop, never
 * taller than a projected slide can show.
 */
export function graphHeight(width: number): number {
	if (width < 560) return Math.round(Math.max(width, 280) * 0.95);
	return Math.round(Math.min(600, Math.max(340, width * 0.56)));
}

/** The point a fraction `p` of the way from `a` to `b`. */
export function along(a: Point, b: Point, p: number): Point {
	return { x: a.x + (b.x - a.x) * p, y: a.y + (b.y - a.y) * p };
}

/**
 * Above this many clients the canvas layer draws the client nodes (SVG keeps only the focused,
 * hovered, pinned and tab-stop client): hundreds of SVG groups cost a style and paint pass each
 * frame. At or below it every client is an SVG node with its label. Equal to `LABEL_LIMIT`, so
 * canvas nodes never need a text label.
 */
export const CANVAS_LIMIT = LABEL_LIMIT;
/** Above this many clients the graph is a density view (`layoutDensity`), drawn on a canvas. */
export const DENSITY_LIMIT = 200;
/** A density dot's radius as a share of the spacing between neighbours. */
const DOT_SHARE = 0.36;

/** Rings (outer first) and their capacities for spacing d between neighbours and between rings. */
function densityRings(d: number, a0: number, b0: number, inner: number) {
	const rings = Math.max(1, Math.floor((Math.min(a0, b0) - inner) / d) + 1);
	const axes: [number, number][] = [];
	const capacity: number[] = [];
	for (let i = 0; i < rings; i++) {
		const a = a0 - i * d;
		const b = b0 - i * d;
		axes.push([a, b]);
		capacity.push(Math.max(1, Math.floor(perimeter(a, b) / arcSpacing(d, a, b))));
	}
	return { rings, axes, capacity, total: capacity.reduce((s, c) => s + c, 0) };
}

/**
 * The density view for many clients (hundreds to thousands): every client a small dot on
 * concentric rings that fill the annulus between the server's caption and the box's edge, with
 * the largest spacing that holds all n, so the rings read as a texture whose colour shows what
 * the clients do. Client i is placed clockwise from the top, outer ring first, as in
 * `layoutGraph`. Dots stay inside the box and do not overlap while the box holds n dots of 1 px.
 */
export function layoutDensity(n: number, width: number, height: number): GraphLayout {
	const w = Math.max(width, 120);
	const h = Math.max(height, 120);
	const cx = w / 2;
	const cy = h / 2;
	const serverR = Math.min(34, Math.max(16, Math.min(w, h) * 0.065));
	const inner = serverR + 30;
	let lo = 1;
	let hi = Math.min(w, h) / 2;
	const fits = (d: number) => {
		const pad = DOT_SHARE * d + 2;
		return densityRings(d, w / 2 - pad, h / 2 - pad, inner).total >= n;
	};
	for (let it = 0; it < 40; it++) {
		const mid = (lo + hi) / 2;
		if (fits(mid)) lo = mid;
		else hi = mid;
	}
	const d = lo;
	const pad = DOT_SHARE * d + 2;
	const fit = densityRings(d, w / 2 - pad, h / 2 - pad, inner);
	const counts = distribute(n, fit.capacity);
	const clients = placeOnRings(counts, fit.axes, cx, cy);
	return {
		width: w,
		height: h,
		server: { x: cx, y: cy, r: serverR },
		clients,
		nodeRadius: DOT_SHARE * d,
		rings: counts.filter((k) => k > 0).length,
		labels: false
	};
}

/** `counts[i]` clients on ring i (semi-axes `axes[i]`), odd rings offset by half a slot. */
function placeOnRings(
	counts: readonly number[],
	axes: readonly (readonly [number, number])[],
	cx: number,
	cy: number
): ClientSlot[] {
	const clients: ClientSlot[] = [];
	counts.forEach((k, ring) => {
		const [a, b] = axes[ring] ?? [0, 0];
		if (k > 0) clients.push(...placeOnEllipse(k, a, b, cx, cy, ring % 2 ? 0.5 : 0, ring));
	});
	return clients;
}
