import { expect, test, type Page } from '@playwright/test';
import { FAST, openCell, particles, type ParticleRecord } from './helpers';

/** A particle's place on the page (the canvas reports it in the graph's viewBox units). */
async function onPage(page: Page, p: ParticleRecord): Promise<{ x: number; y: number }> {
	return page
		.getByTestId('network-graph')
		.first()
		.evaluate(
			(el, at) => {
				const svg = el as SVGSVGElement;
				const b = svg.getBoundingClientRect();
				const vb = svg.viewBox.baseVal;
				return {
					x: b.left + (at.x / vb.width) * b.width,
					y: b.top + (at.y / vb.height) * b.height
				};
			},
			{ x: p.x, y: p.y }
		);
}

/** The particles of the first graph that lie off every node (a pointer there is on the message). */
async function openParticles(
	page: Page
): Promise<{ p: ParticleRecord; at: { x: number; y: number } }[]> {
	const nodes = await page
		.locator('[data-testid="client-node"], [data-testid="server-node"]')
		.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
	const out = [];
	for (const p of await particles(page.getByTestId('live-cell').first())) {
		const at = await onPage(page, p);
		const covered = nodes.some(
			(r) => at.x >= r.left - 2 && at.x <= r.right + 2 && at.y >= r.top - 2 && at.y <= r.bottom + 2
		);
		if (!covered) out.push({ p, at });
	}
	return out;
}

test('a paused message opens its card; a paused client pins its card with its loss curve', async ({
	page
}) => {
	await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=3&speed=0.25`);
	const cell = page.getByTestId('live-cell').first();
	await page.getByTestId('play').click();
	// pause with updates mid-flight
	await expect
		.poll(async () => (await openParticles(page)).filter((x) => x.p.kind === 'update').length, {
			timeout: 60_000,
			intervals: [100]
		})
		.toBeGreaterThan(0);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('play')).not.toContainText('Pause');
	await page.waitForTimeout(400); // the canvas hook refreshes 10 times a second
	const flying = await openParticles(page);
	const hit = flying.find((x) => x.p.kind === 'update') ?? flying[0];
	expect(hit, 'a particle off the nodes').toBeTruthy();
	if (!hit) return;
	const { p, at } = hit;

	// hover: the card says what the message is, from whom to whom, and its size
	await page.mouse.move(at.x, at.y);
	const card = page.getByTestId('message-card');
	await expect(card).toBeVisible();
	const route = `${p.from === 'server' ? 'server' : `client ${p.from}`} → ${p.to === 'server' ? 'server' : `client ${p.to}`}`;
	await expect(card.getByTestId('message-route')).toHaveText(route);
	await expect(card.getByTestId('message-kind')).toHaveText(
		p.kind === 'update' ? 'Client update' : /\w/
	);
	await expect(card.getByTestId('message-size')).toContainText(/\d+(\.\d+)? k?B/);
	await expect(card.getByTestId('message-sent')).toContainText(' s');
	await expect(card).toContainText('in flight');

	// a click pins it: it stays when the pointer leaves, paused; Esc closes it
	await page.mouse.click(at.x, at.y);
	await expect(card).toHaveAttribute('role', 'dialog');
	await page.mouse.move(2, 2);
	await page.waitForTimeout(300);
	await expect(card).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(card).toBeHidden();

	// a client that has trained: click pins its card, with the loss curve of its last training
	const sender = typeof p.from === 'number' ? p.from : typeof p.to === 'number' ? p.to : 0;
	await cell.locator(`[data-testid="client-node"][data-client="${sender}"]`).click();
	const details = page.getByTestId('client-details');
	await expect(details).toHaveAttribute('data-pinned', 'true');
	if (p.kind === 'update') {
		const curve = details.getByTestId('loss-curve');
		await expect(curve).toBeVisible();
		expect(Number(await curve.getAttribute('data-points'))).toBeGreaterThan(1);
	}
	await page.mouse.move(2, 2);
	await expect(details).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(details).toBeHidden();

	// from the keyboard: M on a focused client opens the latest message on its link
	await cell.locator(`[data-testid="client-node"][data-client="${sender}"]`).focus();
	await page.keyboard.press('m');
	await expect(card).toBeVisible();
	await expect(card.getByTestId('message-route')).toContainText(`client ${sender}`);
	await page.keyboard.press('Escape');
	await expect(card).toBeHidden();
});

test('split learning: the first smashed message shows the activations the server receives', async ({
	page
}) => {
	// chapter 6's cell, as tests/split.e2e.ts opens it
	await openCell(
		page,
		'cutting-the-model/',
		'data=blobs&hidden=32,16&cut=2&B=16&rounds=1&backend=wasm&algo=split&handoff=server&K=2&speed=0.25'
	);
	await page.getByTestId('play').click();
	// the run's first smashed message (client 0's first exchange of its turn) carries the sample.
	// Its flight is short: the page itself pauses on the frame where it has left its node (a poll
	// from the test, one round trip a try, missed it on a loaded machine)
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const t0 = performance.now();
				let start: { x: number; y: number } | null = null;
				const tick = () => {
					const json =
						document.querySelector('[data-testid="particles"]')?.getAttribute('data-positions') ??
						'[]';
					const p = (JSON.parse(json) as { kind: string; x: number; y: number }[]).find(
						(q) => q.kind === 'smashed'
					);
					start ??= p ? { x: p.x, y: p.y } : null;
					if (p && start && Math.hypot(p.x - start.x, p.y - start.y) > 40) {
						document.querySelector<HTMLButtonElement>('[data-testid="play"]')?.click();
						resolve();
					} else if (performance.now() - t0 > 60_000) reject(new Error('no smashed message'));
					else requestAnimationFrame(tick);
				};
				tick();
			})
	);
	await expect(page.getByTestId('play')).not.toContainText('Pause');
	await page.waitForTimeout(400);
	const hit = (await openParticles(page)).find((x) => x.p.kind === 'smashed');
	expect(hit, 'a smashed particle off the nodes').toBeTruthy();
	if (!hit) return;
	await page.mouse.move(hit.at.x, hit.at.y);
	const card = page.getByTestId('message-card');
	await expect(card).toHaveAttribute('data-kind', 'smashed');
	const picture = card.getByTestId('message-activations');
	await expect(picture.locator('canvas')).toBeVisible();
	await expect(picture).toContainText(
		/What the server receives: client \d’s activations at the cut, first sample of the/
	);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

	test('a tapped client pins its card; a tap elsewhere closes it', async ({ page }) => {
		await openCell(page, 'lab/', `${FAST}&K=4&C=1&rounds=2`);
		const cell = page.getByTestId('live-cell').first();
		await cell.locator('[data-testid="client-node"][data-client="2"]').tap();
		const details = page.getByTestId('client-details');
		await expect(details).toHaveAttribute('data-pinned', 'true');
		await page.getByRole('heading', { level: 1 }).first().tap();
		await expect(details).toBeHidden();
	});
});
