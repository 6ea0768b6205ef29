/**
 * Annotate and compare (issue 10, item 5): a note pinned on a chart point is in the exported PNG
 * and SVG; the earlier runs (ghosts), their names and notes survive a reload and Clear removes
 * them; two cells side by side play in lock-step under one transport, and export as one figure.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FAST, openCell } from './helpers';

const NOTE = 'here the stragglers were dropped';

/** Plays the cell's run to its end. */
async function playToEnd(page: Page): Promise<void> {
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Done.', { timeout: 60_000 });
}

/** Downloads the chart as PNG or SVG through the Share & export menu; the file's bytes. */
async function exportChart(page: Page, kind: 'png' | 'svg'): Promise<Buffer> {
	await page.getByTestId('share-menu').click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId(`export-${kind}`).click()
	]);
	return readFile(await download.path());
}

/** The rows of the chart's screen-reader table: one per run with results. */
async function chartRows(page: Page): Promise<string[]> {
	return page
		.getByTestId('metrics-chart')
		.first()
		.locator('tbody th')
		.evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
}

test('a note pinned on a point is drawn in the exported PNG and SVG', async ({ page }) => {
	await openCell(page, 'lab/', `${FAST}&K=3&C=1&rounds=3&speed=max`);
	await playToEnd(page);
	const plain = await exportChart(page, 'png');
	expect(plain.subarray(1, 4).toString()).toBe('PNG');

	// a click on the chart picks the nearest point and opens the notes form
	const chart = page.getByTestId('metrics-chart').locator('canvas');
	const box = await chart.boundingBox();
	if (!box) throw new Error('no chart');
	await chart.click({ position: { x: box.width * 0.9, y: box.height * 0.3 } });
	const notes = page.getByTestId('run-notes');
	await expect(notes).toHaveAttribute('open', '');
	await expect(page.getByTestId('note-round')).toHaveValue('3');
	await page.getByTestId('note-text').fill(NOTE);
	await page.getByTestId('note-pin').click();
	await expect(page.getByTestId('note')).toContainText(`round 3: ${NOTE}`);

	const annotated = await exportChart(page, 'png');
	expect(annotated.subarray(1, 4).toString()).toBe('PNG');
	expect(annotated.equals(plain), 'the PNG with the note differs from the one without').toBe(false);

	const svg = (await exportChart(page, 'svg')).toString('utf8');
	expect(svg).toContain('class="note"');
	// the label wraps at 26 characters
	expect(svg).toContain('>here the stragglers were</text>');
	expect(svg).toContain('>dropped</text>');
	// removing the note takes it out of the next export
	await page.getByRole('button', { name: 'Remove the note on run 1, round 3' }).click();
	const again = (await exportChart(page, 'svg')).toString('utf8');
	expect(again).not.toContain('class="note"');
});

