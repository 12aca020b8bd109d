import { expect, test } from './fixtures';

test.describe('language', () => {
	test('the switcher keeps the page and the #anchor, both ways', async ({ page, watch }) => {
		await page.goto('/en/reference/ports/#port-15006');
		await page.getByRole('combobox', { name: 'Select language' }).first().selectOption({ label: '简体中文' });
		await expect(page).toHaveURL(/\/zh\/reference\/ports\/#port-15006$/);
		await expect(page.locator('#port-15006')).toBeInViewport();
		await page.getByRole('combobox', { name: '选择语言' }).first().selectOption({ label: 'English' });
		await expect(page).toHaveURL(/\/en\/reference\/ports\/#port-15006$/);
		expect(watch.problems).toEqual([]);
	});

	test('the switcher keeps a heading anchor on a prose page', async ({ page }) => {
		await page.goto('/zh/guide/#stable-links');
		await page.getByRole('combobox', { name: '选择语言' }).first().selectOption({ label: 'English' });
		await expect(page).toHaveURL(/\/en\/guide\/#stable-links$/);
		await expect(page.locator('#stable-links')).toHaveText('Links that keep working');
	});

	for (const [locale, expected] of [
		['zh-CN', '/zh/'],
		['zh-TW', '/zh/'],
		['en-GB', '/en/'],
		['fr-FR', '/en/'],
	] as const) {
		test(`/ sends a browser preferring ${locale} to ${expected}`, async ({ browser, baseURL }) => {
			const context = await browser.newContext({ locale, baseURL });
			const page = await context.newPage();
			await page.goto('/');
			await expect(page).toHaveURL(new RegExp(`${expected}$`));
			await context.close();
		});
	}

	test('/ works without JavaScript: it links both languages and refreshes to English', async ({ browser, baseURL }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, baseURL, locale: 'zh-CN' });
		const page = await context.newPage();
		const response = await page.request.get('/');
		const html = await response.text();
		expect(html).toContain('<noscript><meta http-equiv="refresh" content="0; url=/en/"');
		expect(html).toContain('href="/zh/"');
		await page.goto('/');
		await expect(page).toHaveURL(/\/en\/$/);
		await context.close();
	});
});
