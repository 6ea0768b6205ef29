/**
 * Chapter 7, "What an update leaks": the worker rebuilds the client's digit from its gradient
 * (the analytic attack is exact), DLG can be stopped, the secure-aggregation demo refuses to unmask
 * below the threshold, and a DP run reports the ε it has spent.
 */
import { expect, test } from '@playwright/test';
import { FAST, openCell } from './helpers';

test('the analytic attack rebuilds the digit exactly; DLG stops on request', async ({ page }) => {
	await openCell(page, 'what-an-update-leaks/', `${FAST}&backend=wasm`);
	await page.getByTestId('inv-run').click();
	const results = page.getByTestId('inv-results');
	await expect(results).toContainText('exact', { timeout: 90_000 });
	await expect(results).toContainText('✓');

	await page.getByTestId('inv-attack').selectOption('dlg');
	await page.getByTestId('inv-run').click();
	await expect(page.getByText(/Iteration \d+/)).toBeVisible({ timeout: 60_000 });
	await page.getByTestId('inv-stop').click();
	await expect(page.getByText(/\(stopped\)/)).toBeVisible({ timeout: 30_000 });
});

test('secure aggregation refuses to unmask with fewer than t survivors', async ({ page }) => {
	await openCell(page, 'what-an-update-leaks/', FAST);
	const result = page.getByTestId('sa-result');
	await expect(result).not.toContainText('refused');
	const drops = page.getByRole('button', { name: 'Drop', exact: true });
	await drops.first().click();
	await expect(result).toContainText('removed with t shares');
	await drops.first().click();
	await drops.first().click();
	await expect(result).toContainText('refused');
});

test('a DP run reports ε after every round', async ({ page }) => {
	await openCell(page, 'what-an-update-leaks/', `${FAST}&dpsigma=1&dpclip=1&rounds=2`);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('epsilon-now')).toContainText(/After round \d+: ε = \d/, {
		timeout: 60_000
	});
});

test('the CNN can be attacked too (cosine DLG through its hand-written gradient)', async ({
	page
}) => {
	test.setTimeout(360_000);
	await openCell(page, 'what-an-update-leaks/', `${FAST}&backend=wasm`);
	await page.getByTestId('inv-model').selectOption('cnn');
	// the exact attack needs a dense first layer: the panel switches to the cosine attack
	await expect(page.getByTestId('inv-attack')).toHaveValue('cosine');
	await page.getByTestId('inv-run').click();
	await expect(page.getByText(/Iteration \d+/)).toBeVisible({ timeout: 90_000 });
	await page.getByTestId('inv-stop').click();
	await expect(page.getByText(/\(stopped\)/)).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('inv-results')).toContainText('dB');
});

test('the cut layer: the server rebuilds digits from the smashed data, cut by cut', async ({
	page
}) => {
	test.setTimeout(360_000);
	await openCell(page, 'what-an-update-leaks/', `${FAST}&backend=wasm`);
	const fig = page.getByTestId('cut-inversion');
	await fig.getByRole('radio', { name: 'Untrained' }).check({ force: true });
	await fig.getByTestId('cutinv-run').click();
	await expect(fig.getByText(/Cut 1: iteration \d+ of/)).toBeVisible({ timeout: 120_000 });
	await fig.getByTestId('cutinv-stop').click();
	// the interrupted cut is scored as far as it got
	await expect(fig.locator('td[data-cut="1"]').first()).toContainText(/dB|exact/, {
		timeout: 60_000
	});
	await expect(fig.getByText(/\(stopped\)/)).toBeVisible();
});

test('the σ sweep plays real runs, can be stopped, and draws accuracy against ε', async ({
	page
}) => {
	test.setTimeout(360_000);
	await openCell(page, 'what-an-update-leaks/', FAST);
	const start = page.getByTestId('sigma-sweep-start');
	const progress = page.getByTestId('sigma-sweep-progress');
	await start.click();
	await expect(progress).toContainText('Run 1 of 5');
	await page.getByTestId('sigma-sweep-stop').click();
	await expect(progress).toHaveCount(0);

	await start.click();
	const results = page.getByTestId('sigma-sweep-results');
	await expect(results.locator('tr[data-sigma="4"]')).toContainText('%', { timeout: 240_000 });
	await expect(results.locator('tr[data-sigma="off"] td').first()).toHaveText('—');
	await expect(results.locator('tr[data-sigma="1"] td').first()).toHaveText(/^\d+\.\d\d$/);
	await expect(page.getByRole('img', { name: /Final test accuracy against ε/ })).toBeVisible();
});
