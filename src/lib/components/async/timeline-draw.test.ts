import { describe, expect, it } from 'vitest';
import { drawTimeline, stripHeight, xOf, type Ctx, type TimelinePaint } from './timeline-draw';
import type { ClientRow } from '$lib/viz/timeline';

/** A context that records the rectangles filled (with their fill) and the texts written. */
function recorder() {
	const rects: { x: number; y: number; w: number; h: number; fill: unknown }[] = [];
	const texts: string[] = [];
	let lines = 0;
	const ctx: Ctx = {
		fillStyle: '',
		strokeStyle: '',
		lineWidth: 1,
		font: '',
		textAlign: 'left',
		textBaseline: 'top',
		globalAlpha: 1,
		fillRect(x, y, w, h) {
			rects.push({ x, y, w, h, fill: ctx.fillStyle });
		},
		clearRect() {},
		beginPath() {},
		moveTo() {},
		lineTo() {
			lines++;
		},
		stroke() {},
		fillText(t) {
			texts.push(t);
		},
		setLineDash() {},
		arc() {},
		fill() {}
	};
	return { ctx, rects, texts, lines: () => lines };
}

const paint: TimelinePaint = {
	activity: { download: 'blue', compute: 'amber', upload: 'green', offline: 'grey' },
	wasted: 'hatched',
	lost: 'lostgrey',
	offline: 'offgrey',
	straggler: 'brown',
	text: 'ink',
	grid: 'grid',
	rowBg: 'bg',
	playhead: 'red',
	cross: 'x'
};

const layout = { width: 234, rowPx: 16, gutter: 34, axis: 22 };

const rows: ClientRow[] = [
	{
		id: 0,
		straggler: false,
		segments: [
			{ kind: 'download', start: 0, end: 1 },
			{ kind: 'compute', start: 1, end: 3 },
			{ kind: 'upload', start: 3, end: 4 }
		]
	},
	{
		id: 1,
		straggler: true,
		segments: [
			{ kind: 'compute', start: 0, end: 2, fate: 'cut', fateAt: 2 },
			{ kind: 'offline', start: 2, end: Infinity }
		]
	}
];

describe('drawTimeline', () => {
	it('maps time to x across the plot (gutter on the left, 6 px margin on the right)', () => {
		expect(xOf(0, 10, layout)).toBe(34);
		expect(xOf(10, 10, layout)).toBe(228);
		expect(xOf(5, 10, layout)).toBe(131);
	});

	it('draws each segment up to the playhead, in its colour, in its row', () => {
		const r = recorder();
		drawTimeline(r.ctx, { rows, barriers: [], T: 2.5, domain: 10, layout, paint });
		const segs = r.rects.filter((x) => x.fill !== 'bg');
		const x = (t: number) => xOf(t, 10, layout);
		// row 0: download (thin band), compute clipped at T; the upload has not started
		expect(segs[0]).toMatchObject({ x: x(0), fill: 'blue' });
		expect(segs[0]?.h).toBeLessThan(14);
		expect(segs[1]).toMatchObject({ x: x(1), w: x(2.5) - x(1), y: 1, h: 14, fill: 'amber' });
		// row 1: the cut training is hatched, the offline period runs to the playhead
		expect(segs[2]).toMatchObject({ x: x(0), w: x(2) - x(0), y: 17, fill: 'hatched' });
		expect(segs[3]).toMatchObject({ x: x(2), w: x(2.5) - x(2), fill: 'offgrey' });
		expect(segs).toHaveLength(4);
		expect(r.texts).toContain('0');
		expect(r.texts).toContain('1');
	});

	it('does not show a fate before the playhead reaches it', () => {
		const r = recorder();
		drawTimeline(r.ctx, { rows, barriers: [], T: 1.5, domain: 10, layout, paint });
		const fills = r.rects.map((x) => x.fill);
		expect(fills).toContain('amber');
		expect(fills).not.toContain('hatched');
	});

	it('fits 50 thin rows in about 220 px', () => {
		expect(stripHeight(50, 4)).toBe(224);
		expect(stripHeight(3, 18)).toBe(78);
	});
});
