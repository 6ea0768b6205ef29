/**
 * WCAG AA (4.5 : 1 for text) for the label chips and for the theme's text colours, in the light
 * and the dark theme. The theme is read from src/app.css itself (`--name: light-dark(light, dark)`),
 * so a token changed there is checked here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio } from './contrast';
import { LABEL_COLORS, labelColor, labelTextColor } from './palette';

const css = readFileSync(fileURLToPath(new URL('../../app.css', import.meta.url)), 'utf8');
const tokens = new Map(
	[...css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{3,6}),\s*(#[0-9a-f]{3,6})\)/gi)].map(
		(m) => [m[1] ?? '', [m[2] ?? '', m[3] ?? ''] as const]
	)
);
const THEMES = [
	['light', 0],
	['dark', 1]
] as const;

function token(name: string, theme: 0 | 1): string {
	const pair = tokens.get(name);
	if (!pair) throw new Error(`app.css has no light-dark() token --${name}`);
	return pair[theme];
}

describe('label chips', () => {
	it('every chip colour has its text colour', () => {
		expect(LABEL_COLORS.length).toBe(10);
		for (let label = 0; label < 12; label++)
			expect(labelTextColor(label)).toMatch(/^#(000000|ffffff)$/);
	});

	// a chip is drawn on its own fill, so its contrast is the same in both themes
	for (const [theme] of THEMES)
		it(`${theme} theme: every chip's digits reach ${AA_TEXT} : 1`, () => {
			for (let label = 0; label < LABEL_COLORS.length; label++) {
				const ratio = contrastRatio(labelColor(label), labelTextColor(label));
				expect(ratio, `label ${label} (${labelColor(label)})`).toBeGreaterThanOrEqual(AA_TEXT);
			}
		});

	it('white digits, as before, would fail on most chips (the check can fail)', () => {
		const failing = LABEL_COLORS.filter((c) => contrastRatio(c, '#ffffff') < AA_TEXT);
		expect(failing.length).toBeGreaterThanOrEqual(8);
	});
});

describe('theme text colours', () => {
	const TEXT = ['fg', 'muted', 'faint', 'accent', 'danger', 'warn', 'ok'];
	const BACKGROUNDS = ['bg', 'surface', 'surface-2', 'accent-soft', 'info-soft'];
	const PAIRS = [
		['accent-fg', 'accent'],
		['danger', 'danger-soft'],
		['warn', 'warn-soft']
	] as const;

	for (const [theme, i] of THEMES) {
		it(`${theme}: text tokens on every background reach ${AA_TEXT} : 1`, () => {
			for (const fg of TEXT)
				for (const bg of BACKGROUNDS) {
					const ratio = contrastRatio(token(fg, i), token(bg, i));
					expect(ratio, `--${fg} on --${bg}`).toBeGreaterThanOrEqual(AA_TEXT);
				}
		});
		it(`${theme}: buttons and notices reach ${AA_TEXT} : 1`, () => {
			for (const [fg, bg] of PAIRS)
				expect(
					contrastRatio(token(fg, i), token(bg, i)),
					`--${fg} on --${bg}`
				).toBeGreaterThanOrEqual(AA_TEXT);
		});
	}

	it('the old --faint (#8b919a on white, 3.17 : 1) would fail', () => {
		expect(contrastRatio('#8b919a', token('surface', 0))).toBeLessThan(AA_TEXT);
	});
});
