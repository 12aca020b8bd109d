import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

// The live labs on the guide page, in both languages (the rules lab here; the Bookinfo world lab
// in lab-bookinfo.spec.ts): typing commands, a run button, a `?run=`
// link, Tab completion, history, Ctrl-C, Reset, the text size, leaving with Escape, lazy
// loading, axe with the lab open, and screenshots of what a learner sees on a wide and a narrow
// screen. Every test also checks there was no console error and no request to another host.

const P = 'root@sidecar-pod:~# ';
const LANGS = [
	{ lang: 'en', run: 'Run: ', reset: 'Reset', larger: 'A+ (larger text)', resetDone: 'The lab is back to its starting state.', intro: 'Running the commands from the link you opened:' },
	{ lang: 'zh', run: '运行：', reset: '重置', larger: 'A+（放大字号）', resetDone: '实验已恢复到初始状态。', intro: '正在运行你打开的链接中的命令：' },
] as const;

/** What the terminal shows, row by row (xterm's DOM renderer: one div per row). */
async function screenRows(page: Page): Promise<string[]> {
	const text = await page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-rows').innerText();
	const rows = text.replace(/\u00a0/g, ' ').split('\n').map((row) => row.trimEnd());
	while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
	return rows;
}

async function screenText(page: Page): Promise<string> {
	return (await screenRows(page)).join('\n');
}

async function openLab(page: Page, lang: string, query = ''): Promise<void> {
	await page.goto(`/${lang}/guide/${query}`);
	await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'ready');
	await expect.poll(() => screenText(page)).toContain(P.trimEnd());
}

async function typeCommand(page: Page, command: string): Promise<void> {
	await page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-helper-textarea').focus();
	await page.keyboard.type(command);
	await page.keyboard.press('Enter');
}

/** The rows after the last time `line` was shown at a prompt. */
async function after(page: Page, line: string): Promise<string[]> {
	const rows = await screenRows(page);
	const at = rows.lastIndexOf(P + line);
	return at < 0 ? [] : rows.slice(at + 1);
}

