/** Share & export → "Flower app (.zip)": the page zips the same app as `npm run export:flower`. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { FAST, openCell } from './helpers';

test('the Flower app zip holds the app and the scenario; an async scenario is refused by name', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&seed=5`);
	await page.getByTestId('share-menu').click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-flower').click()
	]);
	expect(download.suggestedFilename()).toBe('lab-seed5-flower-app.zip');
	const files = unzipSync(new Uint8Array(await readFile(await download.path())));
	const names = Object.keys(files);
	const root = (names[0] ?? '').split('/')[0];
	for (const f of ['pyproject.toml', 'playground_app/server_app.py', 'playground_app/plan.json'])
		expect(names).toContain(`${root}/${f}`);
	const scenario = JSON.parse(
		strFromU8(files[`${root}/playground_app/scenario.json`] as Uint8Array)
	);
	expect(scenario.seed).toBe(5);
	expect(scenario.dataset).toBe('blobs');

	await openCell(page, 'lab/', `${FAST}&algo=fedasync`);
	await page.getByTestId('share-menu').click();
	await page.getByTestId('export-flower').click();
	await expect(page.getByTestId('flower-refused')).toContainText('algorithm.kind = "fedasync"');
});
