import { describe, expect, it } from 'vitest';
import { contrastRatio, readableOn, relativeLuminance } from './contrast';

describe('WCAG contrast', () => {
	it('luminance of black, white and mid grey (#808080: ((128/255 + 0.055)/1.055)^2.4)', () => {
		expect(relativeLuminance('#000000')).toBe(0);
		expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 12);
		expect(relativeLuminance('#808080')).toBeCloseTo(0.2158605, 6);
		// pure green weighs 0.7152
		expect(relativeLuminance('#00ff00')).toBeCloseTo(0.7152, 12);
	});

	it.each([
		['#000000', '#ffffff', 21],
		['#ffffff', '#000000', 21],
		['#808080', '#ffffff', 1.05 / (0.2158605 + 0.05)],
		// the grey every AA checker quotes as the lightest that passes on white
		['#767676', '#ffffff', 4.54],
		['#777777', '#ffffff', 4.48],
		['#4e79a7', '#ffffff', 4.55]
	])('%s on %s: %f', (a, b, want) => {
		expect(contrastRatio(a, b)).toBeCloseTo(want, 2);
	});

	it('picks the more readable of black and white', () => {
		expect(readableOn('#edc949')).toBe('#000000');
		expect(readableOn('#1c2026')).toBe('#ffffff');
		expect(readableOn('#4e79a7')).toBe('#000000');
		expect(readableOn('#2a5bd7')).toBe('#ffffff');
	});

	it('refuses what is not a colour, naming it', () => {
		expect(() => relativeLuminance('var(--x)')).toThrow(/var\(--x\)/);
	});
});
