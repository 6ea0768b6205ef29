/**
 * A local training's loss curve, cheaply: the trainer keeps its running loss sum (already on the
 * device) at a few batch counts and reads them all once at the end, so the curve costs no read per
 * batch. Each point is the mean loss of one stretch of batches between two marks.
 */
import { LOSS_CURVE_POINTS } from './events';

/**
 * The batch counts after which the running sum is kept: `points` (at most) equal stretches of
 * `total` batches, the last mark `total` itself (so its sum is the whole training's).
 */
export function curveMarks(total: number, points = LOSS_CURVE_POINTS): number[] {
	const k = Math.min(points, Math.max(0, Math.floor(total)));
	return Array.from({ length: k }, (_, i) => Math.round(((i + 1) * total) / k));
}

/**
 * The curve from the running sums at the marks: (S_i − S_{i−1}) / (m_i − m_{i−1}). Stretches of no
 * batch (none for marks from `curveMarks`) are left out.
 */
export function curveFromSums(marks: readonly number[], sums: ArrayLike<number>): number[] {
	const out: number[] = [];
	let m0 = 0;
	let s0 = 0;
	marks.forEach((m, i) => {
		const s = sums[i] as number;
		if (m > m0) out.push((s - s0) / (m - m0));
		m0 = m;
		s0 = s;
	});
	return out;
}
