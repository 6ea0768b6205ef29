import { describe, expect, it } from 'vitest';
import { svgSideBySide, svgSize } from './side-by-side';

const chart = (w: number, h: number, body = '') =>
	`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;

describe('svgSideBySide', () => {
	it('places the panels left to right under their headings, in one document', () => {
		const out = svgSideBySide(
			[
				{ heading: 'A: E = 1', svg: chart(760, 460, '<path d="M0 0"/>') },
				{ heading: 'B: E = 5 & more', svg: `<?xml version="1.0"?>\n${chart(760, 420)}` }
			],
			{ fg: '#111', bg: '#fff' }
		);
		// 760 + 24 + 760 wide; 40 for the headings + the taller panel
		expect(svgSize(out)).toEqual({ width: 1544, height: 500 });
		expect(out).toContain('<svg x="0" y="40" xmlns="http://www.w3.org/2000/svg" width="760"');
		expect(out).toContain('<svg x="784" y="40"');
		expect(out).toContain('>A: E = 1</text>');
		expect(out).toContain('>B: E = 5 &amp; more</text>');
		expect(out).not.toContain('<?xml');
		expect(out.match(/<svg\b/g)).toHaveLength(3);
	});

	it('refuses a panel that is not an SVG document with a size', () => {
		expect(() => svgSideBySide([{ heading: 'x', svg: '<svg></svg>' }], { fg: '', bg: '' })).toThrow(
			/width and a height/
		);
	});
});
