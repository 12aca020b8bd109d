import { expect, screenshot, sitePages, test } from './fixtures';

// Every page in both languages loads with no console error, no failed request and no request to
// another host; a full-page screenshot of each is saved under test-results/screenshots/.

test.describe('every built page', () => {
	for (const url of sitePages.filter((u) => u !== '/')) {
		test(`loads cleanly: ${url}`, async ({ page, watch }) => {
			const response = await page.goto(url, { waitUntil: 'networkidle' });
			expect(response?.status()).toBe(200);
			await expect(page.locator('h1').first()).toBeVisible();
			const lang = await page.locator('html').getAttribute('lang');
			expect(lang).toBe(url.startsWith('/zh/') ? 'zh-CN' : 'en');
			await screenshot(page, `page${url.replace(/\/$/, '').replace(/\//g, '-') || '-root'}`);
			expect(watch.problems).toEqual([]);
		});
	}

	test('an unknown URL gets the 404 page in the site style', async ({ page }) => {
		const response = await page.goto('/en/no-such-page/');
		expect(response?.status()).toBe(404);
		await expect(page.locator('h1')).toContainText('404');
	});
});
