/**
 * Browser benchmarks, printed as a small report (scripts that print numbers, not timed tests):
 * 1. for 50, 200 and 1,000 clients: the time from page load to the first finished round, then the
 *    frame rate (median fps and the 95th-percentile frame time, from requestAnimationFrame
 *    timestamps in the page) while a FedAvg (25 clients a round) trains in the worker and the graph animates;
 * 2. real milliseconds per FedAvg round on each tfjs backend the browser offers.
 * Targets (issue 14): median ≥ 58 fps, p95 frame ≤ 20 ms at 200 clients.
 * BENCH_CLIENTS=50,200 picks the client counts; BENCH_FPS_SECONDS the measuring window;
 * BENCH_BACKENDS=0 skips the per-backend case. Each fps case also prints where the page's main
 * thread spent the window (Chromium's Performance.getMetrics: script, style, layout, all tasks, in
 * ms per second) and how many clients are SVG nodes. BENCH_TRACE=1 also records a Chromium
 * performance trace of the window and prints the renderer main thread's busiest trace events
 * (inclusive ms per second; events nest, so RunTask holds the rest) — tracing costs frames, so
 * read the fps of a traced run as perturbed.
 */
import { loadavg } from 'node:os';
import { expect, test, type CDPSession, type Page } from '@playwright/test';

const FPS_SECONDS = Number(process.env.BENCH_FPS_SECONDS ?? 12);
const TRACE = process.env.BENCH_TRACE === '1';
const CLIENTS = (process.env.BENCH_CLIENTS ?? '50,200,1000').split(',').map(Number);
const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
/**
 * BENCH_DATA=mnist trains the MNIST MLP (a round of 25 clients takes minutes on a loaded 2-core
 * machine); the default trains 2-D blobs, so rounds finish while the graph is measured.
 */
const DATA = process.env.BENCH_DATA === 'mnist' ? '&data=mnist' : '&data=blobs';

function quantile(sorted: readonly number[], q: number): number {
	const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
	return sorted[i] as number;
}

async function roundOf(page: Page): Promise<number> {
	const text = (await page.getByTestId('caption').textContent()) ?? '';
	return Number(/round (\d+) of/i.exec(text)?.[1] ?? 0);
}

/** Particles drawn now: SVG particles, or the canvas layer's count. */
async function particlesOf(page: Page): Promise<number> {
	const svg = await page.getByTestId('particle').count();
	const canvas = await page
		.getByTestId('particles')
		.getAttribute('data-count', { timeout: 1000 })
		.catch(() => null);
	return svg + Number(canvas ?? 0);
}

/** Chromium's cumulative main-thread durations (seconds), by name. */
async function mainThread(cdp: CDPSession): Promise<Record<string, number>> {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Milliseconds per second of the window that each kind of main-thread work took. */
function busy(
	before: Record<string, number>,
	after: Record<string, number>
): Record<string, number> {
	const seconds = Math.max(1e-3, (after.Timestamp ?? 0) - (before.Timestamp ?? 0));
	const names = {
		script: 'ScriptDuration',
		style: 'RecalcStyleDuration',
		layout: 'LayoutDuration',
		tasks: 'TaskDuration'
	};
	return Object.fromEntries(
		Object.entries(names).map(([k, n]) => [
			k,
			Number(((((after[n] ?? 0) - (before[n] ?? 0)) * 1000) / seconds).toFixed(1))
		])
	);
}

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	dur?: number;
	args?: { name?: string };
}

/** The busiest event names on the busiest renderer main thread: inclusive ms per second. */
function traceSummary(events: readonly TraceEvent[], seconds: number): Record<string, number> {
	const mains = new Set(
		events
			.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
	const byThread = new Map<string, Map<string, number>>();
	for (const e of events) {
		const key = `${e.pid}:${e.tid}`;
		if (e.ph !== 'X' || !mains.has(key) || !e.dur) continue;
		const names = byThread.get(key) ?? new Map<string, number>();
		names.set(e.name, (names.get(e.name) ?? 0) + e.dur / 1000);
		byThread.set(key, names);
	}
	const busiest = [...byThread.values()].sort(
		(a, b) => (b.get('RunTask') ?? 0) - (a.get('RunTask') ?? 0)
	)[0];
	return Object.fromEntries(
		[...(busiest ?? [])]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 16)
			.map(([name, ms]) => [name, Number((ms / seconds).toFixed(1))])
	);
}