for (const l of LANGS) {
	test.describe(`lab on /${l.lang}/guide/`, () => {
		// Wide enough that the commands and the lines they print fit in one terminal row.
		test.use({ viewport: { width: 1600, height: 900 } });

		test('commands typed at the prompt print what Linux prints', async ({ page, watch }) => {
			await openLab(page, l.lang);
			await typeCommand(page, 'iptables -t nat -S | head -3');
			await expect.poll(() => after(page, 'iptables -t nat -S | head -3')).toEqual(['-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P OUTPUT ACCEPT', P.trimEnd()]);
			await typeCommand(page, 'iptables -t nat -S ISTIO_REDIRECT');
			await expect.poll(() => after(page, 'iptables -t nat -S ISTIO_REDIRECT')).toEqual([
				'-N ISTIO_REDIRECT',
				'-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
				P.trimEnd(),
			]);
			expect(watch.problems).toEqual([]);
		});

		test('a run button types its command into the terminal and runs it', async ({ page, watch }) => {
			await openLab(page, l.lang);
			const button = page.getByRole('button', { name: `${l.run}iptables -t nat -S ISTIO_OUTPUT`, exact: true });
			await button.click();
			await expect.poll(() => after(page, 'iptables -t nat -S ISTIO_OUTPUT')).toContain('-N ISTIO_OUTPUT');
			expect((await after(page, 'iptables -t nat -S ISTIO_OUTPUT')).at(-1)).toBe(P.trimEnd());
			// A keyboard user stays where they were reading.
			await expect(button).toBeFocused();
			await page.getByRole('button', { name: `${l.run}iptables -t nat -S | head -3`, exact: true }).press('Enter');
			await expect.poll(() => after(page, 'iptables -t nat -S | head -3')).toEqual(['-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P OUTPUT ACCEPT', P.trimEnd()]);
			expect(watch.problems).toEqual([]);
		});

		test('a ?run= link types its commands visibly and keeps HTML as text', async ({ page, watch }) => {
			const dialogs: string[] = [];
			page.on('dialog', (d) => {
				dialogs.push(d.message());
				void d.dismiss();
			});
			// Record every state of the terminal's rows, to see the commands being typed.
			await page.addInitScript(() => {
				const frames: string[] = [];
				(window as unknown as { labFrames: string[] }).labFrames = frames;
				new MutationObserver(() => {
					const rows = document.querySelector('sidecar-lab[data-scenario="recorder-pod"] .xterm-rows');
					if (rows instanceof HTMLElement && frames.length < 2000) frames.push(rows.innerText.replace(/\u00a0/g, ' '));
				}).observe(document, { subtree: true, childList: true, characterData: true });
			});
			const html = '<img src=x onerror=alert(1)><b>bold</b>';
			const query = `?run=${encodeURIComponent('iptables -t nat -S ISTIO_INBOUND')}&run=${encodeURIComponent(html)}`;
			await openLab(page, l.lang, query);
			await expect.poll(() => screenText(page), { timeout: 15_000 }).toContain(`${P}${html}`);
			const rows = await screenRows(page);
			expect(rows).toContain(l.intro);
			// Typed is not yet run: wait for the last line's answer and the prompt after it.
			await expect.poll(() => after(page, 'iptables -t nat -S ISTIO_INBOUND'), { timeout: 15_000 }).toEqual([
				'-N ISTIO_INBOUND',
				'-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN',
				'-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
				'-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN',
				'-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN',
				'-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
				`${P}${html}`,
				"bash: syntax error near unexpected token `('", // as bash says: the link's text is a command line
				P.trimEnd(),
			]);
			// Typed visibly: the prompt line went through parts of the command before the whole.
			const frames = await page.evaluate(() => (window as unknown as { labFrames: string[] }).labFrames);
			const whole = `${P}iptables -t nat -S ISTIO_INBOUND`;
			const partial = frames.flatMap((f) => f.split('\n')).map((r) => r.trimEnd()).filter((r) => r.length > P.length + 2 && whole.startsWith(r) && r !== whole);
			expect(new Set(partial).size).toBeGreaterThan(5);
			// Text, never markup: nothing from the link became an element, nothing ran.
			await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] img, sidecar-lab[data-scenario="recorder-pod"] b')).toHaveCount(0);
			expect(dialogs).toEqual([]);
			expect(watch.problems).toEqual([]);
		});

		test('Tab completes commands and file names', async ({ page, watch }) => {
			await openLab(page, l.lang);
			await page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-helper-textarea').focus();
			await page.keyboard.type('iptables-sa');
			await page.keyboard.press('Tab');
			await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(`${P}iptables-save`);
			await page.keyboard.press('Control+u');
			await page.keyboard.type('cat /etc/pas');
			await page.keyboard.press('Tab');
			await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(`${P}cat /etc/passwd`);
			await page.keyboard.press('Enter');
			await expect.poll(() => after(page, 'cat /etc/passwd')).toEqual(['root:x:0:0:root:/root:/bin/bash', 'istio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh', P.trimEnd()]);
			expect(watch.problems).toEqual([]);
		});

		test('a multi-line paste runs line by line, Chinese text included', async ({ page, watch }) => {
			await openLab(page, l.lang);
			const input = page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-helper-textarea');
			await input.focus();
			// What the browser does on Ctrl-V: a paste event carrying the clipboard's text.
			await input.evaluate((el, text) => {
				const data = new DataTransfer();
				data.setData('text/plain', text);
				el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
			}, 'echo 你好\necho two\n');
			await expect.poll(() => after(page, 'echo 你好')).toEqual(['你好', `${P}echo two`, 'two', P.trimEnd()]);
			expect(watch.problems).toEqual([]);
		});

		test('Ctrl-C with text selected copies it instead of interrupting', async ({ page, context, watch }) => {
			await context.grantPermissions(['clipboard-read', 'clipboard-write']);
			await openLab(page, l.lang);
			await typeCommand(page, 'echo copy-me-please');
			await expect.poll(() => after(page, 'echo copy-me-please')).toEqual(['copy-me-please', P.trimEnd()]);
			// Double-click selects the word under the pointer, as in any terminal.
			const rows = page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-rows > div');
			const index = (await screenRows(page)).lastIndexOf('copy-me-please');
			const row = await rows.nth(index).boundingBox();
			if (row === null) throw new Error('no row');
			await page.mouse.dblclick(row.x + 20, row.y + row.height / 2);
			await page.keyboard.press('Control+c');
			await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('copy-me-please');
			expect((await screenRows(page)).at(-1)).toBe(P.trimEnd()); // no ^C
			expect(watch.problems).toEqual([]);
		});

		test('↑ brings back earlier lines', async ({ page, watch }) => {
			await openLab(page, l.lang);
			await typeCommand(page, 'echo one');
			await typeCommand(page, 'echo two');
			await expect.poll(() => after(page, 'echo two')).toEqual(['two', P.trimEnd()]);
			await page.keyboard.press('ArrowUp');
			await page.keyboard.press('ArrowUp');
			await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(`${P}echo one`);
			await page.keyboard.press('Enter');
			await expect.poll(async () => (await screenRows(page)).slice(-2)).toEqual(['one', P.trimEnd()]);
			expect(watch.problems).toEqual([]);
		});

		test('Ctrl-C stops a running sleep at once', async ({ page, watch }) => {
			await openLab(page, l.lang);
			await typeCommand(page, 'sleep 10');
			await page.waitForTimeout(300);
			expect(await after(page, 'sleep 10')).toEqual([]);
			const pressed = Date.now();
			await page.keyboard.press('Control+c');
			await expect.poll(() => after(page, 'sleep 10'), { timeout: 2000 }).toEqual(['^C', P.trimEnd()]);
			expect(Date.now() - pressed).toBeLessThan(2000);
			expect(watch.problems).toEqual([]);
		});

		test('Reset restores the rules and says so', async ({ page, watch }) => {
			await openLab(page, l.lang);
			await typeCommand(page, 'iptables -t nat -F');
			await typeCommand(page, 'iptables -t nat -S | wc -l');
			await expect.poll(() => after(page, 'iptables -t nat -S | wc -l')).toEqual(['8', P.trimEnd()]);
			await page.locator('sidecar-lab[data-scenario="recorder-pod"]').getByRole('button', { name: l.reset, exact: true }).click();
			await expect.poll(() => screenRows(page)).toEqual([l.resetDone, P.trimEnd()]);
			// Focus is back in the terminal: type straight away.
			await page.keyboard.type('iptables -t nat -S | wc -l');
			await page.keyboard.press('Enter');
			await expect.poll(() => after(page, 'iptables -t nat -S | wc -l')).toEqual(['26', P.trimEnd()]);
			expect(watch.problems).toEqual([]);
		});

		test('the text size control makes the terminal larger, and is remembered', async ({ page, watch }) => {
			await openLab(page, l.lang);
			const lab = page.locator('sidecar-lab[data-scenario="recorder-pod"]');
			const size = lab.locator('[data-lab-font-size]');
			const before = Number.parseInt((await size.textContent()) ?? '', 10);
			await lab.getByRole('button', { name: l.larger, exact: true }).click();
			await expect(size).toHaveText(`${before + 2}px`);
			await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-rows')).toHaveCSS('font-size', `${before + 2}px`);
			await page.reload();
			await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'ready');
			await expect(size).toHaveText(`${before + 2}px`);
			expect(watch.problems).toEqual([]);
		});

		test('Escape leaves the terminal and Tab moves on: no keyboard trap', async ({ page, watch }) => {
			await openLab(page, l.lang);
			const input = page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-helper-textarea');
			await input.focus();
			await page.keyboard.press('Tab'); // completion, not a way out
			await expect(input).toBeFocused();
			await page.keyboard.press('Escape');
			await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] [data-lab-help]')).toBeFocused();
			await page.keyboard.press('Tab');
			expect(await page.evaluate(() => document.activeElement?.closest('sidecar-lab') === null && document.activeElement !== document.body)).toBe(true);
			await page.keyboard.press('Shift+Tab');
			await expect(input).toBeFocused();
			// The terminal's input is described by the help line that says how to leave.
			const help = await input.getAttribute('aria-describedby');
			expect(await page.locator(`#${help}`).textContent()).toContain('Esc');
			expect(watch.problems).toEqual([]);
		});

		test('the terminal follows the page between dark and light', async ({ page, watch }) => {
			await page.emulateMedia({ colorScheme: 'dark' });
			await openLab(page, l.lang);
			const rows = page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-rows');
			await expect(rows).toHaveCSS('color', 'rgb(230, 237, 243)'); // LAB_THEMES.dark.foreground
			// What Starlight's theme picker does.
			await page.evaluate(() => {
				document.documentElement.dataset.theme = 'light';
			});
			await expect(rows).toHaveCSS('color', 'rgb(31, 35, 40)'); // LAB_THEMES.light.foreground
			expect(watch.problems).toEqual([]);
		});

		test('axe finds nothing serious with the lab open, in both colour schemes', async ({ page, watch }) => {
			for (const scheme of ['light', 'dark'] as const) {
				await page.emulateMedia({ colorScheme: scheme });
				await openLab(page, l.lang);
				await typeCommand(page, 'iptables -t nat -S | head -3');
				await expect.poll(() => after(page, 'iptables -t nat -S | head -3')).toHaveLength(4);
				const result = await new AxeBuilder({ page }).analyze();
				const serious = result.violations
					.filter((v) => v.impact === 'serious' || v.impact === 'critical')
					.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
				expect(serious, scheme).toEqual([]);
			}
			expect(watch.problems).toEqual([]);
		});

		test('screenshots: wide and narrow screens', async ({ page, watch }) => {
			for (const [name, width, height] of [['wide', 1440, 900], ['narrow', 390, 844]] as const) {
				await page.setViewportSize({ width, height });
				await openLab(page, l.lang);
				await typeCommand(page, 'iptables -t nat -L ISTIO_OUTPUT -n --line-numbers');
				// At these widths lines wrap: wait for the chain's last rule and the next prompt.
				await expect.poll(() => screenText(page)).toContain('ISTIO_REDIRECT');
				await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(P.trimEnd());
				await page.locator('sidecar-lab[data-scenario="recorder-pod"]').scrollIntoViewIfNeeded();
				await screenshot(page, `lab-${name}-${l.lang}`, false);
			}
			await page.emulateMedia({ colorScheme: 'dark' });
			await page.setViewportSize({ width: 1440, height: 900 });
			await openLab(page, l.lang);
			await page.getByRole('button', { name: `${l.run}iptables -t nat -L -n -v --line-numbers`, exact: true }).click();
			await expect.poll(() => screenText(page)).toContain('Chain ISTIO_OUTPUT');
			await screenshot(page, `lab-wide-dark-${l.lang}`, false);
			expect(watch.problems).toEqual([]);
		});
	});
}

