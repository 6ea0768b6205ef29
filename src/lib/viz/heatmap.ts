/**
 * The robustness heatmap's geometry and colours, pure: a matrix of rows (attacks, or Byzantine
 * shares) × columns (rules, or Dirichlet α), each cell a final accuracy (and an attack success for
 * backdoors), with ByzFL's worst case per column (per rule) as a row under the grid. The component
 * and the PNG export both draw this.
 */
export interface HeatCell {
	readonly accuracy: number | null;
	readonly attackSuccess?: number;
	readonly diverged?: boolean;
	/** Why the cell did not run (a precondition). */
	readonly refused?: string;
}

export interface Heatmap {
	readonly rows: readonly string[];
	readonly columns: readonly string[];
	/** cells[r][c]; undefined: not run (yet). */
	readonly cells: readonly (readonly (HeatCell | undefined)[])[];
	/** Per column: the lowest accuracy over the cells that ran (diverged counts 0), or null. */
	readonly worst: readonly (number | null)[];
}

export function buildHeatmap(
	rows: readonly string[],
	columns: readonly string[],
	cellOf: (row: string, column: string) => HeatCell | undefined
): Heatmap {
	const cells = rows.map((r) => columns.map((c) => cellOf(r, c)));
	const worst = columns.map((_, j) => {
		const accs = cells
			.map((row) => row[j])
			.filter((c): c is HeatCell => !!c && c.accuracy !== null)
			.map((c) => (c.diverged ? 0 : (c.accuracy as number)));
		return accs.length ? Math.min(...accs) : null;
	});
	return { rows, columns, cells, worst };
}

/** Red (0) → amber (0.5) → green (1) for an accuracy; grey for nothing. */
export function heatColor(accuracy: number | null | undefined): string {
	if (accuracy === null || accuracy === undefined || !Number.isFinite(accuracy)) return '#cfcfcf';
	const a = Math.min(1, Math.max(0, accuracy));
	const hue = 120 * a; // 0 red, 60 amber/yellow, 120 green
	return `hsl(${hue.toFixed(0)} 65% ${a > 0.5 ? 42 : 48}%)`;
}

/** The text of a cell: "91.2 %" and, for a backdoor, "· AS 88 %". */
export function cellText(c: HeatCell | undefined): string {
	if (!c) return '…';
	if (c.refused) return 'refused';
	if (c.diverged) return 'diverged';
	if (c.accuracy === null) return '–';
	const acc = `${(100 * c.accuracy).toFixed(1)} %`;
	return c.attackSuccess === undefined
		? acc
		: `${acc} · AS ${(100 * c.attackSuccess).toFixed(0)} %`;
}

/** The heatmap as CSV: one row per rule, one column per attack, then the worst case. */
export function heatmapCsv(h: Heatmap): string {
	const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	const lines = [['', ...h.columns].map(esc).join(',')];
	h.rows.forEach((r, i) => {
		const row = h.cells[i] ?? [];
		lines.push(
			[
				esc(r),
				...row.map((c) =>
					c && c.accuracy !== null
						? `${c.diverged ? 0 : c.accuracy}${c.attackSuccess === undefined ? '' : ` (AS ${c.attackSuccess})`}`
						: c?.refused
							? 'refused'
							: ''
				)
			].join(',')
		);
	});
	lines.push(['worst case', ...h.worst.map((w) => w ?? '')].join(','));
	return lines.join('\n') + '\n';
}

/** Draws the heatmap on a 2-D canvas context (for the PNG export); returns the size used. */
export function drawHeatmap(
	ctx: Pick<
		CanvasRenderingContext2D,
		'fillStyle' | 'fillRect' | 'fillText' | 'font' | 'textAlign' | 'textBaseline'
	>,
	h: Heatmap,
	opts: { cellW?: number; cellH?: number; labelW?: number; headerH?: number } = {}
): { width: number; height: number } {
	const cw = opts.cellW ?? 120;
	const ch = opts.cellH ?? 30;
	const lw = opts.labelW ?? 170;
	const hh = opts.headerH ?? 34;
	const cols = h.columns;
	const width = lw + cols.length * cw;
	const height = hh + (h.rows.length + 1) * ch;
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, width, height);
	ctx.font = '12px sans-serif';
	ctx.textBaseline = 'middle';
	ctx.textAlign = 'center';
	ctx.fillStyle = '#222222';
	cols.forEach((c, j) => ctx.fillText(c, lw + j * cw + cw / 2, hh / 2));
	const worstRow: HeatCell[] = h.worst.map((w) => ({ accuracy: w }));
	[...h.rows, 'worst case'].forEach((r, i) => {
		const y = hh + i * ch;
		ctx.textAlign = 'left';
		ctx.fillStyle = '#222222';
		ctx.fillText(r, 6, y + ch / 2);
		ctx.textAlign = 'center';
		const row = h.cells[i] ?? worstRow;
		row.forEach((c, j) => {
			ctx.fillStyle = heatColor(c?.refused ? null : c?.diverged ? 0 : c?.accuracy);
			ctx.fillRect(lw + j * cw + 1, y + 1, cw - 2, ch - 2);
			ctx.fillStyle = '#ffffff';
			ctx.fillText(cellText(c), lw + j * cw + cw / 2, y + ch / 2);
		});
	});
	return { width, height };
}
