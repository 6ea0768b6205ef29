/**
 * Geometry of the small marks drawn inside and around a node: the label histogram (bars when the
 * node is big enough to read them, a pie when it is tiny), the training progress arc and the
 * particle size. Returns plain numbers and SVG path strings (d3-shape); the component only draws.
 */
import { arc, pie, scaleLog } from 'd3';

/** A bar of the histogram, relative to the node centre. */
export interface Bar {
	readonly label: number;
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

/** A pie slice of the histogram, as an SVG path relative to the node centre. */
export interface Slice {
	readonly label: number;
	readonly d: string;
}

export type HistogramGlyph =
	| { readonly kind: 'bars'; readonly bars: readonly Bar[]; readonly baseline: number }
	| { readonly kind: 'pie'; readonly slices: readonly Slice[] };

/** Nodes at least this big show bars; smaller ones a pie. */
export const BARS_MIN_RADIUS = 10;

/**
 * The label histogram drawn inside a node of radius r: bars in the inscribed rectangle (heights
 * relative to the client's largest class, so the shape, not the size, shows the skew), or a pie.
 */
export function histogramGlyph(counts: readonly number[], r: number): HistogramGlyph {
	const k = counts.length;
	const max = Math.max(0, ...counts);
	if (r < BARS_MIN_RADIUS) {
		const total = counts.reduce((s, c) => s + c, 0);
		if (!total) return { kind: 'pie', slices: [] };
		const slices = pie<number>()
			.sort(null)
			.value((c) => c)([...counts]);
		const path = arc<{ startAngle: number; endAngle: number }>()
			.innerRadius(0)
			.outerRadius(r * 0.82);
		return {
			kind: 'pie',
			slices: slices
				.map((s, label) => ({ label, d: path(s) ?? '', size: s.endAngle - s.startAngle }))
				.filter((s) => s.size > 0)
				.map(({ label, d }) => ({ label, d }))
		};
	}
	const width = r * 1.5;
	const height = r * 1.05;
	const left = -width / 2;
	const baseline = r * 0.5;
	const slot = k ? width / k : 0;
	const gap = slot > 3 ? Math.min(1, slot * 0.15) : 0;
	const bars = counts.map((c, label) => {
		const h = max ? Math.max(c > 0 ? 0.8 : 0, (c / max) * height) : 0;
		return {
			label,
			x: left + label * slot + gap / 2,
			y: baseline - h,
			width: slot - gap,
			height: h
		};
	});
	return { kind: 'bars', bars, baseline };
}

/** The SVG path of a training progress arc (clockwise from the top) just outside radius r. */
export function progressArc(r: number, progress: number): string {
	const p = Math.min(Math.max(progress, 0), 1);
	const w = Math.max(2, r * 0.18);
	return (
		arc()({
			innerRadius: r + 1,
			outerRadius: r + 1 + w,
			startAngle: 0,
			endAngle: 2 * Math.PI * p
		}) ?? ''
	);
}

const particleSize = scaleLog().domain([1e2, 1e8]).range([2.5, 9]).clamp(true);

/**
 * Particle radius from message bytes on a log scale (a 1 kB gradient and a 10 MB model differ
 * visibly but both stay visible), scaled down a little when nodes are small.
 */
export function particleRadius(bytes: number, nodeRadius: number): number {
	const k = Math.min(1, Math.max(0.55, nodeRadius / 18));
	return particleSize(Math.max(bytes, 1)) * k;
}
