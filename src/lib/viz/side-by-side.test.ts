import { describe, expect, it } from 'vitest';
import { sideBySideCsv, svgSideBySide, svgSize } from './side-by-side';

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

describe('sideBySideCsv', () => {
	it('one header; every row prefixed with its side and the knob’s value', () => {
		const csv = 'run,label,round\nrun-1,Run 1,1\nrun-1,Run 1,2\n';
		expect(
			sideBySideCsv(
				[
					{ side: 'A', value: '1', csv },
					{ side: 'B', value: 'a, b', csv: 'run,label,round\nrun-1,Run 1,1\n' }
				],
				'localEpochs'
			)
		).toBe(
			'side,localEpochs,run,label,round\nA,1,run-1,Run 1,1\nA,1,run-1,Run 1,2\nB,"a, b",run-1,Run 1,1\n'
		);
	});
});
