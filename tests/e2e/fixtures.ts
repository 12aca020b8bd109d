import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { builtPages } from '../helpers/site';

/**
 * A page fixture that records what the tests must never see: console errors, uncaught
 * exceptions, failed requests, and requests to any host but the site's own.
 */
export interface Watch {
	problems: string[];
}

export const test = base.extend<{ watch: Watch }>({
	watch: async ({ page, baseURL }, use) => {
		const problems: string[] = [];
		const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
		});
		page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
		page.on('requestfailed', (request) => {
			const error = request.failure()?.errorText ?? '?';
			// A request still in flight when the test itself navigates away (a language switch
			// while Pagefind's script loads) is aborted by the browser: not a failure of the site.
			if (error === 'net::ERR_ABORTED') return;
			problems.push(`request failed: ${request.url()} (${error})`);
		});
		page.on('response', (response) => {
			if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
		});
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) {
				problems.push(`request to another host: ${request.url()}`);
			}
		});
		await use({ problems });
	},
});

export { expect };

export const screenshotDir = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(screenshotDir, { recursive: true });

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
	await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

/** Every page of the built site, by URL path (`/en/guide/`), read from dist/. */
export const sitePages = builtPages()
	.map((page) => page.url)
	.filter((url) => url !== '/404.html');
