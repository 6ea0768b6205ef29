/**
 * Geometry of the small figure that compares the staleness functions s(t − τ): one polyline per
 * function through its values at whole staleness 0…max, in a plot box with margins.
 */
import { stalenessFunction, type StalenessSpec } from '$lib/sim/staleness';

export interface PlotBox {
	readonly width: number;
	readonly height: number;
	readonly left: number;
	readonly right: number;
	readonly top: number;
	readonly bottom: number;
}

/** x of staleness `s` and y of weight `w` (0…1) in the box. */
export function scales(box: PlotBox, max: number) {
	const w = box.width - box.left - box.right;
	const h = box.height - box.top - box.bottom;
	return {
		x: (s: number) => box.left + (s / max) * w,
		y: (v: number) => box.top + (1 - v) * h
	};
}

/** The SVG path of s over staleness 0…max (whole numbers: staleness counts versions). */
export function stalenessPath(spec: StalenessSpec, max: number, box: PlotBox): string {
	const s = stalenessFunction(spec);
	const { x, y } = scales(box, max);
	const pts: string[] = [];
	for (let k = 0; k <= max; k++) pts.push(`${x(k).toFixed(1)},${y(s(k)).toFixed(1)}`);
	return `M${pts.join('L')}`;
}
