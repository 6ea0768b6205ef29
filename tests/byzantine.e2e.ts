import { expect, test, type Page } from '@playwright/test';
import { captionAccuracy, openCell, particles } from './helpers';

/**
 * Chapter 5 on a scenario that trains in a blink: 2-D blobs, a 16-unit MLP, ten clients all in
 * every round, three of them (chosen by the seed) flipping their update ×4. One second of latency
 * per message keeps the particles on screen long enough to catch.
 */
const ATTACK =
	'data=blobs&hidden=16&E=2&B=16&K=10&C=1&rounds=4&byz=0.3&attack=signFlip&flip=4&lat=1000&backend=wasm&speed=4';

/** Plays the cell's run to the end and returns its final accuracy. */
async function playToEnd(page: Page, rounds: number, started = false): Promise<number> {
	if (!started) {
		await expect(page.getByTestId('caption')).not.toContainText(`Round ${rounds} of ${rounds}`);
		await page.getByTestId('play').click();
	}
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished', {
		timeout: 60_000
	});
	await expect(page.getByTestId('caption')).toContainText(`Round ${rounds} of ${rounds}`);
	return (await captionAccuracy(page)) ?? NaN;
}

const offset = async (page: Page, rule: string) =>
	Number(
		await page.locator(`[data-testid=view-rule][data-rule=${rule}]`).getAttribute('data-offset')
	);

test('under a sign-flip attack the mean collapses, the median holds, and the 2-D view shows why', async ({
	page
}) => {
	await openCell(page, 'trust-no-one/', `${ATTACK}&agg=mean`);
	await expect(page.locator('[data-testid=client-node][data-byzantine=true]')).toHaveCount(3);
	await page.getByTestId('play').click();
	// the attackers' updates are marked in flight
	await expect
		.poll(async () => (await particles(page)).filter((p) => p.byzantine).length, {
			intervals: [50]
		})
		.toBeGreaterThan(0);
	const mean = await playToEnd(page, 4, true);
	expect(mean).toBeLessThan(0.5);

	// the view of the last round: ten updates, three of them Byzantine, each rule's landing point
	const view = page.getByTestId('updates-view');
	await expect(view).toHaveAttribute('data-round', '4');
	await expect(view.getByTestId('view-point')).toHaveCount(10);
	await expect(view.locator('[data-testid=view-point][data-byzantine=true]')).toHaveCount(3);
	await expect(view.getByTestId('view-rule')).toHaveCount(7);
	// the mean is dragged far out of the honest cloud, the median stays near it
	const meanOff = await offset(page, 'mean');
	expect(meanOff).toBeGreaterThan(2);
	expect(meanOff).toBeGreaterThan(2 * (await offset(page, 'median')));

	await page.getByRole('combobox', { name: 'Aggregation rule' }).selectOption('median');
	const median = await playToEnd(page, 4);
	expect(median).toBeGreaterThan(0.8);
	expect(median - mean).toBeGreaterThan(0.3);
});

test('an impossible rule is refused with its reason; a NaN client makes the mean diverge, not the app', async ({
	page
}) => {
	await openCell(page, 'trust-no-one/', `${ATTACK}&agg=krum`);
	await expect(page.getByTestId('robust-errors')).toHaveCount(0);
	const share = page.getByRole('textbox', { name: 'Byzantine clients value' });
	await share.fill('0.5');
	await share.press('Enter');
	const errors = page.getByTestId('robust-errors');
	await expect(errors).toContainText(
		'Krum needs n > 2f + 2 updates per round, but n = 10 and f = 5'
	);
	await expect(page.getByTestId('play')).toBeDisabled();
	await share.fill('0.3');
	await share.press('Enter');
	await expect(errors).toHaveCount(0);
	await expect(page.getByTestId('play')).toBeEnabled();

	// a broken phone sends NaN: the mean takes it in and the run stops, saying so
	await page.getByRole('combobox', { name: 'Attack' }).selectOption('faulty');
	await page.getByRole('combobox', { name: 'Aggregation rule' }).selectOption('mean');
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Training diverged in round 1', {
		timeout: 60_000
	});
	await expect(page.getByTestId('notice').filter({ hasText: 'Training diverged' })).toBeVisible();
	await expect(page.getByTestId('updates-view')).toContainText('sent non-finite values');
	// the median discards the NaN updates and trains on
	await page.getByRole('combobox', { name: 'Aggregation rule' }).selectOption('median');
	expect(await playToEnd(page, 4)).toBeGreaterThan(0.8);
});

test('“every rule against” runs one curve per rule and tabulates them', async ({ page }) => {
	test.setTimeout(360_000);
	await openCell(
		page,
		'trust-no-one/',
		ATTACK.replace('rounds=4', 'rounds=2').replace('speed=4', 'speed=32')
	);
	await page.getByRole('button', { name: 'Sign flip ×4' }).click();
	// one run per rule of the registry (the menu grows: read the count from the progress line)
	const progress = page.getByTestId('sweep-progress');
	await expect(progress).toContainText(/run 1 of \d+/);
	const rules = Number(/run 1 of (\d+)/.exec((await progress.textContent()) ?? '')?.[1]);
	expect(rules).toBeGreaterThanOrEqual(7);
	const results = page.getByTestId('sweep-results');
	await expect(results.locator('tr')).toHaveCount(rules, { timeout: 200_000 });
	await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
	const accuracy = async (rule: string) =>
		Number(/([\d.]+) %/.exec(await results.locator(`tr[data-rule=${rule}] td`).innerText())?.[1]) /
		100;
	expect(await accuracy('mean')).toBeLessThan(0.5);
	expect(await accuracy('median')).toBeGreaterThan(0.8);
});

test('the robustness heatmap runs attack × rule cells, refuses impossible ones, cancels and exports', async ({
	page
}) => {
	await openCell(page, 'trust-no-one/', `${ATTACK.replace('lat=1000', 'lat=0')}&agg=mean`);
	const heatmap = page.getByTestId('robust-heatmap');
	await heatmap.getByRole('button', { name: 'Attack × rule' }).click();
	await expect(heatmap.getByTestId('heatmap-progress')).toBeVisible();
	const table = heatmap.getByTestId('heatmap-table');
	// Bulyan cannot take three liars among ten (n ≥ 4f + 3); the backdoor needs images
	await expect(table.locator('td.refused').first()).toBeVisible();
	await expect(table.locator('tr', { hasText: 'Backdoor' }).locator('td.refused')).toHaveCount(10);
	// two real cells finish, then cancel: the run under way ends and no other starts
	await expect(table.locator('td', { hasText: '%' }).nth(1)).toBeVisible({ timeout: 60_000 });
	await heatmap.getByRole('button', { name: 'Cancel after this run' }).click();
	await expect(heatmap.getByTestId('heatmap-progress')).toBeHidden();
	await expect(heatmap.getByTestId('heatmap-worst')).toContainText('%');
	const download = page.waitForEvent('download');
	await heatmap.getByRole('button', { name: 'CSV' }).click();
	expect((await download).suggestedFilename()).toMatch(/^robustness-seed\d+-attacks\.csv$/);
});
