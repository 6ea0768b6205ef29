import { expect, test } from '@playwright/test';
import { FAST, captionAccuracy, captionRound, histograms, openCell, particles } from './helpers';

test('FedAvg trains: accuracy above chance, one node per client, particles on the move', async ({
	page
}) => {
	await openCell(page, 'federated-averaging/', `${FAST}&K=8&C=0.5&rounds=3`);
	await expect(page.getByTestId('client-node')).toHaveCount(8);
	await page.getByTestId('play').click();

	// particles appear and move along their links (the canvas layer reports their positions)
	await expect
		.poll(async () => (await particles(page)).length, { timeout: 30_000 })
		.toBeGreaterThan(0);
	const positions = new Set<string>();
	for (let i = 0; i < 30 && positions.size < 3; i++) {
		const now = await particles(page);
		if (now.length) positions.add(now.map((p) => `${p.x},${p.y}`).join(';'));
		await page.waitForTimeout(150);
	}
	expect(positions.size, 'particles move between frames').toBeGreaterThanOrEqual(3);

	// four classes: chance is 25 %
	await expect(page.getByTestId('caption')).toContainText('Round 3 of 3', { timeout: 60_000 });
	const acc = await captionAccuracy(page);
	expect(acc).not.toBeNull();
	expect(acc as number).toBeGreaterThan(0.5);
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished');
});

test('step runs exactly one round and the graph summarises a run that races ahead', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=5&C=1&rounds=6&speed=32`);
	await page.getByTestId('step').click();
	await expect.poll(() => captionRound(page), { timeout: 30_000 }).toBe(1);
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'paused');
	await page.waitForTimeout(500);
	expect(await captionRound(page)).toBe(1);
	// a fast run with fast animation reaches the end: the playhead keeps up or jumps
	await page.getByTestId('play').click();
	await expect(page.getByTestId('caption')).toContainText('Round 6 of 6', { timeout: 60_000 });
});

test('changing α redraws the client histograms', async ({ page }) => {
	await openCell(page, 'when-clients-differ/', `${FAST}&K=6&split=dirichlet&alpha=100`);
	const before = await histograms(page);
	expect(before).toHaveLength(6);
	const maxShare = (h: number[][]) =>
		h.reduce((s, c) => s + Math.max(...c) / c.reduce((a, b) => a + b, 0), 0) / h.length;
	// α = 100: every client close to the overall mix (4 classes, ~25 % each)
	expect(maxShare(before)).toBeLessThan(0.45);

	const first = page.getByTestId('live-cell').first();
	const alpha = first.getByRole('textbox', { name: 'Label skew α value' });
	await alpha.fill('0.05');
	await alpha.press('Enter');
	await expect
		.poll(async () => JSON.stringify(await histograms(page)))
		.not.toBe(JSON.stringify(before));
	// α = 0.05: most clients hold nearly one class
	expect(maxShare(await histograms(page))).toBeGreaterThan(0.6);

	// the slider drives the same value
	await first.getByRole('slider', { name: 'Label skew α' }).fill('1000');
	await expect(alpha).toHaveValue('100');
});

test('changing a setting mid-run offers a restart and keeps the old run as a ghost', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=20&speed=0.25`);
	await page.getByTestId('play').click();
	await expect.poll(() => captionRound(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
	const rounds = page.getByRole('textbox', { name: 'Rounds value' });
	await rounds.fill('2');
	await rounds.press('Enter');
	const offer = page.getByTestId('restart-offer');
	await expect(offer).toBeVisible();
	await offer.getByRole('button', { name: 'Restart' }).click();
	await expect(offer).toBeHidden();
	await expect(page.getByTestId('clear-ghosts')).toContainText('1 earlier run');
	await expect(page.getByTestId('caption')).toContainText('of 2', { timeout: 30_000 });
	await page.getByTestId('clear-ghosts').click();
	await expect(page.getByTestId('clear-ghosts')).toBeHidden();
});

test('presentation mode: full-screen cell, keyboard shortcuts, shortcut list', async ({ page }) => {
	await openCell(page, 'federated-averaging/', `${FAST}&K=4&rounds=2`);
	await page.getByTestId('present').click();
	const cell = page.getByTestId('live-cell');
	await expect(cell).toHaveClass(/presenting/);
	await expect(page).toHaveURL(/present=1/);
	const box = await cell.boundingBox();
	const viewport = page.viewportSize();
	expect(box?.width).toBeGreaterThanOrEqual((viewport?.width ?? 0) - 1);
	expect(box?.height).toBeGreaterThanOrEqual((viewport?.height ?? 0) - 1);
	await page.keyboard.press('?');
	const dialog = page.getByTestId('shortcuts');
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Close' }).click();
	await expect(dialog).toBeHidden();
	await cell.focus();
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => captionRound(page), { timeout: 30_000 }).toBe(1);
	await page.keyboard.press(' ');
	await expect(page.getByTestId('caption')).toContainText('Round 2 of 2', { timeout: 30_000 });
	await page.keyboard.press('p');
	await expect(cell).not.toHaveClass(/presenting/);
});
