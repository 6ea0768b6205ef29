/**
 * Presentation mode and the page-wide keyboard shortcuts: the graph and the chart take a
 * 1280 × 720 screen with the controls folded (a button and C unfold them); Escape with a
 * client's card or the shortcuts list open closes that first, then leaves presentation mode; the keys work with
 * the focus anywhere on the page but in a text field; on a page with several cells they drive the
 * cell last clicked while it is in view, else the one most in view.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { captionRound, FAST, openCell } from './helpers';

/** Nothing focused: the keys land on the page's body. */
async function blur(page: Page): Promise<void> {
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function presenting(cell: Locator): Promise<boolean> {
	return cell.evaluate((el) => el.classList.contains('presenting'));
}

test.use({ viewport: { width: 1280, height: 720 } });

test('presentation mode: graph and chart fill the screen, controls fold, Esc closes the list first', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=6&rounds=20&speed=8`);
	const cell = page.getByTestId('live-cell').first();

	// a text field keeps its keys: P typed in the seed box does not present
	const seed = cell.getByRole('textbox', { name: 'Seed' });
	await seed.focus();
	await page.keyboard.press('p');
	expect(await presenting(cell)).toBe(false);
	await expect(seed).toHaveValue(/p$/);
	await page.keyboard.press('Backspace');

	// focus on nothing (the page's body): P presents
	await blur(page);
	await page.keyboard.press('p');
	await expect(cell).toHaveClass(/presenting/);

	// folded: no settings, no presets; the graph and the chart side by side, on screen
	await expect(cell.getByTestId('controls')).toBeHidden();
	const graph = await cell.getByTestId('network-graph').boundingBox();
	const chart = await cell.getByTestId('metrics-chart').boundingBox();
	if (!graph || !chart) throw new Error('graph or chart not drawn');
	expect(graph.y + graph.height).toBeLessThanOrEqual(720);
	expect(chart.y + chart.height).toBeLessThanOrEqual(720);
	expect(chart.height, 'the chart takes the height the screen leaves').toBeGreaterThan(360);
	expect(graph.width + chart.width).toBeGreaterThan(1100);
	// the caption with its clock line fits too
	const clock = await cell.getByTestId('clock').boundingBox();
	expect((clock?.y ?? 1e9) + (clock?.height ?? 0)).toBeLessThanOrEqual(720);

	// run a few rounds so the screenshot shows a live run
	await page.keyboard.press('Space');
	await expect.poll(() => captionRound(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
	// PRESENTATION_SHOT=<file> keeps a copy outside test-results (which every run clears)
	await page.screenshot({
		path: process.env.PRESENTATION_SHOT ?? 'test-results/presentation-1280x720.png'
	});
	await page.keyboard.press('Space');

	// C (and the button) unfold the controls at the side, and fold them again
	await page.keyboard.press('c');
	await expect(cell.getByTestId('controls')).toBeVisible();
	await expect(cell.getByTestId('present-controls')).toHaveAttribute('aria-expanded', 'true');
	await cell.getByTestId('present-controls').click();
	await expect(cell.getByTestId('controls')).toBeHidden();

	// Esc with a client's card pinned (paused, click on the node): the card closes, presentation
	// stays
	await cell.locator('[data-testid="client-node"][data-client="1"]').click();
	await expect(page.getByTestId('client-details')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('client-details')).toBeHidden();
	await expect(cell).toHaveClass(/presenting/);
	// the pointer off the graph: a card shown by hover would take the next Esc first
	await page.mouse.move(2, 2);

	// Esc with the shortcuts list open: the list closes, presentation stays …
	await blur(page);
	await page.keyboard.press('?');
	const dialog = cell.getByTestId('shortcuts');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByTestId('shortcuts-scope')).toContainText('last clicked');
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	// … and keys work again at once: a second Esc leaves presentation mode
	await page.keyboard.press('Escape');
	await expect(cell).not.toHaveClass(/presenting/);
	await expect(dialog).toBeHidden();
	await expect(cell.getByTestId('controls')).toBeVisible();
});

test('shortcuts work from anywhere on the page and drive the right cell', async ({ page }) => {
	// chapter 3 holds three cells
	await page.goto('when-clients-differ/?backend=wasm');
	const cells = page.getByTestId('live-cell');
	await expect(cells).toHaveCount(3);
	for (const i of [0, 1]) await expect(cells.nth(i)).toHaveAttribute('data-state', 'ready');
	const dialogOf = (i: number) => cells.nth(i).getByTestId('shortcuts');

	// the second cell most in view, none clicked: ? opens the second cell's list
	await cells.nth(1).scrollIntoViewIfNeeded();
	await cells.nth(1).evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await blur(page);
	await page.keyboard.press('?');
	await expect(dialogOf(1)).toBeVisible();
	await expect(dialogOf(0)).toBeHidden();
	await page.keyboard.press('Escape');
	await expect(dialogOf(1)).toBeHidden();

	// click the first cell, scroll so both show a part, blur: the first (last used) is driven
	await cells.nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await cells.nth(0).locator('.title').click();
	await cells.nth(0).evaluate((el) => {
		const r = el.getBoundingClientRect();
		// the first cell's bottom 300 px on screen, the second cell below it
		window.scrollBy(0, r.height - 300);
	});
	await blur(page);
	await page.keyboard.press('?');
	await expect(dialogOf(0)).toBeVisible();
	await expect(dialogOf(1)).toBeHidden();
	await page.keyboard.press('Escape');

	// the first cell scrolled out of view: the keys go to the cell most in view
	await cells.nth(1).evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await blur(page);
	await page.keyboard.press('?');
	await expect(dialogOf(1)).toBeVisible();
	await expect(dialogOf(0)).toBeHidden();
	await page.keyboard.press('Escape');
});

test('→ steps the cell with the focus outside it (on a prose link)', async ({ page }) => {
	await openCell(page, 'federated-averaging/', FAST);
	const cell = page.getByTestId('live-cell').first();
	await cell.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	// a focused link outside the cell (the header's brand link): the key is the page's
	await page.getByRole('banner').getByRole('link').first().focus();
	await page.keyboard.press('ArrowRight');
	await expect
		.poll(async () => Number(await cell.getByTestId('clock').getAttribute('data-t')), {
			timeout: 60_000
		})
		.toBeGreaterThan(0);
});
