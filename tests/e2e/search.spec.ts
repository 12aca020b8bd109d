import { expect, screenshot, test } from './fixtures';

// Pagefind search, built per language: an English word on the English site, Chinese words on
// the Chinese site (Pagefind segments Chinese text by the page's lang="zh-CN").

const cases = [
	{ lang: 'en', button: 'Search', query: 'virtualInbound', expect: '/en/reference/ports/' },
	{ lang: 'en', button: 'Search', query: 'workshop', expect: '/en/' },
	{ lang: 'zh', button: '搜索', query: '端口', expect: '/zh/reference/ports/' },
	{ lang: 'zh', button: '搜索', query: '重定向', expect: '/zh/' },
] as const;

for (const c of cases) {
	test(`search on /${c.lang}/ finds “${c.query}”`, async ({ page, watch }) => {
		await page.goto(`/${c.lang}/`);
		await page.getByRole('button', { name: c.button }).first().click();
		const dialog = page.locator('dialog[open]');
		await dialog.locator('input').first().fill(c.query);
		const results = dialog.locator('.pagefind-ui__result-link');
		await expect(results.first()).toBeVisible();
		const hrefs = await results.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
		expect(hrefs.some((href) => href.startsWith(c.expect))).toBe(true);
		// Results never cross languages.
		expect(hrefs.every((href) => href.startsWith(`/${c.lang}/`))).toBe(true);
		await screenshot(page, `search-${c.lang}-${c.query}`, false);
		expect(watch.problems).toEqual([]);
	});
}
