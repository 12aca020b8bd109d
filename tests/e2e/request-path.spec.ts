import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

// The <RequestPath> diagram on the guide page, following the Bookinfo lab (#bookinfo-lab): the
// default request drawn at build time in both languages, stepping by keyboard with the current
// hop announced, a curl in the lab redrawing it (and a failed one: where it stopped), axe clean.

const LAB = '#bookinfo-lab';
const DIAGRAM = 'request-path-diagram[data-lab="bookinfo-lab"]';
const CURL = "kubectl exec ratings-v1-7c9bd4b87f-7xmbz -c ratings -- curl -s -o /dev/null -w '%{http_code}\\n' http://details:9080/details/0";

async function labReady(page: Page): Promise<void> {
	await page.locator(LAB).scrollIntoViewIfNeeded();
	await expect(page.locator(LAB)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
	await expect.poll(() => page.locator(`${LAB} .xterm-rows`).innerText()).toContain('root@kind-worker');
}

const WORDS = {
	en: { title: 'The path of one request through two sidecars', next: 'Next hop', previous: 'Previous hop', hop4: 'Hop 4 of 28, iptables nat OUTPUT: nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT', whole: 'Whole path: GET http://reviews:9080/reviews/0 · 200' },
	zh: { title: '一个请求穿过两个 Sidecar 的路径', next: '下一跳', previous: '上一跳', hop4: '第 4 跳，共 28 跳，iptables nat OUTPUT：nat 表 OUTPUT，ISTIO_OUTPUT 第 9 条规则：-A ISTIO_OUTPUT -j ISTIO_REDIRECT', whole: '完整路径：GET http://reviews:9080/reviews/0 · 200' },
} as const;

for (const lang of ['en', 'zh'] as const) {
	const w = WORDS[lang];
	test.describe(`request path diagram (/${lang}/guide/)`, () => {
		test('the default request is drawn at build time: ten stations, 28 hops, links only to sections that exist', async ({ page, watch }) => {
			await page.setViewportSize({ width: 1440, height: 1000 });
			await page.goto(`/${lang}/guide/#bookinfo-world`);
			const d = page.locator(DIAGRAM);
			await expect(d.locator('svg title')).toHaveText(w.title);
			await expect(d.locator('.rp-head-line')).toHaveText('GET http://reviews:9080/reviews/0 · default/productpage-v1-54bb874995-hhx8q/productpage · 200');
			await expect(d.locator('.rp-station')).toHaveCount(10);
			await expect(d.locator('.rp-hops > li')).toHaveCount(28);
			await expect(d.locator('.rp-station[data-state="on-path"]')).toHaveCount(10);
			// Every link points into a lesson the site has: the link checker would fail the build otherwise.
			for (const href of await d.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) expect(href).toMatch(new RegExp(`^/${lang}/lessons/[a-z0-9-]+/#[a-z0-9-]+$`));
			await d.scrollIntoViewIfNeeded();
			await screenshot(page, `request-path-${lang}-default`, false);
			await d.screenshot({ path: `test-results/screenshots/request-path-${lang}-diagram.png` });
			expect(watch.problems).toEqual([]);
		});

		test('stepping by keyboard: Next / Previous, arrows, Home and End; the hop announced, aria-current on station and hop', async ({ page }) => {
			await page.goto(`/${lang}/guide/#bookinfo-world`);
			const d = page.locator(DIAGRAM);
			const next = d.getByRole('button', { name: w.next });
			await expect(next).toBeVisible();
			await next.focus();
			for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
			await expect(d.locator('[aria-live="polite"]')).toHaveText(w.hop4);
			await expect(d.locator('.rp-station[aria-current="step"]')).toHaveAttribute('data-station', 'out-rules');
			await expect(d.locator('.rp-hops > li[aria-current="step"]')).toHaveAttribute('data-hop', '3');
			await page.keyboard.press('ArrowRight');
			await expect(d.locator('.rp-hops > li[aria-current="step"]')).toHaveAttribute('data-hop', '4');
			await page.keyboard.press('End');
			await expect(d.locator('.rp-station[aria-current="step"]')).toHaveAttribute('data-station', 'response');
			await expect(next).toBeDisabled();
			await expect(d.getByRole('button', { name: w.previous })).toBeFocused();
			await page.keyboard.press('Home');
			await expect(d.locator('.rp-station[aria-current="step"]')).toHaveAttribute('data-station', 'client');
			await page.keyboard.press('ArrowLeft');
			await expect(d.locator('[aria-live="polite"]')).toHaveText(w.whole);
			await expect(d.locator('[aria-current]')).toHaveCount(0);
		});

		test('after curl in the lab the diagram shows that request; Reset brings back the default', async ({ page, watch }) => {
			await page.setViewportSize({ width: 1440, height: 1000 });
			await page.goto(`/${lang}/guide/#bookinfo-world`);
			await labReady(page);
			await page.locator(`${LAB} .xterm-helper-textarea`).focus();
			// The line waits for every sidecar's Envoy dump (world-session.ts dumpsNeeded) before it runs.
			await page.keyboard.type(CURL);
			await page.keyboard.press('Enter');
			const d = page.locator(DIAGRAM);
			await expect(d.locator('.rp-head-line')).toHaveText('GET http://details:9080/details/0 · default/ratings-v1-7c9bd4b87f-7xmbz/ratings · 200', { timeout: 10_000 });
			await expect(d.locator('.rp-hops > li')).toHaveCount(28);
			await expect(d.locator('.rp-station[data-station="server"] .rp-mono')).toHaveText('ruby 10.244.1.6:9080');
			await expect(d.locator('[aria-live="polite"]')).toHaveText(lang === 'en' ? 'Whole path: GET http://details:9080/details/0 · 200' : '完整路径：GET http://details:9080/details/0 · 200');
			// A failure: the name does not resolve, the client station is where it stopped.
			await page.locator(`${LAB} .xterm-helper-textarea`).focus();
			await page.keyboard.type('kubectl exec ratings-v1-7c9bd4b87f-7xmbz -c ratings -- curl -sS http://nosuch:9080/');
			await page.keyboard.press('Enter');
			await expect(d.locator('.rp-station[data-state="stopped"]')).toHaveAttribute('data-station', 'client');
			await expect(d.locator('.rp-station[data-state="not-reached"]')).toHaveCount(9);
			await d.scrollIntoViewIfNeeded();
			await d.screenshot({ path: `test-results/screenshots/request-path-${lang}-stopped.png` });
			await page.locator(`${LAB} [data-lab-action="reset"]`).click();
			await expect(d.locator('.rp-head-line')).toContainText('GET http://reviews:9080/reviews/0');
			expect(watch.problems).toEqual([]);
		});

		test('axe: no serious or critical violation, stepping or not', async ({ page }) => {
			await page.goto(`/${lang}/guide/#bookinfo-world`);
			await page.locator(DIAGRAM).getByRole('button', { name: w.next }).click();
			const result = await new AxeBuilder({ page }).include(DIAGRAM).analyze();
			expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		});
	});
}