test.describe('lazy loading', () => {
	/** Pushes the lesson a few screens down, so the lab starts far from the viewport. */
	async function farAway(page: Page): Promise<string[]> {
		const loaded: string[] = [];
		page.on('request', (r) => {
			if (/\/_astro\/(mount|xterm)\.[^/]*\.(js|css)$/.test(new URL(r.url()).pathname)) loaded.push(new URL(r.url()).pathname);
		});
		await page.addInitScript(() => {
			new MutationObserver((_, observer) => {
				const layout = document.querySelector('.lab-layout');
				if (layout === null) return;
				const spacer = document.createElement('div');
				spacer.style.height = '5000px';
				layout.before(spacer);
				observer.disconnect();
			}).observe(document, { childList: true, subtree: true });
		});
		return loaded;
	}

	test('the terminal loads only when the lab nears the viewport', async ({ page, watch }) => {
		const loaded = await farAway(page);
		await page.goto('/en/guide/', { waitUntil: 'networkidle' });
		await page.waitForTimeout(300);
		expect(loaded).toEqual([]);
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'idle');
		// Without the terminal the recorded fallback is there.
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] [data-lab-fallback] pre')).toContainText('Chain ISTIO_OUTPUT');
		await page.locator('sidecar-lab[data-scenario="recorder-pod"]').scrollIntoViewIfNeeded();
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'ready');
		expect(loaded.some((p) => p.includes('/mount.'))).toBe(true);
		expect(loaded.some((p) => p.includes('/xterm.'))).toBe(true);
		expect(watch.problems).toEqual([]);
	});

	test('focusing the lab loads it and puts the cursor in the terminal', async ({ page, watch }) => {
		await farAway(page);
		await page.goto('/zh/guide/', { waitUntil: 'networkidle' });
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'idle');
		await page.locator('sidecar-lab[data-scenario="recorder-pod"] [data-lab-fallback] pre').focus();
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'ready');
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] .xterm-helper-textarea')).toBeFocused();
		await page.keyboard.type('echo hi');
		await page.keyboard.press('Enter');
		await expect.poll(() => after(page, 'echo hi')).toEqual(['hi', P.trimEnd()]);
		expect(watch.problems).toEqual([]);
	});

	test('if the terminal cannot load, the recording stays and the lab says why', async ({ page, watch }) => {
		await page.route(/\/_astro\/mount\.[^/]*\.js$/, (route) => route.abort());
		await page.goto('/en/guide/');
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).toHaveAttribute('data-state', 'failed');
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] [data-lab-status]')).toContainText('The terminal could not be loaded');
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] [data-lab-fallback] pre')).toBeVisible();
		await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"] [data-lab-tools]')).toBeHidden();
		// The only problems are the ones this test caused.
		expect(watch.problems.filter((p) => !/mount\.[\w-]+\.js|net::ERR_FAILED/.test(p))).toEqual([]);
		expect(watch.problems.some((p) => p.includes('sidecar-lab: the terminal did not load'))).toBe(true);
	});

	test('pages without a lab never load the terminal', async ({ page, watch }) => {
		const loaded = await farAway(page);
		for (const url of ['/en/', '/zh/', '/en/reference/ports/', '/zh/lessons/']) {
			await page.goto(url, { waitUntil: 'networkidle' });
			await expect(page.locator('sidecar-lab')).toHaveCount(0);
		}
		expect(loaded).toEqual([]);
		expect(watch.problems).toEqual([]);
	});
});