test('ghosts, their names and notes survive a reload; Clear removes them for good', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=3&C=1&rounds=2&speed=max`);
	await playToEnd(page);
	await page.getByTestId('reset').click();
	await expect(page.getByTestId('clear-ghosts')).toContainText('Clear 1 earlier run');

	await page.getByTestId('run-notes').locator('summary').click();
	const name = page.locator('[data-testid="run-row"][data-run="1"] [data-testid="run-name"]');
	await name.fill('baseline');
	await name.press('Enter');
	await page.getByTestId('note-run').selectOption('1');
	await page.getByTestId('note-round').selectOption('2');
	await page.getByTestId('note-text').fill(NOTE);
	await page.getByTestId('note-pin').click();
	await expect.poll(() => chartRows(page)).toEqual(['Run 1 · baseline (earlier run)']);

	await page.reload();
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'ready', {
		timeout: 60_000
	});
	await expect(page.getByTestId('clear-ghosts')).toContainText('Clear 1 earlier run');
	await expect.poll(() => chartRows(page)).toEqual(['Run 1 · baseline (earlier run)']);
	await page.getByTestId('run-notes').locator('summary').click();
	await expect(page.getByTestId('note')).toContainText(`round 2: ${NOTE}`);
	// the live run after the reload is run 2: numbers are not reused
	await expect(page.locator('[data-testid="run-row"][data-run="2"]')).toContainText('(live)');

	await page.getByTestId('clear-ghosts').click();
	await expect(page.getByTestId('clear-ghosts')).toHaveCount(0);
	await expect.poll(() => chartRows(page)).toEqual([]);
	await page.reload();
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'ready', {
		timeout: 60_000
	});
	await expect(page.getByTestId('clear-ghosts')).toHaveCount(0);
});

test('a foreign value in local storage is ignored without an error', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.addInitScript(() => {
		localStorage.setItem('dlp:runs:lab', '{"v":1,"runs":[{"n":"x","points":"y"}],"notes":7}');
	});
	await openCell(page, 'lab/', `${FAST}&rounds=2`);
	await expect(page.getByTestId('clear-ghosts')).toHaveCount(0);
	expect(errors).toEqual([]);
});

/** The round a side shows (its `data-round`). */
async function roundOf(side: Locator): Promise<number> {
	return Number(await side.getAttribute('data-round'));
}

test('side by side: one Play drives two cells in lock-step to the same round', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 900 });
	// the entry in a cell's header carries its settings to the comparison page
	await openCell(page, 'lab/', `${FAST}&K=3&C=1&rounds=4`);
	const entry = page.getByTestId('compare-link');
	await expect(entry).toHaveAttribute('href', /compare\/\?.*cell=lab/);

	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`compare/?${FAST}&K=3&C=1&rounds=4&speed=2&cell=lab&vary=E&b=1`);
	const sides = page.getByTestId('compare-side');
	await expect(sides).toHaveCount(2);
	for (const s of await sides.all())
		await expect(s).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
	// the differing knob is named in each header; the seed is shared
	await expect(sides.nth(0).getByTestId('side-title')).toContainText('Local epochs E = 2');
	await expect(sides.nth(1).getByTestId('side-title')).toContainText('Local epochs E = 1');
	await expect(page).toHaveURL(/vary=E/);

	await page.getByTestId('play').click();
	// while playing, neither side is ever more than the start of one round ahead of the other
	let screenshot = false;
	for (let i = 0; i < 80; i++) {
		const [a, b] = [await roundOf(sides.nth(0)), await roundOf(sides.nth(1))];
		expect(Math.abs(a - b), `rounds ${a} and ${b}`).toBeLessThanOrEqual(1);
		if (!screenshot && a >= 3) {
			await page.screenshot({ path: 'test-results/annotate-side-by-side.png', fullPage: true });
			screenshot = true;
		}
		const done = await Promise.all(
			(await sides.all()).map(async (s) =>
				((await s.getByTestId('caption').textContent()) ?? '').includes('Done.')
			)
		);
		if (done.every(Boolean)) break;
		await page.waitForTimeout(250);
	}
	for (const s of await sides.all()) {
		await expect(s.getByTestId('caption')).toContainText('Round 4 of 4 done', {
			timeout: 60_000
		});
		await expect(s).toHaveAttribute('data-round', '4');
	}
	// a note pinned on side A's chart, as in a cell: a click picks the point
	const chartA = sides.nth(0).getByTestId('metrics-chart').locator('canvas');
	const boxA = await chartA.boundingBox();
	if (!boxA) throw new Error('no chart on side A');
	await chartA.click({ position: { x: boxA.width * 0.9, y: boxA.height * 0.3 } });
	await sides.nth(0).getByTestId('note-text').fill(NOTE);
	await sides.nth(0).getByTestId('note-pin').click();
	await expect(sides.nth(0).getByTestId('note')).toContainText(NOTE);

	// Share & export: both charts as one figure (PNG, SVG), both runs' metrics in one CSV
	const save = async (kind: 'png' | 'svg' | 'csv') => {
		if (!(await page.getByTestId('compare-share-panel').isVisible()))
			await page.getByTestId('compare-share').click();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId(`compare-${kind}`).click()
		]);
		return readFile(await download.path());
	};
	expect((await save('png')).subarray(1, 4).toString()).toBe('PNG');
	const svg = (await save('svg')).toString('utf8');
	expect(svg).toContain('>A: Local epochs E = 2</text>');
	expect(svg).toContain('>B: Local epochs E = 1</text>');
	expect(svg.match(/<svg\b/g)).toHaveLength(3);
	expect(svg.match(/class="note"/g)).toHaveLength(1);
	const csv = (await save('csv')).toString('utf8').trim().split('\n');
	expect(csv[0]).toMatch(/^side,[^,]+,run,label,ghost,round,/);
	for (const side of ['A', 'B'])
		expect(csv.filter((r) => r.startsWith(`${side},`)).length, side).toBeGreaterThanOrEqual(4);

	// one Step after the end starts both again, together
	await page.getByTestId('step').click();
	for (const s of await sides.all())
		await expect(s.getByTestId('caption')).toContainText('Round 1 of 4 done', { timeout: 60_000 });
	expect(errors).toEqual([]);
});
