/**
 * `npm run bench:ui`: the browser benchmarks in tests/bench (frame rate while a 50-client FedAvg
 * trains; real milliseconds per round on each tfjs backend). They print their figures.
 * BENCH_BASE_URL points them at an already running site instead of building one.
 */
import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;
const PORT = 4173;
const external = process.env.BENCH_BASE_URL;

export default defineConfig({
	testDir: 'tests/bench',
	testMatch: /.*\.bench\.ts/,
	timeout: 15 * 60_000,
	expect: { timeout: 120_000 },
	fullyParallel: false,
	workers: 1,
	reporter: [['list']],
	webServer: external
		? undefined
		: {
				command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
				port: PORT,
				reuseExistingServer: !process.env.CI,
				timeout: 300_000
			},
	use: {
		baseURL: external ?? `http://localhost:${PORT}`,
		...devices['Desktop Chrome'],
		viewport: { width: 1280, height: 900 },
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-dev-shm-usage',
				// keep animation frames coming at full rate while the worker trains
				'--disable-background-timer-throttling',
				'--disable-renderer-backgrounding',
				'--enable-unsafe-webgpu'
			]
		}
	}
});
