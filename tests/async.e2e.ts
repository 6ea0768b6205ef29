import { expect, test, type Page } from '@playwright/test';
import { openCell } from './helpers';

/**
 * Six blob clients, two of them stragglers, coming and going every few simulated seconds, with
 * FedAsync: small enough to train in a blink, unreliable enough that clients go offline at once.
 */
const FLAKY =
	'data=blobs&hidden=16&K=6&algo=fedasync&conc=6&every=4&rounds=8' +
	'&strag=0.34&slow=5&on=3&off=3&lat=200&backend=wasm';

/** Share of the timeline's plot area (right of the client labels) that is painted. */
async function paintedShare(page: Page): Promise<number> {
	return page.getByTestId('timeline-canvas').evaluate((el) => {
		const c = el as HTMLCanvasElement;
		const ctx = c.getContext('2d');
		if (!ctx) return 0;
		const left = Math.round(c.width * 0.1);
		const { data } = ctx.getImageData(left, 0, c.width - left, Math.round(c.height * 0.8));
		let painted = 0;
		for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) painted++;
		return painted / (data.length / 4);
	});
}

const share = (page: Page, kind: string) =>
	page
		.locator(`[data-testid=timeline-share][data-kind=${kind}]`)
		.getAttribute('data-share')
		.then(Number);

test('the chapter runs: offline clients greyed, the timeline fills, time on the x axis', async ({
	page
}) => {
	await openCell(page, 'waiting-for-nobody/', FLAKY);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Waiting for nobody');
	await expect(page.getByTestId('client-node')).toHaveCount(6);
	await expect(page.getByTestId('client-timeline')).toHaveAttribute('data-rows', '6');
	await expect(page.getByTestId('metrics-chart')).toHaveAttribute('data-x-axis', 'time');
	const before = await paintedShare(page);

	await page.getByTestId('play').click();

	// with a mean of 3 s online and 3 s offline, some client is offline most of the time; read
	// its state and its look in the same frame
	const greyed = () =>
		page
			.locator('[data-testid=client-node][data-state=offline]')
			.evaluateAll((els) => els.map((el) => Number(getComputedStyle(el).opacity)));
	await expect
		.poll(
			async () => {
				const o = await greyed();
				return o.length > 0 && o.every((x) => x < 0.6);
			},
			{ message: 'offline clients appear, drawn greyed out', timeout: 30_000 }
		)
		.toBe(true);

	// the strip fills from the left as the playhead moves on
	await expect.poll(() => paintedShare(page), { timeout: 30_000 }).toBeGreaterThan(before + 0.1);
	await expect.poll(() => share(page, 'compute'), { timeout: 30_000 }).toBeGreaterThan(0.1);
	await expect.poll(() => share(page, 'offline'), { timeout: 30_000 }).toBeGreaterThan(0.05);

	await expect(page.getByTestId('caption')).toContainText('Round 8 of 8', { timeout: 90_000 });
	await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'finished');
	const total = ['compute', 'wasted', 'comm', 'idle', 'offline'].map((k) => share(page, k));
	const sum = (await Promise.all(total)).reduce((a, b) => a + b, 0);
	expect(sum).toBeCloseTo(1, 2);
});

test('“Run all” runs the presets without animation, keeps each as a ghost, and stops', async ({
	page
}) => {
	await openCell(page, 'waiting-for-nobody/', 'data=blobs&hidden=16&K=4&lat=200&backend=wasm');
	await page.getByTestId('compare-all').click();
	const status = page.getByTestId('compare-runs').getByRole('status');
	await expect(status).toContainText(/\d of 6 done, \d at a time/);
	// the first run (wait for all) is now a faded ghost on the chart
	await expect(page.getByTestId('clear-ghosts')).toContainText('earlier run', { timeout: 60_000 });
	await page.getByRole('button', { name: 'Stop after the runs under way' }).click();
	await expect(page.getByTestId('compare-all')).toBeVisible();
});
