import { expect, screenshot, test } from './fixtures';

// The lesson layout: beside the prose and sticky on wide screens, inline above it on narrow ones.

for (const lang of ['en', 'zh'] as const) {
	test(`wide screen: the lab panel stays beside the scrolling prose (/${lang}/guide/)`, async ({ page }) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(`/${lang}/guide/`);
		const panel = page.locator('.lab-layout-panel');
		const prose = page.locator('.lab-layout-prose');
		const panelBox = await panel.boundingBox();
		const proseBox = await prose.boundingBox();
		expect(panelBox && proseBox).toBeTruthy();
		if (!panelBox || !proseBox) return;
		expect(panelBox.x).toBeGreaterThan(proseBox.x + proseBox.width - 1);
		await screenshot(page, `layout-wide-${lang}`, false);
		await page.locator('#stable-links').scrollIntoViewIfNeeded();
		await page.mouse.wheel(0, 2000);
		await expect(panel).toBeInViewport();
		await screenshot(page, `layout-wide-scrolled-${lang}`, false);
	});

	test(`narrow screen: the lab panel sits inline above the prose (/${lang}/guide/)`, async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`/${lang}/guide/`);
		const panelBox = await page.locator('.lab-layout-panel').boundingBox();
		const proseBox = await page.locator('.lab-layout-prose').boundingBox();
		expect(panelBox && proseBox).toBeTruthy();
		if (!panelBox || !proseBox) return;
		expect(panelBox.y + panelBox.height).toBeLessThanOrEqual(proseBox.y + 1);
		expect(panelBox.width).toBeGreaterThan(300);
		await screenshot(page, `layout-narrow-${lang}`);
	});
}
