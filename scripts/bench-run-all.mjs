/**
 * Times "Run all" of the async chapter's cell in Chromium: opens `<base>/waiting-for-nobody/?<query>`,
 * waits for the cell's first run to be built, clicks "Run all" and waits until every preset has
 * run (the button comes back, or the batch's result list with its time appears). Prints one JSON
 * line with the wall seconds. Usage (a preview server of a build must be running at `base`):
 *   node scripts/bench-run-all.mjs http://localhost:4391 'backend=wasm'
 */
import { chromium } from '@playwright/test';

const [base = 'http://localhost:4173', query = 'backend=wasm'] = process.argv.slice(2);
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-dev-shm-usage']
});
try {
	const page = await browser.newPage();
	await page.goto(`${base}/waiting-for-nobody/?${query}`);
	const cell = page.getByTestId('live-cell').first();
	await cell.waitFor();
	await page.waitForFunction(
		() =>
			document.querySelector('[data-testid="live-cell"]')?.getAttribute('data-state') === 'ready',
		null,
		{ timeout: 300_000 }
	);
	const cores = await page.evaluate(() => navigator.hardwareConcurrency);
	const t0 = Date.now();
	await page.getByTestId('compare-all').click();
	await page.getByTestId('compare-runs').getByRole('status').waitFor();
	// done: the status line is gone (the queue is idle again)
	await page
		.getByTestId('compare-runs')
		.getByRole('status')
		.waitFor({ state: 'detached', timeout: 3_600_000 });
	const seconds = (Date.now() - t0) / 1000;
	const ghosts = (await page.getByTestId('clear-ghosts').textContent())?.trim();
	const time = await page
		.getByTestId('compare-time')
		.textContent({ timeout: 1000 })
		.catch(() => null);
	console.log(JSON.stringify({ base, query, cores, seconds, ghosts, batch: time?.trim() ?? null }));
} finally {
	await browser.close();
}
