import AxeBuilder from '@axe-core/playwright';
import { expect, sitePages, test } from './fixtures';

// axe on every built page (and with the search dialog open): no serious or critical violation.

function seriousOnly(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) {
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

for (const url of sitePages.filter((u) => u !== '/')) {
	test(`axe: ${url}`, async ({ page }) => {
		await page.goto(url, { waitUntil: 'networkidle' });
		const result = await new AxeBuilder({ page }).analyze();
		expect(seriousOnly(result.violations)).toEqual([]);
	});
}

for (const lang of ['en', 'zh'] as const) {
	test(`axe: search dialog open on /${lang}/`, async ({ page }) => {
		await page.goto(`/${lang}/reference/ports/`);
		await page.locator('button[data-open-modal]').first().click();
		await page.locator('dialog[open] input').first().fill(lang === 'en' ? 'envoy' : '端口');
		await expect(page.locator('dialog[open] .pagefind-ui__result-link').first()).toBeVisible();
		const result = await new AxeBuilder({ page }).analyze();
		expect(seriousOnly(result.violations)).toEqual([]);
	});

	test(`axe: narrow screen with the menu open on /${lang}/guide/`, async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`/${lang}/guide/`);
		await page.locator('button.sl-menu-button').click();
		await expect(page.locator('#starlight__sidebar')).toBeVisible();
		const result = await new AxeBuilder({ page }).analyze();
		expect(seriousOnly(result.violations)).toEqual([]);
	});
}
