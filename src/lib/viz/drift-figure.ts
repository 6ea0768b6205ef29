/**
 * Geometry of the client-drift figure: the toy problem of `sim/optimize/toy-drift.ts` run live for
 * the chosen E and methods, mapped into an SVG box with equal scales on both axes (so the valleys'
 * shapes are not distorted). Each method gets a dash pattern and a marker as well as a colour, so
 * the figure reads without colour.
 */
import {
	globalOptimum,
	runToyDrift,
	type ToyClient,
	type ToyMethod,
	type Vec2
} from '$lib/sim/optimize/toy-drift';

export interface DriftBox {
	readonly width: number;
	readonly height: number;
	readonly pad: number;
}
export interface Bounds {
	readonly minX: number;
	readonly maxX: number;
	readonly minY: number;
	readonly maxY: number;
}

export const METHOD_STYLE = {
	fedavg: { label: 'FedAvg', color: 'var(--drift-fedavg, #dc2626)', dash: '', marker: 'circle' },
	fedprox: {
		label: 'FedProx',
		color: 'var(--drift-fedprox, #d97706)',
		dash: '6 3',
		marker: 'square'
	},
	scaffold: {
		label: 'SCAFFOLD',
		color: 'var(--drift-scaffold, #2563eb)',
		dash: '2 3',
		marker: 'triangle'
	}
} as const satisfies Record<
	ToyMethod,
	{ label: string; color: string; dash: string; marker: string }
>;

/** The smallest box holding all points, widened by `margin` (a fraction of the larger side). */
export function boundsOf(points: readonly Vec2[], margin = 0.08): Bounds {
	if (points.length === 0) throw new Error('drift figure: no points to bound');
	let minX = Infinity;
	let maxX = -Infinity;
	let minY = Infinity;
	let maxY = -Infinity;
	for (const [x, y] of points) {
		minX = Math.min(minX, x);
		maxX = Math.max(maxX, x);
		minY = Math.min(minY, y);
		maxY = Math.max(maxY, y);
	}
	const m = Math.max(maxX - minX, maxY - minY, 1e-9) * margin;
	return { minX: minX - m, maxX: maxX + m, minY: minY - m, maxY: maxY + m };
}

/** Equal-scale map of `b` into the box, centred; y grows upwards as on paper. */
export function driftScales(box: DriftBox, b: Bounds) {
	const w = box.width - 2 * box.pad;
	const h = box.height - 2 * box.pad;
	const k = Math.min(w / (b.maxX - b.minX), h / (b.maxY - b.minY));
	const ox = box.pad + (w - k * (b.maxX - b.minX)) / 2;
	const oy = box.pad + (h - k * (b.maxY - b.minY)) / 2;
	return {
		x: (v: number) => ox + (v - b.minX) * k,
		y: (v: number) => box.height - oy - (v - b.minY) * k
	};
}

type Scales = ReturnType<typeof driftScales>;

/** SVG path through the points (M … L …), coordinates rounded to 0.01 px. */
export function pathThrough(points: readonly Vec2[], s: Scales): string {
	const r = (v: number) => Math.round(v * 100) / 100;
	return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${r(s.x(x))},${r(s.y(y))}`).join(' ');
}

export interface DriftOptions {
	readonly clients: readonly ToyClient[];
	readonly start: Vec2;
	readonly methods: readonly ToyMethod[];
	readonly localSteps: number;
	readonly lr: number;
	readonly rounds: number;
	readonly mu: number;
	readonly box: DriftBox;
}
export interface MethodTrace {
	readonly method: ToyMethod;
	readonly label: string;
	readonly color: string;
	readonly dash: string;
	readonly marker: string;
	/** The global point round by round. */
	readonly path: string;
	/** Each client's local trajectory in round 1 (the drift, seen at the start). */
	readonly firstLocal: string[];
	/** Where the run ends, in pixels, and its distance to w* in problem units. */
	readonly end: { readonly x: number; readonly y: number };
	readonly gap: number;
}
export interface DriftFigureModel {
	readonly clients: { readonly x: number; readonly y: number; readonly label: string }[];
	readonly optimum: { readonly x: number; readonly y: number };
	readonly start: { readonly x: number; readonly y: number };
	readonly traces: MethodTrace[];
}

/** Runs every chosen method on the toy problem and lays the result out. */
export function driftFigure(o: DriftOptions): DriftFigureModel {
	const star = globalOptimum(o.clients);
	const runs = o.methods.map((method) => ({
		method,
		run: runToyDrift(o.clients, {
			method,
			localSteps: o.localSteps,
			lr: o.lr,
			rounds: o.rounds,
			start: o.start,
			mu: o.mu
		})
	}));
	const pts: Vec2[] = [star, o.start, ...o.clients.map((c) => c.optimum)];
	for (const { run } of runs) pts.push(...run.global, ...(run.local[0] ?? []).flat());
	const s = driftScales(o.box, boundsOf(pts));
	const at = (p: Vec2) => ({ x: s.x(p[0]), y: s.y(p[1]) });
	return {
		clients: o.clients.map((c, i) => ({ ...at(c.optimum), label: `client ${i + 1}` })),
		optimum: at(star),
		start: at(o.start),
		traces: runs.map(({ method, run }) => {
			const end = run.global[run.global.length - 1] ?? o.start;
			return {
				method,
				...METHOD_STYLE[method],
				path: pathThrough(run.global, s),
				firstLocal: (run.local[0] ?? []).map((p) => pathThrough(p, s)),
				end: at(end),
				gap: Math.hypot(end[0] - star[0], end[1] - star[1])
			};
		})
	};
}
