import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { FAST, captionAccuracy, openCell } from './helpers';

test('the URL carries the scenario: a copied link reproduces settings and curve', async ({
	page,
	context
}) => {
	await openCell(page, 'lab/', `${FAST}&K=5&C=1&rounds=2`);
	const seed = page.getByRole('textbox', { name: 'Seed' });
	await seed.fill('7');
	await seed.press('Enter');
	await expect(page).toHaveURL(/seed=7/);
	await expect(page).toHaveURL(/K=5/);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Round 2 of 2', { timeout: 60_000 });
	const acc = await captionAccuracy(page);
	const link = page.url();

	const other = await context.newPage();
	await openCell(other, link);
	await expect(other.getByRole('textbox', { name: 'Seed' })).toHaveValue('7');
	await expect(other.getByRole('textbox', { name: 'Clients value', exact: true })).toHaveValue('5');
	await expect(other.getByTestId('client-node')).toHaveCount(5);
	await other.getByTestId('play').click();
	await expect(other.getByTestId('caption')).toContainText('Round 2 of 2', { timeout: 60_000 });
	expect(await captionAccuracy(other)).toBe(acc);
});

test('a malformed link shows a notice, keeps the good fields and still runs', async ({ page }) => {
	await openCell(
		page,
		'lab/',
		`${FAST}&K=abc&split=dirichlet&alpha=-3&C=0.25&rounds=99999&bogus=1&hide=E,nope`
	);
	const notice = page.getByTestId('notice').first();
	await expect(notice).toContainText('not valid');
	for (const bad of ['K=abc', 'alpha=-3', 'rounds=99999', 'bogus', 'nope'])
		await expect(notice).toContainText(bad);
	await expect(page.getByRole('textbox', { name: 'Client fraction C value' })).toHaveValue('0.25');
	await expect(page.getByRole('textbox', { name: 'Clients value', exact: true })).toHaveValue('20');
	await expect(page.getByRole('textbox', { name: 'Label skew α value' })).toHaveValue('0.5');
	await expect(page.getByRole('textbox', { name: 'Local epochs E value' })).toHaveCount(0);
	await expect(page.getByTestId('client-node')).toHaveCount(20);
	await page.getByTestId('step').click();
	await expect(page.getByTestId('caption')).toContainText('Round 1 of 20', { timeout: 60_000 });
});

test('CSV export holds every visible run’s metrics', async ({ page }) => {
	await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=2&speed=32`);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Round 2 of 2', { timeout: 60_000 });
	// a second run with another seed: the first becomes a ghost
	const seed = page.getByRole('textbox', { name: 'Seed' });
	await seed.fill('3');
	await seed.press('Enter');
	await expect(page.getByTestId('caption')).toContainText('Press play', { timeout: 30_000 });
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Round 2 of 2', { timeout: 60_000 });
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished');

	await page.getByTestId('share-menu').click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-csv').click()
	]);
	expect(download.suggestedFilename()).toBe('lab-seed3-metrics.csv');
	const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
	expect(lines[0]).toBe('run,label,ghost,round,sim_time_s,accuracy,loss,bytes_up,bytes_down');
	const rows = lines.slice(1).map((l) => l.split(','));
	expect(rows).toHaveLength(4);
	expect(rows.map((r) => r[0])).toEqual(['run-1', 'run-1', 'run-2', 'run-2']);
	expect(rows.map((r) => r[3])).toEqual(['1', '2', '1', '2']);
	for (const r of rows) {
		expect(Number(r[5])).toBeGreaterThan(0.25);
		expect(Number(r[7])).toBeGreaterThan(0);
	}
});

test('scenario JSON exports, re-imports, and a bad file changes nothing', async ({ page }) => {
	await openCell(page, 'lab/', `${FAST}&K=6`);
	await page.getByTestId('share-menu').click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-json').click()
	]);
	const json = JSON.parse(await readFile(await download.path(), 'utf8'));
	expect(json).toMatchObject({ dataset: 'blobs', clients: 6, model: { hidden: [16] } });

	const clients = page.getByRole('textbox', { name: 'Clients value', exact: true });
	const bad = { ...json, clients: 0, rounds: 'many', extra: true };
	await page.getByTestId('import-file').setInputFiles({
		name: 'bad.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(bad))
	});
	const notice = page.getByTestId('notice').filter({ hasText: 'bad.json' });
	await expect(notice).toContainText('nothing was changed');
	await expect(notice).toContainText('clients');
	await expect(notice).toContainText('rounds');
	await expect(clients).toHaveValue('6');

	await page.getByTestId('import-file').setInputFiles({
		name: 'good.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify({ ...json, clients: 3 }))
	});
	await expect(clients).toHaveValue('3');
	await expect(page.getByTestId('client-node')).toHaveCount(3);
});

test('a broken data file reaches the page as a readable notice', async ({ page, context }) => {
	await context.route('**/data/mnist.bin', (route) =>
		route.fulfill({ status: 200, contentType: 'application/octet-stream', body: 'not mnist' })
	);
	await page.goto('federated-averaging/?backend=wasm');
	const notice = page.getByTestId('notice').filter({ hasText: 'mnist.bin' });
	await expect(notice).toContainText('npm install', { timeout: 60_000 });
	await expect(notice).toHaveAttribute('data-level', 'error');
});
