import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against the built site (run `npm run build` first; `npm test` does).
 * Chromium: $SIDECAR_LAB_CHROMIUM if set, else a Playwright-installed Chromium if there is one,
 * else Debian's /usr/bin/chromium (`apt-get install -y chromium fonts-noto-cjk`).
 */
function chromiumPath(): string | undefined {
	const fromEnv = process.env.SIDECAR_LAB_CHROMIUM;
	if (fromEnv) return fromEnv;
	const bundled = chromium.executablePath();
	if (bundled && existsSync(bundled)) return undefined;
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	throw new Error(
		'No Chromium found for the browser tests. On Debian: `apt-get update && apt-get install -y chromium fonts-noto-cjk`; elsewhere: `npx playwright install chromium`.',
	);
}

const PORT = Number(process.env.SIDECAR_LAB_TEST_PORT ?? 4329);
const executablePath = chromiumPath();

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/playwright',
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	retries: 0,
	forbidOnly: Boolean(process.env.CI),
	reporter: [['list']],
	timeout: 30_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		launchOptions: {
			...(executablePath ? { executablePath } : {}),
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run',
				'--disable-sync',
			],
		},
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		command: `node scripts/serve.mjs --port ${PORT}`,
		url: `http://127.0.0.1:${PORT}/en/`,
		reuseExistingServer: !process.env.CI,
		stdout: 'ignore',
		stderr: 'pipe',
		timeout: 30_000,
	},
});
