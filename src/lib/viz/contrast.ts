/**
 * WCAG 2.x contrast: the relative luminance of a colour and the contrast ratio of two colours
 * (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), and the more readable of black or white
 * text on a background. Colours are parsed by d3-color (any CSS colour d3 reads: `#4e79a7`,
 * `rgb(…)`, names); the formula itself is the spec's few lines, written here because no kept
 * library we already ship exposes it.
 */
import { rgb } from 'd3';

/** AA for normal text (WCAG 2.x, success criterion 1.4.3). */
export const AA_TEXT = 4.5;

/** The sRGB channel (0–255) linearised, as WCAG defines it. */
function linear(channel: number): number {
	const c = channel / 255;
	return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of an opaque CSS colour, 0 (black) to 1 (white). */
export function relativeLuminance(color: string): number {
	const c = rgb(color);
	if (Number.isNaN(c.r) || Number.isNaN(c.g) || Number.isNaN(c.b))
		throw new Error(`contrast: "${color}" is not a colour`);
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

/** The contrast ratio of two opaque colours, 1 to 21 (the order does not matter). */
export function contrastRatio(a: string, b: string): number {
	const la = relativeLuminance(a);
	const lb = relativeLuminance(b);
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Black or white, whichever reads better on `background`. One of the two always reaches
 * ≥ 4.58 : 1 (the worst case is a background of luminance ≈ 0.18), so text on any opaque fill
 * passes AA with this choice.
 */
export function readableOn(background: string): '#000000' | '#ffffff' {
	return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff')
		? '#000000'
		: '#ffffff';
}
