import { describe, expect, it } from 'vitest';
import { buildHeatmap, cellText, heatColor, heatmapCsv } from './heatmap';

describe('robustness heatmap', () => {
	// rows: attacks; columns: rules
	const cells: Record<
		string,
		{ accuracy: number | null; attackSuccess?: number; diverged?: boolean; refused?: string }
	> = {
		'median/alie': { accuracy: 0.9 },
		'median/backdoor': { accuracy: 0.85, attackSuccess: 0.5 },
		'mean/alie': { accuracy: 0.2, diverged: true },
		'mean/backdoor': { accuracy: 0.88, attackSuccess: 0.95 },
		'bulyan/alie': { accuracy: null, refused: 'n ≥ 4f + 3' }
	};
	const h = buildHeatmap(
		['alie', 'backdoor'],
		['median', 'mean', 'bulyan'],
		(r, c) => cells[`${c}/${r}`]
	);

	it('keeps the worst final accuracy per rule, i.e. per column (a diverged run counts 0, refused cells none)', () => {
		expect(h.worst).toEqual([0.85, 0, null]);
	});

	it('labels and colours the cells', () => {
		expect(cellText(h.cells[1]?.[0])).toBe('85.0 % · AS 50 %');
		expect(cellText(h.cells[0]?.[1])).toBe('diverged');
		expect(cellText(h.cells[1]?.[2])).toBe('…');
		expect(heatColor(1)).toBe('hsl(120 65% 42%)');
		expect(heatColor(0)).toBe('hsl(0 65% 48%)');
		expect(heatColor(null)).toBe('#cfcfcf');
	});

	it('exports one CSV row per attack and the worst case per rule last', () => {
		expect(heatmapCsv(h).split('\n')).toEqual([
			',median,mean,bulyan',
			'alie,0.9,0,refused',
			'backdoor,0.85 (AS 0.5),0.88 (AS 0.95),',
			'worst case,0.85,0,',
			''
		]);
	});
});
