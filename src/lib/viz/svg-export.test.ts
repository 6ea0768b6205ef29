import { describe, expect, it } from 'vitest';
import { escapeXml, seriesToSvg, type SvgSeries } from './svg-export';

const LIVE: SvgSeries = {
	label: 'IID, C = 0.1',
	color: '#2563eb',
	ghost: false,
	points: [
		{ x: 0, y: 0 },
		{ x: 10, y: 1 }
	]
};
const GHOST: SvgSeries = {
	label: 'α = 0.1 <skewed> & "wild"',
	color: '#dc2626',
	ghost: true,
	points: [
		{ x: 0, y: 0.2 },
		{ x: 5, y: 0.5 },
		{ x: 10, y: 0.6 }
	]
};
const OPTS = {
	xLabel: 'Round',
	yLabel: 'Test accuracy',
	xFormat: (x: number) => String(x),
	yFormat: (y: number) => `${Math.round(y * 100)} %`,
	title: 'Accuracy',
	width: 600,
	height: 400,
	yDomain: [0, 1] as const
};

describe('seriesToSvg', () => {
	const svg = seriesToSvg([GHOST, LIVE], OPTS);

	it('is one SVG document of the requested size with a filled background', () => {
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400"')).toBe(
			true
		);
		expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
		expect(svg).toContain('<rect width="100%" height="100%" fill="#ffffff"/>');
		expect(svg.match(/<svg/g)).toHaveLength(1);
	});

	it('draws one path per series, the live run last and solid', () => {
		const paths = [...svg.matchAll(/<path d="([^"]*)" stroke="([^"]*)" ([^>]*)>/g)];
		expect(paths.map((p) => p[2])).toEqual(['#dc2626', '#2563eb']);
		expect(paths[0]![3]).toContain('stroke-dasharray');
		expect(paths[1]![3]).not.toContain('stroke-dasharray');
		// the live line spans the plot: from the bottom-left corner to the top-right corner
		const pw = 600 - 64 - 24;
		const ph = 400 - 44 - (58 + 20);
		expect(paths[1]![1]).toBe(`M0,${ph}L${pw},0`);
		expect(paths[0]![1]!.split('L')).toHaveLength(3);
	});

	it('labels the axes and the legend, escaping text', () => {
		expect(svg).toContain('>Round</text>');
		expect(svg).toContain('>Test accuracy</text>');
		expect(svg).toContain('>Accuracy</text>');
		expect(svg).toContain('α = 0.1 &lt;skewed&gt; &amp; &quot;wild&quot;');
		expect(svg).not.toContain('<skewed>');
		expect(svg).toContain('>100 %</text>');
		expect(svg).toContain('>0 %</text>');
	});

	it('copes with no data and a single point', () => {
		expect(seriesToSvg([], OPTS)).toContain('</svg>');
		const one = seriesToSvg([{ ...LIVE, points: [{ x: 3, y: 0.5 }] }], {
			...OPTS,
			yDomain: undefined
		});
		expect(one).not.toContain('NaN');
	});

	it('wraps a long legend onto more rows and makes room for it', () => {
		const many = Array.from({ length: 8 }, (_, i) => ({
			...GHOST,
			label: `ghost run number ${i}`
		}));
		const wrapped = seriesToSvg(many, OPTS);
		const ys = new Set(
			[
				...wrapped.matchAll(/<line x1="[^"]*" x2="[^"]*" y1="(\d+)" y2="\d+" stroke="#dc2626"/g)
			].map((m) => m[1])
		);
		expect(ys.size).toBeGreaterThan(1);
	});
});

describe('escapeXml', () => {
	it('escapes the five XML characters', () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;'
		);
	});
});

describe('seriesToSvg x ticks', () => {
	const three = { ...LIVE, points: [1, 2, 3].map((x) => ({ x, y: 0.5 })) };
	const labels = (svg: string) =>
		[
			...(/<g class="x-axis"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '').matchAll(/>([^<]*)<\/text>/g)
		].map((m) => m[1]);

	it('a round axis has only whole rounds (d3 alone would tick 1, 1.5, 2, 2.5, 3)', () => {
		expect(labels(seriesToSvg([three], { ...OPTS, xDomain: [1, 3] }))).toContain('1.5');
		expect(labels(seriesToSvg([three], { ...OPTS, xDomain: [1, 3], xIntegers: true }))).toEqual([
			'1',
			'2',
			'3'
		]);
	});
});

describe('seriesToSvg legend order, ghosts and notes', () => {
	const legendLabels = (svg: string) =>
		[
			...(/<g class="legend"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '').matchAll(/>([^<]*)<\/text>/g)
		].map((m) => m[1]);

	it('lists the runs in the order given (run order), whichever is live', () => {
		const first = { ...LIVE, label: 'Run 1', ghost: true };
		const second = { ...LIVE, label: 'Run 2', ghost: false };
		const third = { ...GHOST, label: 'Run 3' };
		expect(legendLabels(seriesToSvg([first, second, third], OPTS))).toEqual([
			'Run 1',
			'Run 2',
			'Run 3'
		]);
	});

	it('draws ghosts lighter and thinner than the live run', () => {
		const svg = seriesToSvg([GHOST, LIVE], OPTS);
		const paths = [...svg.matchAll(/<path d="[^"]*" stroke="([^"]*)" ([^>]*)>/g)];
		expect(paths[0]?.[2]).toContain('stroke-opacity="0.45"');
		expect(paths[0]?.[2]).toContain('stroke-width="1.5"');
		expect(paths[1]?.[2]).toContain('stroke-width="2.5"');
		expect(paths[1]?.[2]).not.toContain('stroke-opacity');
	});

	it('draws a note as a ring on its point, a box inside the plot and its escaped text', () => {
		const svg = seriesToSvg([LIVE], {
			...OPTS,
			xDomain: [0, 10],
			notes: [{ x: 10, y: 1, lines: ['here the stragglers', 'were <dropped>'], color: '#2563eb' }]
		});
		const note = /<g class="note">(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
		expect(note).toContain('>here the stragglers</text>');
		expect(note).toContain('>were &lt;dropped&gt;</text>');
		// the point is the plot's top-right corner: the ring is there, the box to its left, below
		const pw = 600 - 64 - 24;
		expect(note).toContain(`<circle cx="${pw}" cy="0" r="5"`);
		const rect = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(note);
		const [x, y, w] = [Number(rect?.[1]), Number(rect?.[2]), Number(rect?.[3])];
		expect(x + w).toBeLessThanOrEqual(pw);
		expect(y).toBeGreaterThan(0);
	});

	it('leaves out a note off the scales (NaN) without writing NaN', () => {
		const svg = seriesToSvg([LIVE], {
			...OPTS,
			notes: [{ x: Number.NaN, y: 1, lines: ['x'], color: '#000' }]
		});
		expect(svg).not.toContain('class="note"');
		expect(svg).not.toContain('NaN');
	});
});
