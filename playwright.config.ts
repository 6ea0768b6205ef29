import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Use the system Chromium (Debian's) when present; Playwright's own browser otherwise. */
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;
const PORT = 4173;

export default defineConfig({
	testDir: 'tests',
	testMatch: /.*\.e2e\.ts/,
	timeout: 120_000,
	expect: { timeout: 30_000 },
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? 'list' : [['list']],
	webServer: {
		command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
		port: PORT,
		reuseExistingServer: !process.env.CI,
		// the build takes ~1.5 min on an idle 2-core machine, several times that under load
		timeout: 900_000
	},
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		...devices['Desktop Chrome'],
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-dev-shm-usage'
			]
		}
	}
});
