import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

// A learner finishing exercises in the browser, in both languages: one exercise answered in a
// field (lesson 1: a wrong answer first, then the right one, and the mark survives a reload) and
// one checked from what the terminal shows (lesson 2, done by pressing the solution's run
// buttons). axe on the lesson pages with the exercise's hints and solution open, screenshots of
// what a learner sees.

const LANGS = [
	{ lang: 'en', pending: 'Not yet', done: 'Done ✓', check: 'Check', answer: 'Your answer', wrong: 'Not that yet. Look at the terminal again, or open a hint.', hints: 'Hints', solution: 'Solution' },
	{ lang: 'zh', pending: '尚未完成', done: '已完成 ✓', check: '检查', answer: '你的答案', wrong: '还不对。回到终端再看看，或者展开提示。', hints: '提示', solution: '参考解法' },
] as const;

async function openLesson(page: Page, lang: string, slug: string): Promise<void> {
	await page.goto(`/${lang}/lessons/${slug}/`);
	await page.locator('sidecar-lab').scrollIntoViewIfNeeded();
	await expect(page.locator('sidecar-lab')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
}

async function typeCommand(page: Page, command: string): Promise<void> {
	await page.locator('sidecar-lab .xterm-helper-textarea').focus();
	await page.keyboard.type(command);
	await page.keyboard.press('Enter');
}

for (const l of LANGS) {
	test.describe(`lessons in ${l.lang}`, () => {
		test.use({ viewport: { width: 1440, height: 900 } });

		test('lesson 1: an answer typed in the field is checked, and the mark is kept', async ({ page, watch }) => {
			await openLesson(page, l.lang, 'ports-and-components');
			const exercise = page.locator('#exercise-loopback-only-port');
			const status = exercise.getByRole('status');
			await expect(status).toHaveText(l.pending);
			await typeCommand(page, 'ss -ltn');
			await expect(page.locator('sidecar-lab .xterm-rows')).toContainText('127.0.0.1:15000');
			const field = exercise.getByLabel(l.answer);
			await field.fill('15001');
			await exercise.getByRole('button', { name: l.check }).click();
			await expect(exercise.locator('[data-exercise-feedback]')).toHaveText(l.wrong);
			await expect(status).toHaveText(l.pending);
			// A Chinese input method's full-width digits count as the number.
			await field.fill(l.lang === 'zh' ? '１５０００' : '15000');
			await field.press('Enter');
			await expect(status).toHaveText(l.done);
			await expect(exercise.locator('[data-exercise-feedback]')).toHaveText('');
			await exercise.locator('summary', { hasText: l.hints }).click();
			await exercise.scrollIntoViewIfNeeded();
			await screenshot(page, `lesson-1-exercise-${l.lang}`, false);
			await page.reload();
			await expect(page.locator('#exercise-loopback-only-port').getByRole('status')).toHaveText(l.done);
			await expect(page.locator('#exercise-who-starts-envoy').getByRole('status')).toHaveText(l.pending);
			expect(watch.problems).toEqual([]);
		});

		test('lesson 2: an exercise checked from the terminal, done with the solution buttons', async ({ page, watch }) => {
			await openLesson(page, l.lang, 'iptables-capture');
			const exercise = page.locator('#exercise-inbound-redirect-counter');
			const status = exercise.getByRole('status');
			await expect(status).toHaveText(l.pending);
			await exercise.locator('summary', { hasText: l.solution }).click();
			const buttons = exercise.locator('.exercise-lines button');
			await expect(buttons).toHaveCount(2);
			await buttons.nth(0).click();
			await expect(page.locator('sidecar-lab .xterm-rows')).toContainText('SO_ORIGINAL_DST');
			await expect(status).toHaveText(l.pending);
			await buttons.nth(1).click();
			await expect(status).toHaveText(l.done);
			await exercise.scrollIntoViewIfNeeded();
			await screenshot(page, `lesson-2-exercise-${l.lang}`, false);
			expect(watch.problems).toEqual([]);
		});

		for (const slug of ['ports-and-components', 'iptables-capture']) {
			test(`${slug}: axe finds nothing serious with every exercise opened`, async ({ page, watch }) => {
				await openLesson(page, l.lang, slug);
				for (const summary of await page.locator('sidecar-exercise summary').all()) await summary.click();
				for (const summary of await page.locator('figure details summary').all()) await summary.click();
				const results = await new AxeBuilder({ page }).analyze();
				const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
				expect(serious).toEqual([]);
				await screenshot(page, `lesson-${slug}-${l.lang}`);
				expect(watch.problems).toEqual([]);
			});
		}
	});
}

test.describe('lessons on a narrow screen', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the diagrams and an exercise fit a phone', async ({ page, watch }) => {
		await openLesson(page, 'zh', 'iptables-capture');
		await page.locator('.chain-flow').scrollIntoViewIfNeeded();
		await screenshot(page, 'lesson-2-chain-flow-narrow-zh', false);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.goto('/en/lessons/ports-and-components/');
		await page.locator('.ports-map').scrollIntoViewIfNeeded();
		await screenshot(page, 'lesson-1-ports-map-narrow-en', false);
		expect(watch.problems).toEqual([]);
	});
});