for (const clients of CLIENTS) {
	test(`frame rate while a ${clients}-client FedAvg trains`, async ({ page }) => {
		const loaded = Date.now();
		// C so that about 10–25 clients train per round: the per-round work stays comparable
		const fraction = Math.min(0.5, Math.max(0.01, 25 / clients));
		await page.goto(
			`federated-averaging/?K=${clients}&C=${fraction}&rounds=1000&speed=2&backend=wasm${DATA}`
		);
		await expect(page.getByTestId('live-cell')).toHaveAttribute('data-state', 'ready', {
			timeout: 180_000
		});
		await expect(page.getByTestId('network-graph')).toBeVisible();
		await page.getByTestId('play').click();
		await expect.poll(() => roundOf(page), { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
		const firstRoundMs = Date.now() - loaded;
		const before = await roundOf(page);
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		const threadBefore = await mainThread(cdp);
		const browser = page.context().browser();
		if (TRACE && browser)
			await browser.startTracing(page, {
				categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8']
			});
		const frames = await page.evaluate(
			(seconds) =>
				new Promise<number[]>((done) => {
					const out: number[] = [];
					let last = performance.now();
					const end = last + seconds * 1000;
					const frame = (now: number) => {
						out.push(now - last);
						last = now;
						if (now < end) requestAnimationFrame(frame);
						else done(out);
					};
					requestAnimationFrame(frame);
				}),
			FPS_SECONDS
		);
		const threadAfter = await mainThread(cdp);
		const trace =
			TRACE && browser
				? traceSummary(
						(JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] })
							.traceEvents,
						FPS_SECONDS
					)
				: undefined;
		const after = await roundOf(page);
		const particles = await particlesOf(page);
		const svgNodes = await page.getByTestId('client-node').count();
		const sorted = frames.slice(1).sort((a, b) => a - b);
		const median = quantile(sorted, 0.5);
		const p95 = quantile(sorted, 0.95);
		const report = {
			clients,
			clientFraction: Number(fraction.toFixed(3)),
			loadToFirstRoundMs: firstRoundMs,
			frames: sorted.length,
			medianFps: Number((1000 / median).toFixed(1)),
			medianFrameMs: Number(median.toFixed(2)),
			p95FrameMs: Number(p95.toFixed(2)),
			worstFrameMs: Number((sorted.at(-1) ?? 0).toFixed(1)),
			roundsDuringMeasurement: after - before,
			particlesAtEnd: particles,
			svgNodes,
			mainThreadMsPerS: busy(threadBefore, threadAfter),
			...(trace && { traceMsPerS: trace }),
			// the machine's 1-minute load average: other processes on a shared machine cost frames
			loadAverage: Number((loadavg()[0] ?? 0).toFixed(2))
		};
		console.log(`bench:ui fps (${DATA.slice(6)}, ${FPS_SECONDS} s): ${JSON.stringify(report)}`);
		expect(sorted.length).toBeGreaterThan(0);
	});
}

test('milliseconds per round on each backend', async ({ page }) => {
	test.skip(process.env.BENCH_BACKENDS === '0', 'BENCH_BACKENDS=0');
	const rows: string[] = [];
	for (const backend of BACKENDS) {
		await page.goto(`lab/?K=10&C=0.5&rounds=3&speed=32&backend=${backend}`);
		const cell = page.getByTestId('live-cell');
		await expect(cell).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
		const used = await page.getByTestId('backend').getAttribute('data-backend');
		if (used !== backend) {
			rows.push(`${backend}: not available in this browser (fell back to ${used})`);
			continue;
		}
		await page.getByTestId('play').click();
		await expect(cell).toHaveAttribute('data-state', 'finished', { timeout: 600_000 });
		const times = ((await page.getByTestId('backend').getAttribute('data-round-times')) ?? '')
			.split(',')
			.filter(Boolean)
			.map(Number);
		const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
		rows.push(
			`${backend}: ${Math.round(mean)} ms per round (rounds: ${times.join(', ')} ms; 5 clients × 800 MNIST digits, MLP 784-200-200-10, E = 1, B = 32)`
		);
	}
	console.log(`bench:ui ms per round per backend:\n  ${rows.join('\n  ')}`);
	expect(rows.some((r) => r.startsWith('wasm:') && r.includes('ms per round'))).toBe(true);
});
