/**
 * Classroom mode end to end on loopback: the Node server (`npm run classroom`'s entry, started
 * here on its own port and stopped by PID even on failure), one host page and four student pages
 * in separate browser contexts. FedAvg with a deadline for three rounds: the class model's
 * accuracy rises; one student closes its page mid-round and the deadline drops it. Then one
 * student flips the "bad update" switch: with the mean the class model does not learn, with the
 * median it does.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';

const PORT = 4391;
let server: ChildProcess | null = null;
let joinUrl = '';
let hostUrl = '';

test.beforeAll(async () => {
	// the site is built by the Playwright web server (npm run build) before any test runs
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'src/cli/classroom.ts',
			'--port',
			String(PORT),
			'--listen',
			'127.0.0.1',
			'--host',
			'127.0.0.1',
			'--no-build'
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	server = child;
	let out = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
		const read = (d: Buffer) => {
			out += d.toString();
			const join = /(http:\/\/127\.0\.0\.1:\d+\/classroom\/join\/\?code=[a-z2-7]+)/.exec(out);
			const host = /(http:\/\/127\.0\.0\.1:\d+\/classroom\/\?session=[a-z2-7]+&key=[a-z2-7]+)/.exec(
				out
			);
			if (join && host) {
				joinUrl = join[1] as string;
				hostUrl = host[1] as string;
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', read);
		child.stderr?.on('data', read);
		child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
	});
});

test.afterAll(() => {
	const pid = server?.pid;
	if (pid === undefined || server?.exitCode !== null) return;
	process.kill(pid, 'SIGTERM');
	setTimeout(() => {
		if (server?.exitCode === null) process.kill(pid, 'SIGKILL');
	}, 3000).unref();
});

async function student(browser: Browser, name: string, delayMs = 0): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(delayMs ? `${joinUrl}&delay=${delayMs}` : joinUrl);
	await page.getByLabel('Your name (optional)').fill(name);
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'waiting');
	return page;
}

/** Waits for round `round` of run `run` on the host and returns the class model's accuracy. */
async function accuracyAt(host: Page, run: number, round: number): Promise<number> {
	const headline = host.getByTestId('class-accuracy');
	await expect(headline).toHaveAttribute('data-run', String(run), { timeout: 60_000 });
	await expect(headline).toHaveAttribute('data-round', String(round), { timeout: 90_000 });
	return Number(await headline.getAttribute('data-accuracy'));
}

async function startRun(host: Page, settings: { aggregator: string; deadline: number }) {
	await host.locator('select[name=aggregator]').selectOption(settings.aggregator);
	await host.locator('input[name=deadline]').fill(String(settings.deadline));
	await host.locator('input[name=rounds]').fill('3');
	await host.getByRole('button', { name: 'Start' }).click();
	await expect(host.getByTestId('run-state')).toHaveText('running');
}

test('a classroom of four: FedAvg with a deadline, a dropout, and a Byzantine student', async ({
	browser
}) => {
	test.setTimeout(420_000);
	const errors: string[] = [];
	const host = await (
		await browser.newContext({ viewport: { width: 1440, height: 1000 } })
	).newPage();
	host.on('pageerror', (e) => errors.push(e.message));
	await host.goto(hostUrl);
	await expect(host.getByTestId('join-url')).toHaveText(joinUrl);
	await expect(host.getByTestId('unencrypted')).toBeVisible();

	const ada = await student(browser, 'Ada');
	const bob = await student(browser, 'Bob');
	const cy = await student(browser, 'Cy');
	const dee = await student(browser, 'Dee', 4000); // a slow phone: 4 s more per update
	for (const p of [ada, bob, cy, dee]) p.on('pageerror', (e) => errors.push(e.message));
	await expect(host.locator('.roster tbody tr')).toHaveCount(4);

	// run 1: FedAvg, mean, a 15 s deadline; Dee closes the tab in the middle of round 2
	await startRun(host, { aggregator: 'mean', deadline: 15 });
	const first = await accuracyAt(host, 1, 1);
	await host.screenshot({ path: 'test-results/classroom-host.png', fullPage: true });
	await expect(
		dee.locator('[data-testid=status][data-status=training]', { hasText: 'round 2' })
	).toBeVisible({ timeout: 60_000 });
	await dee.context().close(); // mid-round: trained, not yet sent
	await accuracyAt(host, 1, 2);
	const third = await accuracyAt(host, 1, 3);
	expect(third, 'accuracy rises over the rounds').toBeGreaterThan(first);
	expect(first).toBeGreaterThan(0.2);
	await expect(host.getByTestId('run-state')).toHaveText('finished');
	const round = (r: number) => host.locator(`.timeline li[data-round="${r}"]`);
	await expect(round(1).locator('[data-outcome=used]')).toHaveCount(4);
	await expect(round(2).locator('[data-outcome=used]')).toHaveCount(3);
	await expect(round(2).locator('.chip', { hasText: 'Dee' })).toHaveAttribute(
		'data-outcome',
		'missing'
	);
	await expect(round(3).locator('.chip')).toHaveCount(3); // offline: not asked again
	for (const p of [ada, bob, cy]) await expect(p.getByTestId('class-accuracy')).not.toHaveText('–');

	// runs 2 and 3: Bob sends sign-flipped updates; the mean follows him, the median does not
	await bob.getByLabel(/Sign flip/).check();
	await startRun(host, { aggregator: 'mean', deadline: 0 });
	const mean = await accuracyAt(host, 2, 3);
	await expect(host.getByTestId('run-state')).toHaveText('finished');
	await startRun(host, { aggregator: 'median', deadline: 0 });
	const median = await accuracyAt(host, 3, 3);
	await expect(host.getByTestId('run-state')).toHaveText('finished');
	console.log(
		`classroom e2e: run 1 accuracy ${first.toFixed(3)} → ${third.toFixed(3)}; ` +
			`with a sign-flipper: mean ${mean.toFixed(3)}, median ${median.toFixed(3)}`
	);
	expect(median, 'the median resists').toBeGreaterThan(0.6);
	expect(mean, 'the mean does not').toBeLessThan(median - 0.2);

	await host.getByRole('button', { name: 'Reveal Byzantine' }).click();
	await expect(host.locator('tr', { hasText: 'Bob' }).locator('.byz')).toHaveAttribute(
		'data-byzantine',
		'true'
	);
	await expect(host.locator('tr', { hasText: 'Ada' }).locator('.byz')).toHaveAttribute(
		'data-byzantine',
		'false'
	);
	await host.screenshot({ path: 'test-results/classroom-host-end.png', fullPage: true });
	expect(errors, 'no uncaught page errors').toEqual([]);
});

test('the static site alone shows the classroom chapter with instructions', async ({ page }) => {
	await page.goto('/classroom/');
	await expect(page.getByRole('heading', { name: 'Classroom', level: 1 })).toBeVisible();
	await expect(page.getByText('npm run classroom').first()).toBeVisible();
	await page.goto('/classroom/join/?code=aaaaaaaaaaaaaaaa');
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page.getByTestId('no-server')).toBeVisible(); // the preview server has no WebSocket
});
