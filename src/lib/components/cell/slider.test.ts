import { describe, expect, it } from 'vitest';
import { FIELD_BY_KEY, type FieldKey, type NumberField } from '$lib/state/fields';
import { LOG_STEPS, fromSlider, toSlider } from './slider';

const field = (key: FieldKey) => FIELD_BY_KEY.get(key) as NumberField;

describe('log sliders', () => {
	it('map the ends of the range to the ends of the slider', () => {
		const alpha = field('alpha');
		expect(toSlider(alpha, alpha.min)).toBe(0);
		expect(toSlider(alpha, alpha.max)).toBe(LOG_STEPS);
		expect(fromSlider(alpha, 0)).toBe(alpha.min);
		expect(fromSlider(alpha, LOG_STEPS)).toBe(alpha.max);
	});
	it('put the geometric middle in the middle', () => {
		expect(fromSlider(field('alpha'), LOG_STEPS / 2)).toBe(1);
	});
	it('round to two significant digits, whole numbers for integer fields', () => {
		expect(fromSlider(field('lr'), 333)).toBe(0.013);
		expect(Number.isInteger(fromSlider(field('B'), 417))).toBe(true);
	});
	it('round-trip a value to within one slider step', () => {
		const lr = field('lr');
		expect(fromSlider(lr, toSlider(lr, 0.1))).toBeCloseTo(0.1, 2);
	});
});

describe('linear sliders', () => {
	it('clamp out-of-range values to the slider', () => {
		const k = field('K');
		expect(toSlider(k, k.max + 400)).toBe(k.max);
		expect(fromSlider(field('C'), 0.30000000000000004)).toBe(0.3);
	});
});
