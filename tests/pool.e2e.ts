/**
 * The browser's worker pool: a run trained on two trainer workers gives the same metrics as on
 * one (the link's `workers=`), and "Run all" on the async chapter runs the presets at full speed in
 * parallel, after which a replay in the cell ends exactly where the batch's run of it ended.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openCell } from './helpers';

const SMALL = 'data=blobs&hidden=16&E=2&B=16&lat=0&K=6&rounds=3&backend=wasm';

/** Plays the Lab's run to the end and returns its metrics CSV. */
async function metricsOf(page: Page, workers: number): Promise<{ csv: string; threads: number }> {
	await openCell(page, 'lab/', `${SMALL}&algo=fedbuff&conc=4&buf=2&seed=5&workers=${workers}`);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Round 3 of 3', { timeout: 90_000 });
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished');
	await page.getByTestId('share-menu').click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-csv').click()
	]);
	return { csv: await readFile(await download.path(), 'utf8'), threads: page.workers().length };
}

test('a run on two trainer workers gives the metrics of one (workers=1 vs workers=2)', async ({
	browser
}) => {
	const one = await metricsOf(await browser.newPage(), 1);
	const two = await metricsOf(await browser.newPage(), 2);
	expect(one.csv.trim().split('\n')).toHaveLength(4); // header and 3 rounds
	expect(two.csv).toBe(one.csv);
	// the engine worker alone, then the engine worker and its two trainer workers
	expect(one.threads).toBe(1);
	expect(two.threads).toBe(3);
});

test('“Run all” runs the presets in parallel without animation; a replay is the same run', async ({
	page
}) => {
	await openCell(
		page,
		'waiting-for-nobody/',
		'data=blobs&hidden=16&K=4&lat=200&backend=wasm&workers=2'
	);
	await page.getByTestId('compare-all').click();
	const box = page.getByTestId('compare-runs');
	await expect(box.getByRole('status')).toContainText('2 at a time');
	const results = page.getByTestId('compare-results');
	await expect(results.getByTestId('compare-replay')).toHaveCount(6, { timeout: 120_000 });
	await expect(page.getByTestId('compare-time')).toContainText('6 runs in');
	await expect(page.getByTestId('clear-ghosts')).toContainText('6 earlier runs');
	// the cell did not play meanwhile
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'ready');

	const first = results.locator('li').first();
	const batch = /: ([\d.]+) %/.exec((await first.textContent()) ?? '')?.[1];
	expect(batch).toBeDefined();
	await first.getByTestId('compare-replay').click();
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished', {
		timeout: 120_000
	});
	await expect(page.getByTestId('caption')).toContainText(`test accuracy ${batch} %`, {
		timeout: 120_000
	});
	// every evaluation (time, accuracy, loss, bytes) equals the batch's, compared exactly
	await expect(page.getByTestId('compare-replay-check')).toContainText('figure for figure');
});
