import type { EventOf } from '$lib/sim/core/events';

/** One run's curve for `MetricsChart`: the live run, or a finished run kept as a ghost. */
export interface RunSeries {
	/** Stable across updates, so the chart updates the run's line in place. */
	readonly id: string;
	/** Shown in the legend, tooltip and exports. */
	readonly label: string;
	/** A concrete CSS colour (hex or rgb), also used on canvas and in the SVG export. */
	readonly color: string;
	/** A finished earlier run: drawn faded and dashed. */
	readonly ghost: boolean;
	readonly points: readonly EventOf<'evaluated'>[];
}

export type { Metric, XAxis } from '$lib/viz/series';
