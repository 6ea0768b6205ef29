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
