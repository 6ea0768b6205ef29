/**
 * The side-by-side comparison as one figure: two whole chart documents (each an `<svg>` with its
 * own width and height, as `seriesToSvg` writes them) placed next to each other under their
 * headings ("A: Local epochs E = 1"), in one SVG document for slides and papers. Pure. (Its CSV,
 * both runs' metrics in one table, is `sideBySideCsv` in state/runs.ts.)
 */
import { escapeXml } from './svg-export';

export interface Panel {
	/** The heading above the chart. */
	readonly heading: string;
	/** A whole SVG document. */
	readonly svg: string;
}

const HEAD = 40;
const GAP = 24;

/** Width and height of an SVG document's root element (its `width` and `height` attributes). */
export function svgSize(svg: string): { width: number; height: number } {
	const root = /<svg\b[^>]*>/.exec(svg)?.[0];
	const num = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root ?? '')?.[1]);
	const width = num('width');
	const height = num('height');
	if (!root || !(width > 0) || !(height > 0))
		throw new Error('side-by-side: a panel is not an SVG document with a width and a height');
	return { width, height };
}

/** `panels` left to right, each under its heading, on `bg`, headings in `fg`. */
export function svgSideBySide(
	panels: readonly Panel[],
	colors: { readonly fg: string; readonly bg: string }
): string {
	const sizes = panels.map((p) => svgSize(p.svg));
	const width = sizes.reduce((w, s) => w + s.width, 0) + GAP * Math.max(0, panels.length - 1);
	const height = HEAD + Math.max(0, ...sizes.map((s) => s.height));
	let x = 0;
	const body = panels.map((p, i) => {
		const size = sizes[i] as { width: number; height: number };
		// the panel's own document, nested at its place (an <svg> inside an <svg> is a viewport)
		const nested = p.svg
			.replace(/^\s*<\?xml[^>]*>\s*/, '')
			.replace(/<svg\b/, `<svg x="${x}" y="${HEAD}"`);
		const out = [
			`<text x="${x + 12}" y="26" font-size="17" font-weight="600" fill="${colors.fg}">${escapeXml(p.heading)}</text>`,
			nested
		].join('\n');
		x += size.width + GAP;
		return out;
	});
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
		`<rect width="${width}" height="${height}" fill="${colors.bg}"/>`,
		...body,
		'</svg>'
	].join('\n');
}
