import { expect, test } from '@playwright/test';
import { CHAPTERS as LIST } from '../src/lib/state/chapters';

/** Every chapter of the table of contents (a new chapter is tested as soon as it is listed). */
const CHAPTERS = LIST.map((c) => ({ path: `${c.slug}/`, title: c.title }));

test('the home page lists every chapter and links to it', async ({ page }) => {
	await page.goto('./');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'Distributed Learning Playground'
	);
	const links = page.getByTestId('toc-link');
	await expect(links).toHaveCount(CHAPTERS.length);
	for (const [i, c] of CHAPTERS.entries()) await expect(links.nth(i)).toContainText(c.title);
	await links.nth(1).click();
	await expect(page).toHaveURL(/federated-averaging\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Federated averaging');
});

// the classroom chapter has no simulated cell: its own tests are in classroom.e2e.ts
for (const c of CHAPTERS.filter((ch) => !ch.path.includes('classroom'))) {
	test(`chapter “${c.title}” opens with a working live cell`, async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(`${c.path}?backend=wasm`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(c.title);
		const cell = page.getByTestId('live-cell').first();
		await expect(cell).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
		await expect(cell.getByTestId('network-graph')).toBeVisible();
		await expect(cell.getByTestId('metrics-chart')).toBeVisible();
		await expect(cell.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
		await expect(cell.getByTestId('caption')).toContainText('Press play');
		// every control is labelled
		for (const input of await cell.locator('input[type=range]').all()) {
			const label = await input.evaluate(
				(el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? ''
			);
			expect(label.trim().length).toBeGreaterThan(0);
		}
		expect(errors).toEqual([]);
	});
}

test('chapters fit a 360 px wide phone without sideways scrolling', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	for (const c of CHAPTERS) {
		await page.goto(`${c.path}?backend=wasm`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, c.path).toBeLessThanOrEqual(0);
	}
});

test('next and previous links walk through the chapters', async ({ page }) => {
	await page.goto('why/?backend=wasm');
	await page.getByRole('link', { name: /Next/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Federated averaging');
	await page.getByRole('link', { name: /Previous/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Why learn where the data lives'
	);
});

test('the theme switch toggles light and dark and remembers the choice', async ({ page }) => {
	await page.goto('./');
	const toggle = page.getByTestId('theme-toggle');
	await toggle.click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
	await toggle.click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bg);
});
