/**
 * Chapter 6, "Cutting the model in two": split learning trains in the browser; the graph shows
 * smashed data and gradients one client at a time (clients take turns) and several at once
 * (SplitFed); moving the cut redraws the model stack and the cost table.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { particles } from './helpers';

/**
 * 2-D blobs and a small three-layer MLP: a round takes well under a second of real training. One
 * round only, so the animation plays it out instead of jumping to where the engine has got to.
 */
const FAST = 'data=blobs&hidden=32,16&cut=2&B=16&rounds=1&backend=wasm';

/** Opens the chapter with `query` for its first cell and waits until that cell's run is built. */
async function openChapter(page: Page, query: string): Promise<Locator> {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`cutting-the-model/?${query}`);
	const cell = page.getByTestId('live-cell').first();
	await expect(cell).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
	await expect(cell.getByTestId('client-node').first()).toBeVisible();
	expect(errors, 'no uncaught errors while loading').toEqual([]);
	return cell;
}

/**
 * Samples the cell's smashed-data and gradient particles for a while: the most clients seen
 * exchanging with the server at one instant, and every client seen doing so.
 */
async function watchExchanges(
	cell: Locator,
	ms: number
): Promise<{ maxAtOnce: number; clients: Set<string>; kinds: Set<string> }> {
	const clients = new Set<string>();
	const kinds = new Set<string>();
	let maxAtOnce = 0;
	const end = Date.now() + ms;
	while (Date.now() < end) {
		const now = (await particles(cell))
			.filter((p) => p.kind === 'smashed' || p.kind === 'gradient')
			.map((p) => ({ kind: p.kind, client: String(p.from === 'server' ? p.to : p.from) }));
		const atOnce = new Set(now.map((p) => p.client));
		maxAtOnce = Math.max(maxAtOnce, atOnce.size);
		for (const p of now) {
			clients.add(p.client);
			kinds.add(p.kind);
		}
		await cell.page().waitForTimeout(120);
	}
	return { maxAtOnce, clients, kinds };
}

test('split learning trains one client at a time; SplitFed trains them all at once', async ({
	page
}) => {
	const cell = await openChapter(page, `${FAST}&algo=split&handoff=server&K=4&speed=4`);
	await expect(cell.getByTestId('client-node')).toHaveCount(4);
	await cell.getByTestId('play').click();
	const turns = await watchExchanges(cell, 9_000);
	expect([...turns.kinds].sort()).toEqual(['gradient', 'smashed']);
	expect(turns.maxAtOnce, 'clients take turns').toBe(1);
	expect(turns.clients.size, 'the turn moves on to the next client').toBeGreaterThanOrEqual(2);
	// the run finishes and learns (four classes: chance is 25 %)
	await expect(cell.getByTestId('caption')).toContainText('Round 1 of 1', { timeout: 90_000 });
	const text = (await cell.getByTestId('caption').textContent()) ?? '';
	expect(Number(/accuracy ([\d.]+) %/.exec(text)?.[1])).toBeGreaterThan(50);

	await openChapter(page, `${FAST}&algo=splitfed&sfv=v1&K=4&C=1&speed=1`);
	const fed = page.getByTestId('live-cell').first();
	await fed.getByTestId('play').click();
	const parallel = await watchExchanges(fed, 6_000);
	expect(parallel.maxAtOnce, 'SplitFed clients exchange at the same time').toBeGreaterThanOrEqual(
		2
	);
});

test('moving the cut redraws the model stack and the cost table', async ({ page }) => {
	const cell = await openChapter(page, FAST);
	const stack = cell.getByTestId('model-stack');
	const costs = cell.getByTestId('costs-table');
	await expect(stack).toHaveAttribute('data-cut', '2');
	await expect(stack.locator('[data-side=head]')).toHaveCount(2);
	const before = await costs.textContent();
	const clientFlops = async () =>
		(await costs.locator('[data-key=client-flops] [data-col=split]').textContent()) ?? '';
	const flopsAt2 = await clientFlops();

	await cell.getByTestId('cut-slider').fill('1');
	await expect(stack).toHaveAttribute('data-cut', '1');
	await expect(stack.locator('[data-side=head]')).toHaveCount(1);
	await expect(stack.locator('[data-side=tail]')).toHaveCount(2);
	await expect.poll(() => costs.textContent()).not.toBe(before);
	expect(await clientFlops()).not.toBe(flopsAt2);
	// the cut is the scenario's: the link carries it
	await expect.poll(() => new URL(page.url()).searchParams.get('cut')).toBe('1');
});
