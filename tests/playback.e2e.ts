import { expect, test, type Page } from '@playwright/test';
import { FAST, captionRound, openCell } from './helpers';

/** The playhead, simulated seconds. */
async function playhead(page: Page): Promise<number> {
	return Number(await page.getByTestId('clock').getAttribute('data-t'));
}

/** Simulated seconds the display advances in `ms` real milliseconds of play at `speed`. */
async function advanceIn(page: Page, speedIndex: number, ms: number): Promise<number> {
	await page.getByRole('slider', { name: 'Speed', exact: true }).fill(String(speedIndex));
	const t0 = await playhead(page);
	await page.waitForTimeout(ms);
	return (await playhead(page)) - t0;
}

test('slow motion really slows: 0.25× shows a quarter of what 1× shows, and never skips', async ({
	page
}) => {
	// a long run: the engine keeps ahead of the display at both speeds
	await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=30`);
	await page.getByTestId('play').click();
	await expect.poll(() => playhead(page), { timeout: 30_000 }).toBeGreaterThan(0.5);
	// SPEEDS = ['message', 0.25, 0.5, 1, …]: index 1 is 0.25×, index 3 is 1×
	// slow motion first, so that training has time to get a few rounds ahead of the display,
	// then 1×: the ratio is what the speed control governs, not how fast training is
	await advanceIn(page, 1, 2000);
	const slow = await advanceIn(page, 1, 3000);
	const normal = await advanceIn(page, 3, 3000);
	expect(normal, `1× advanced ${normal} s, 0.25× ${slow} s`).toBeGreaterThan(3 * slow);
	expect(slow).toBeGreaterThan(0);
	// a quarter speed never jumps ahead to catch up with training
	expect(slow).toBeLessThan(1.5);
});

test('step by phase walks send → train → upload → aggregate → evaluate, with captions', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=3&speed=32`);
	const caption = page.getByTestId('phase-caption');
	const seen: string[] = [];
	for (let i = 0; i < 5; i++) {
		const before = (await caption.textContent()) ?? '';
		await page.getByTestId('step-phase').click();
		await expect
			.poll(async () => (await caption.textContent()) ?? '', { timeout: 30_000 })
			.not.toBe(before);
		await expect(page.getByTestId('step-phase')).toBeEnabled();
		await page.waitForTimeout(300);
		seen.push((await caption.textContent()) ?? '');
	}
	// phases that happen at the same simulated instant (aggregation and evaluation; the next
	// round's send) are shown as one step: the order must hold, a phase may be merged
	const order = [
		'the server sends the model',
		'clients train',
		'updates travel',
		'the server aggregates',
		'the model is evaluated'
	];
	const phases = seen.map((s) => order.findIndex((o) => s.includes(o)));
	expect(phases.slice(0, 3), seen.join(' | ')).toEqual([1, 2, phases[2] === 3 ? 3 : 4]);
	expect(phases.every((p) => p >= 0)).toBe(true);
	expect(seen[1]).toMatch(/\d of 4 updates in/);
	// after round 1's evaluation the steps go on into round 2
	expect(seen.slice(3).some((s) => /^Round 2/.test(s))).toBe(true);
});

test('pressing Step right after pausing a finished run never freezes the cell', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=2&speed=max`);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished', {
		timeout: 60_000
	});
	await expect(page.getByTestId('play')).toContainText('Run again', { timeout: 30_000 });
	await page.getByTestId('step').click();
	// a new run that really advances
	await expect.poll(() => playhead(page), { timeout: 30_000 }).toBeGreaterThan(0);
	await expect.poll(() => captionRound(page), { timeout: 30_000 }).toBe(1);
});
