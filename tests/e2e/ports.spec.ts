import { expect, screenshot, test } from './fixtures';

test.describe('ports reference', () => {
	test('filters by port number, by word, in either language, and says when nothing matches', async ({ page, watch }) => {
		await page.goto('/en/reference/ports/');
		const rows = page.locator('[data-ports-row]:visible');
		const total = await page.locator('[data-ports-row]').count();
		expect(total).toBeGreaterThan(20);
		const filter = page.getByLabel('Filter ports');

		await filter.fill('15006');
		await expect(rows).toHaveCount(1);
		await expect(rows.first()).toHaveAttribute('id', 'port-15006');
		await expect(page.getByRole('status')).toHaveText(`1 of ${total} entries shown`);
		await expect(page).toHaveURL(/\?q=15006/);

		await filter.fill('metrics');
		await expect(rows).toHaveCount(3);
		expect(await rows.evaluateAll((els) => els.map((el) => el.id))).toEqual(['port-15020', 'port-15090', 'port-15014']);

		await filter.fill('envoy admin');
		await expect(rows).toHaveCount(1);
		await expect(rows.first()).toHaveAttribute('id', 'port-15000');

		await filter.fill('no-such-thing');
		await expect(rows).toHaveCount(0);
		await expect(page.getByRole('status')).toContainText('Nothing matches');
		await screenshot(page, 'ports-filter-empty', false);

		await filter.fill('');
		await expect(rows).toHaveCount(total);
		expect(watch.problems).toEqual([]);
	});

	test('Chinese page filters by Chinese words and by English ones', async ({ page }) => {
		await page.goto('/zh/reference/ports/');
		const rows = page.locator('[data-ports-row]:visible');
		const filter = page.getByLabel('筛选端口');
		await filter.fill('指标');
		await expect(rows).toHaveCount(3);
		await filter.fill('dns');
		await expect(rows).toHaveCount(1);
		await expect(rows.first()).toHaveAttribute('id', 'port-15053');
		await screenshot(page, 'ports-filter-zh', false);
	});

	test('a shared ?q= link opens filtered, and #port-15006 lands on its row', async ({ page }) => {
		await page.goto('/en/reference/ports/?q=127.0.0.6');
		await expect(page.getByLabel('Filter ports')).toHaveValue('127.0.0.6');
		await expect(page.locator('[data-ports-row]:visible')).not.toHaveCount(0);
		await page.goto('/zh/reference/ports/#port-15006');
		const row = page.locator('#port-15006');
		await expect(row).toBeInViewport();
		await expect(row).toContainText('virtualInbound');
		await screenshot(page, 'ports-anchor-zh', false);
	});

	test('an odd ?q= value is shown as text, never as markup', async ({ page, watch }) => {
		await page.goto('/en/reference/ports/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
		await expect(page.getByLabel('Filter ports')).toHaveValue('<img src=x onerror=alert(1)>');
		await expect(page.getByRole('status')).toContainText('<img src=x onerror=alert(1)>');
		expect(await page.locator('.ports-filter img').count()).toBe(0);
		expect(watch.problems.filter((p) => !p.includes('/x'))).toEqual([]);
	});
});
