/** Slider geometry for number fields: linear, or logarithmic with "nice" rounded values. */
import type { NumberField } from '$lib/state/fields';

/** Positions of a log slider. */
export const LOG_STEPS = 1000;

/** The slider's own min/max/step for `f`. */
export function sliderRange(f: NumberField): { min: number; max: number; step: number } {
	return f.log ? { min: 0, max: LOG_STEPS, step: 1 } : { min: f.min, max: f.max, step: f.step };
}

/** Slider position of value `v` (clamped to the slider's range). */
export function toSlider(f: NumberField, v: number): number {
	const x = Math.min(Math.max(v, f.min), f.max);
	if (!f.log) return x;
	return Math.round((LOG_STEPS * Math.log(x / f.min)) / Math.log(f.max / f.min));
}

/** Value at slider position `pos`: two significant digits on log sliders, whole when integer. */
export function fromSlider(f: NumberField, pos: number): number {
	if (!f.log) return f.integer ? Math.round(pos) : Number(pos.toFixed(decimals(f.step)));
	const raw = f.min * Math.pow(f.max / f.min, pos / LOG_STEPS);
	const nice = Number(raw.toPrecision(raw < 1 ? 2 : raw < 100 ? 2 : 3));
	const v = f.integer ? Math.round(nice) : nice;
	return Math.min(Math.max(v, f.min), f.max);
}

function decimals(step: number): number {
	const s = String(step);
	const dot = s.indexOf('.');
	return dot < 0 ? 0 : s.length - dot - 1;
}
