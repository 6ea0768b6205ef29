/**
 * Accessibility: axe-core (WCAG 2.x A/AA rules and best practices) on every page in the light and
 * the dark theme, with no violation of any impact (minor included); the cell's popups (Share
 * panel, shortcuts list) with 0 serious or critical ones; and on a 360 px phone, touch targets of at least 44 × 44 px for the transport
 * controls and every checkbox, and a Share panel that never covers its own button.
 *
 * The theme is chosen the way a reader's choice is kept (`dlp:theme` in localStorage, read by
 * app.html before the first paint), then switched with the header's theme button.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CHAPTERS } from '../src/lib/state/chapters';
import { FAST, openCell } from './helpers';

/** Every page: the home page, every chapter (the Lab and the classroom chapter are listed
 * there), the side-by-side comparison, the student's join page and the 404 page. */
const PAGES = [
	{ name: 'home', path: './' },
	...CHAPTERS.map((c) => ({ name: c.slug, path: `${c.slug}/?backend=wasm` })),
	{ name: 'compare', path: 'compare/?backend=wasm' },
	{ name: 'classroom join', path: 'classroom/join/' },
	{ name: '404', path: 'no-such-page/' }
];

/**
 * Serious and critical violations (`every`: of any impact), one line each with the elements they
 * hit; `label` prints a summary line (rules passed, violations of every impact) for the record.
 */
async function seriousViolations(
	page: Page,
	include?: string,
	label?: string,
	every = false
): Promise<string[]> {
	let builder = new AxeBuilder({ page });
	if (include) builder = builder.include(include);
	const { violations, passes } = await builder.analyze();
	if (label) {
		const other = violations.map((v) => `${v.impact} ${v.id} ×${v.nodes.length}`).join(', ');
		console.log(`axe ${label}: ${passes.length} rules pass; violations: ${other || 'none'}`);
	}
	return violations
		.filter((v) => every || v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.impact} ${v.id}: ${v.help} — ${v.nodes
					.slice(0, 5)
					.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' '))
					.join(' | ')}${v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : ''}`
		);
}

/** Waits until every live cell on the page has built its first run. */
async function cellsReady(page: Page): Promise<void> {
	const cells = page.getByTestId('live-cell');
	const n = await cells.count();
	for (let i = 0; i < n; i++)
		await expect(cells.nth(i)).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
}

for (const p of PAGES) {
	test(`axe: ${p.name}, light and dark theme: no violations`, async ({ page }) => {
		await page.addInitScript(() => {
			// the first visit only: the theme button's choice must survive the reload below
			if (!sessionStorage.getItem('a11y-test')) {
				sessionStorage.setItem('a11y-test', '1');
				localStorage.setItem('dlp:theme', 'light');
			}
		});
		await page.goto(p.path);
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
		await cellsReady(page);
		const light = await seriousViolations(page, undefined, `${p.name} light`, true);

		// light → dark with the header's button; the choice is kept across a reload
		await page.getByTestId('theme-toggle').click();
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
		await cellsReady(page);
		const dark = await seriousViolations(page, undefined, `${p.name} dark`, true);

		expect({ light, dark }).toEqual({ light: [], dark: [] });
	});
}

test("axe: a cell's Share panel and shortcuts list, in both themes", async ({ page }) => {
	for (const theme of ['light', 'dark'] as const) {
		await page.addInitScript((t) => localStorage.setItem('dlp:theme', t), theme);
		await openCell(page, 'lab/', FAST);
		await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
		const cell = page.getByTestId('live-cell').first();

		await cell.getByTestId('share-menu').click();
		await expect(cell.getByTestId('share-panel')).toBeVisible();
		expect(
			await seriousViolations(page, '[data-testid="share-panel"]'),
			`Share panel, ${theme}`
		).toEqual([]);
		await page.keyboard.press('Escape');

		await cell.getByRole('button', { name: 'Keyboard shortcuts' }).click();
		await expect(cell.getByTestId('shortcuts')).toBeVisible();
		expect(await seriousViolations(page, 'dialog'), `shortcuts, ${theme}`).toEqual([]);
		await page.keyboard.press('Escape');
		await expect(cell.getByTestId('shortcuts')).toBeHidden();
	}
});

test('the check can fail: axe flags the old --faint (3.2 : 1: “Try”, the clock’s small caps)', async ({
	page
}) => {
	await page.addInitScript(() => localStorage.setItem('dlp:theme', 'light'));
	await openCell(page, 'federated-averaging/', FAST);
	await page.addStyleTag({ content: ':root { --faint: #8b919a !important; }' });
	const found = await seriousViolations(page, '[data-testid="live-cell"]');
	expect(found.join('\n')).toMatch(/color-contrast/);
});

/** The box a finger hits: a checkbox's enclosing label when there is one, else the element. */
async function targetBox(el: Locator): Promise<{ w: number; h: number; what: string }> {
	return el.evaluate((node) => {
		const target = node.closest('label') ?? node;
		const r = target.getBoundingClientRect();
		const name =
			node.getAttribute('aria-label') ??
			node.getAttribute('data-testid') ??
			(node.closest('label')?.textContent ?? node.textContent ?? '').trim().slice(0, 30);
		return { w: r.width, h: r.height, what: `${node.tagName.toLowerCase()} “${name}”` };
	});
}

test.describe('on a 360 px phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

	test('transport controls and checkboxes are at least 44 × 44 px', async ({ page }) => {
		await openCell(page, 'lab/', FAST);
		const cell = page.getByTestId('live-cell').first();
		const transport = cell.getByRole('toolbar', { name: 'Run controls' });
		const targets = [
			...(await transport.getByRole('button').all()),
			transport.getByRole('slider', { name: 'Speed', exact: true }),
			transport.getByRole('textbox', { name: 'Seed' }),
			...(await cell.getByTestId('controls').locator('input[type="checkbox"]').all())
		];
		// the Lab shows every field: the batch size's "all" box among them
		await expect(cell.getByTestId('controls').getByText('all', { exact: true })).toBeVisible();
		await cell.getByTestId('share-menu').click();
		targets.push(
			...(await cell.getByTestId('share-panel').locator('input[type="checkbox"]').all())
		);
		expect(targets.length).toBeGreaterThan(8);
		const small: string[] = [];
		for (const t of targets) {
			if (!(await t.isVisible())) continue;
			const b = await targetBox(t);
			if (b.w < 43.5 || b.h < 43.5) small.push(`${b.what}: ${b.w.toFixed(0)} × ${b.h.toFixed(0)}`);
		}
		expect(small).toEqual([]);
	});

	test('the Share panel opens below its button, never over it', async ({ page }) => {
		await openCell(page, 'lab/', FAST);
		const cell = page.getByTestId('live-cell').first();
		const button = cell.getByTestId('share-menu');
		await button.click();
		const panel = cell.getByTestId('share-panel');
		await expect(panel).toBeVisible();
		const b = await button.boundingBox();
		const p = await panel.boundingBox();
		if (!b || !p) throw new Error('no boxes');
		const overlap =
			Math.min(b.x + b.width, p.x + p.width) > Math.max(b.x, p.x) &&
			Math.min(b.y + b.height, p.y + p.height) > Math.max(b.y, p.y);
		expect(overlap, `button ${JSON.stringify(b)}, panel ${JSON.stringify(p)}`).toBe(false);
		// and the panel fits the phone's width
		expect(p.x).toBeGreaterThanOrEqual(0);
		expect(p.x + p.width).toBeLessThanOrEqual(360);
		// the button still closes it
		await button.click();
		await expect(panel).toBeHidden();
	});
});
