/** Shared steps of the browser tests: open a live cell on a small, fast scenario and read it. */
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A scenario that trains in a blink: 2-D blobs, a 16-unit MLP. One second of latency per
 * message keeps particles on screen long enough to watch at 1× speed. `backend=wasm` skips the
 * backend measurement.
 */
export const FAST = 'data=blobs&hidden=16&E=2&B=16&lat=1000&backend=wasm';

/** Opens `path?query` and waits until the cell's first run is built (its setup drawn). */
export async function openCell(page: Page, path: string, query = ''): Promise<void> {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(query ? `${path}?${query}` : path);
	// a page may hold several cells (chapter 3 has two): the tests drive the first
	const cell = page.getByTestId('live-cell').first();
	await expect(cell).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
	await expect(page.getByTestId('client-node').first()).toBeVisible();
	expect(errors, 'no uncaught errors while loading').toEqual([]);
}

/** The accuracy in the live caption (0–1), or null before the first evaluation. */
export async function captionAccuracy(page: Page): Promise<number | null> {
	const text = (await page.getByTestId('caption').textContent()) ?? '';
	const m = /accuracy ([\d.]+) %/.exec(text);
	return m ? Number(m[1]) / 100 : null;
}

/** The round the caption reports, or 0. */
export async function captionRound(page: Page): Promise<number> {
	const text = (await page.getByTestId('caption').textContent()) ?? '';
	const m = /Round (\d+) of/.exec(text);
	return m ? Number(m[1]) : 0;
}

/** Label counts of every client, as drawn in the graph. */
export async function histograms(page: Page): Promise<number[][]> {
	const counts = await page
		.getByTestId('live-cell')
		.first()
		.getByTestId('client-histogram')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-counts') ?? ''));
	return counts.map((c) => c.split(',').map(Number));
}

/** A message in flight as the graph's canvas layer reports it (`data-positions`, a few times a second). */
export interface ParticleRecord {
	kind: string;
	from: number | 'server';
	to: number | 'server';
	x: number;
	y: number;
	lost?: true;
	byzantine?: true;
}

/** The particles drawn now by every graph in `scope` (the canvas hook, not one element each). */
export async function particles(scope: Page | Locator): Promise<ParticleRecord[]> {
	const all = await scope
		.getByTestId('particles')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-positions') ?? '[]'));
	return all.flatMap((json) => JSON.parse(json) as ParticleRecord[]);
}
