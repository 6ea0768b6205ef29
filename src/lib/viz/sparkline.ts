/**
 * A sparkline's geometry: values spread evenly across `width`, scaled so that the smallest sits on
 * the bottom and the largest on the top of `height` (a flat series in the middle), inset by `pad`.
 * Non-finite values break the line. Pure: the card draws the path it returns.
 */
export interface Sparkline {
	/** An SVG path ("M x,y L x,y …"), '' for no finite value. */
	readonly path: string;
	/** The first and last finite points, for end dots. */
	readonly first: { readonly x: number; readonly y: number } | null;
	readonly last: { readonly x: number; readonly y: number } | null;
	readonly min: number;
	readonly max: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export function sparkline(
	values: readonly number[],
	width: number,
	height: number,
	pad = 2
): Sparkline {
	const finite = values.filter(Number.isFinite);
	const min = finite.length ? Math.min(...finite) : NaN;
	const max = finite.length ? Math.max(...finite) : NaN;
	const n = values.length;
	const x = (i: number) => r1(n > 1 ? pad + (i * (width - 2 * pad)) / (n - 1) : width / 2);
	const y = (v: number) =>
		r1(max > min ? pad + ((max - v) * (height - 2 * pad)) / (max - min) : height / 2);
	let path = '';
	let pen = false;
	let first: Sparkline['first'] = null;
	let last: Sparkline['last'] = null;
	values.forEach((v, i) => {
		if (!Number.isFinite(v)) {
			pen = false;
			return;
		}
		const p = { x: x(i), y: y(v) };
		path += `${path ? ' ' : ''}${pen ? 'L' : 'M'}${p.x},${p.y}`;
		pen = true;
		first ??= p;
		last = p;
	});
	return { path, first, last, min, max };
}
