import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

// The lab's Full window mode (src/components/lab/focus.ts) on the guide page, in both languages:
// entered from the keyboard, the panel covers the viewport above Starlight's header, the terminal
// gets its columns (so `iptables -L -v` rows stop wrapping), the page behind neither scrolls nor
// takes focus, Esc and Tab never trap, and leaving puts back the layout, the scroll position and
// the same terminal with its output, history and session. Axe with the mode on, in both colour
// schemes; screenshots wide and narrow.

const LAB = 'sidecar-lab[data-scenario="recorder-pod"]';
const P = 'root@sidecar-pod:~# ';
/** A lab of the page and its prompt; the guide's rules lab unless a test says otherwise. */
interface Term {
	readonly lab: string;
	readonly prompt: string;
}
const GUIDE: Term = { lab: LAB, prompt: P };
const LIST = 'iptables -t nat -L -n -v --line-numbers';
/** ISTIO_OUTPUT's rule 2 as iptables 1.8 prints it with -v: 137 columns. */
const RULE = '2        0     0 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner UID match 1337';
const LANGS = [
	{ lang: 'en', focus: 'Full window', help: 'In full window, Esc outside the terminal takes you back to the page.' },
	{ lang: 'zh', focus: '铺满窗口', help: '铺满窗口时，在终端外按 Esc 即回到页面。' },
] as const;

/** What the terminal shows, row by row (xterm's DOM renderer: one div per row). */
async function screenRows(page: Page, term: Term = GUIDE): Promise<string[]> {
	const text = await page.locator(`${term.lab} .xterm-rows`).innerText();
	const rows = text.replace(/\u00a0/g, ' ').split('\n').map((row) => row.trimEnd());
	while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
	return rows;
}

/** The rows after the last time `line` was shown at a prompt. */
async function after(page: Page, line: string, term: Term = GUIDE): Promise<string[]> {
	const rows = await screenRows(page, term);
	const at = rows.lastIndexOf(term.prompt + line);
	return at < 0 ? [] : rows.slice(at + 1);
}

async function openLab(page: Page, lang: string): Promise<void> {
	// Keep what the terminal reports about each line it ran (element.ts's `sidecar-lab:ran`).
	await page.addInitScript(() => {
		const ran: { line: string; output: string }[] = [];
		(window as unknown as { labRan: typeof ran }).labRan = ran;
		document.addEventListener('sidecar-lab:ran', (e) => {
			const { line, output } = (e as CustomEvent<{ line: string; output: string }>).detail;
			ran.push({ line, output });
		});
	});
	await page.goto(`/${lang}/guide/`);
	await expect(page.locator(LAB)).toHaveAttribute('data-state', 'ready');
	await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(P.trimEnd());
}

/** What the terminal printed for the last run of `line`, as lines (the event's text, unwrapped). */
async function printed(page: Page, line: string): Promise<string[]> {
	const ran = await page.evaluate(() => (window as unknown as { labRan: { line: string; output: string }[] }).labRan);
	const last = ran.filter((r) => r.line === line).at(-1);
	if (last === undefined) throw new Error(`${line} did not run`);
	return last.output.replace(/\n$/, '').split('\n');
}

async function typeCommand(page: Page, command: string, term: Term = GUIDE): Promise<void> {
	await page.locator(`${term.lab} .xterm-helper-textarea`).focus();
	await page.keyboard.type(command);
	await page.keyboard.press('Enter');
}

/**
 * The terminal's width in columns: a line longer than any screen, put at the prompt the way a
 * paste puts it, wraps after exactly that many cells. Cleared again with Ctrl-U.
 */
async function columns(page: Page, term: Term = GUIDE): Promise<number> {
	const input = page.locator(`${term.lab} .xterm-helper-textarea`);
	await input.focus();
	const probe = `#${'x'.repeat(499)}`;
	await input.evaluate((el, text) => {
		const data = new DataTransfer();
		data.setData('text/plain', text);
		el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, probe);
	let width = 0;
	await expect.poll(async () => {
		const row = (await screenRows(page, term)).find((r) => r.startsWith(`${term.prompt}#x`));
		width = row?.length ?? 0;
		return width;
	}).toBeGreaterThan(term.prompt.length + 1);
	await page.keyboard.press('Control+u');
	await expect.poll(async () => (await screenRows(page, term)).at(-1)).toBe(term.prompt.trimEnd());
	return width;
}

/** Tab from Reset, the toolbar's first button, to the Full window button: the keyboard's way in. */
async function tabToFocusButton(page: Page, name: string, term: Term = GUIDE): Promise<void> {
	const lab = page.locator(term.lab);
	await lab.locator('[data-lab-action="reset"]').focus();
	const button = lab.getByRole('button', { name, exact: true });
	for (let i = 0; i < 3 && !(await button.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
	await expect(button).toBeFocused();
}

/** Where the page is and how it is laid out: what leaving Full window must give back. */
async function pageState(page: Page): Promise<{ scrollY: number; lab: unknown; prose: unknown; inert: number }> {
	return page.evaluate((selector) => {
		const box = (el: Element | null): unknown => {
			const r = el?.getBoundingClientRect();
			return r === undefined ? null : { x: r.x, y: r.y, width: r.width, height: r.height };
		};
		return {
			scrollY: window.scrollY,
			lab: box(document.querySelector(`${selector} .lab`)),
			prose: box(document.querySelector('.lab-layout-prose')),
			inert: document.querySelectorAll('[inert]').length,
		};
	}, LAB);
}

function seriousOnly(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): { id: string; nodes: string[] }[] {
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

for (const l of LANGS) {
	test.describe(`full window lab on /${l.lang}/guide/`, () => {
		test.use({ viewport: { width: 1440, height: 900 } });

		test('the keyboard enters it, iptables -L -v rows stop wrapping, and leaving gives the page back', async ({ page, watch }) => {
			await openLab(page, l.lang);
			const lab = page.locator(LAB);
			const button = lab.getByRole('button', { name: l.focus, exact: true });
			await expect(button).toHaveAttribute('aria-pressed', 'false');
			await expect(lab.locator('[data-lab-help] .lab-help-focus')).toBeHidden();
			// Something of the session to find again afterwards: a chain of our own, a line of history.
			await typeCommand(page, 'iptables -t nat -N FOCUS-CHECK');
			await expect.poll(() => after(page, 'iptables -t nat -N FOCUS-CHECK')).toEqual([P.trimEnd()]);
			const narrow = await columns(page);
			await typeCommand(page, LIST);
			await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(P.trimEnd());
			// Beside the prose the rule does not fit in a row: it wraps.
			expect(narrow).toBeLessThan(RULE.length);
			expect(await screenRows(page)).not.toContain(RULE);
			// The page's other lab loads as it nears the viewport and then grows its toolbar and help
			// line: have it loaded now, so that the page's layout is settled before it is measured.
			await page.locator('sidecar-lab#bookinfo-lab').evaluate((el) => (el as HTMLElement & { load(): Promise<unknown> }).load());
			await expect(page.locator('sidecar-lab#bookinfo-lab')).toHaveAttribute('data-state', 'ready');
			// Scroll the prose, to see the way back land here again.
			await page.mouse.move(300, 600);
			await page.mouse.wheel(0, 700);
			await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
			await tabToFocusButton(page, l.focus);
			// (Taken after the Tabs: the browser may nudge the page to show a focused button near
			// Starlight's header, which is no business of Full window's.)
			const before = await pageState(page);
			await page.keyboard.press('Enter');
			await expect(button).toHaveAttribute('aria-pressed', 'true');
			await expect(button).toBeFocused();
			// Over the whole viewport, above Starlight's header.
			expect(await lab.locator('.lab').boundingBox()).toEqual({ x: 0, y: 0, width: 1440, height: 900 });
			expect(await page.evaluate((s) => document.elementFromPoint(700, 20)?.closest(s) !== null, LAB)).toBe(true);
			// The help line tells how to come back; beside the prose it does not.
			await expect(lab.locator('[data-lab-help] .lab-help-focus')).toBeVisible();
			await expect(lab.locator('[data-lab-help]')).toContainText(l.help);
			const wide = await columns(page);
			expect(wide).toBeGreaterThan(120);
			// The page behind does not scroll.
			for (const [x, y] of [[700, 400], [100, 15]] as const) {
				await page.mouse.move(x, y);
				await page.mouse.wheel(0, 800);
			}
			await page.waitForTimeout(200); // a scroll would have happened by now
			expect(await page.evaluate(() => window.scrollY)).toBe(before.scrollY);

			await typeCommand(page, 'clear');
			await typeCommand(page, LIST);
			await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(P.trimEnd());
			const lines = await printed(page, LIST);
			expect(lines).toContain(RULE);
			expect(lines).toContain('Chain FOCUS-CHECK (0 references)'); // the same session
			// Every line of the output is one row: nothing wrapped. The screen shows all of it but
			// perhaps its first rows (50 rows for 51 lines); blank rows aside, as the DOM renderer's
			// empty rows have no text.
			const expected = [`${P}${LIST}`, ...lines.map((line) => line.trimEnd()), P.trimEnd()].filter((r) => r !== '');
			const shown = (await screenRows(page)).filter((r) => r !== '');
			expect(shown.length).toBeGreaterThan(expected.length - 5);
			expect(shown).toEqual(expected.slice(-shown.length));
			expect(shown).toContain(RULE);

			// Back: Esc leaves the terminal (as everywhere), a second Esc leaves Full window.
			await page.keyboard.press('Escape');
			await expect(lab.locator('[data-lab-help]')).toBeFocused();
			await expect(button).toHaveAttribute('aria-pressed', 'true');
			await page.keyboard.press('Escape');
			await expect(button).toHaveAttribute('aria-pressed', 'false');
			await expect(button).toBeFocused();
			await expect(lab.locator('[data-lab-help] .lab-help-focus')).toBeHidden();
			expect(await pageState(page)).toEqual(before);
			expect(await page.evaluate(() => document.documentElement.dataset.labFocus)).toBeUndefined();
			// The same terminal: back to its old width, the output still there, the history too.
			expect(await columns(page)).toBe(narrow);
			await expect.poll(() => screenRows(page)).toContain(RULE.slice(0, narrow).trimEnd());
			await page.keyboard.press('ArrowUp');
			await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(`${P}${LIST}`);
			expect(watch.problems).toEqual([]);
		});

		test('no keyboard trap, nothing reachable behind, and the button leaves too', async ({ page, watch }) => {
			await openLab(page, l.lang);
			const lab = page.locator(LAB);
			const button = lab.getByRole('button', { name: l.focus, exact: true });
			const input = lab.locator('.xterm-helper-textarea');
			await tabToFocusButton(page, l.focus);
			await page.keyboard.press('Space');
			await expect(button).toHaveAttribute('aria-pressed', 'true');
			// The button is the toolbar's last: Tab goes on into the terminal, Shift-Tab comes back.
			await page.keyboard.press('Tab');
			await expect(input).toBeFocused();
			await page.keyboard.press('Shift+Tab');
			await expect(button).toBeFocused();
			await page.keyboard.press('Tab');
			await page.keyboard.press('Tab'); // completion, inside the terminal
			await expect(input).toBeFocused();
			await page.keyboard.press('Escape');
			await expect(lab.locator('[data-lab-help]')).toBeFocused();
			// On from the help line, Tab stays in the lab: the page behind the panel is inert,
			// the other lab of the page with it.
			const visited: string[] = [];
			for (let i = 0; i < 6; i++) {
				await page.keyboard.press('Tab');
				visited.push(await page.evaluate((s) => {
					const a = document.activeElement;
					if (a === null || a === document.body) return 'body';
					return a.closest(s) !== null ? `lab:${a.getAttribute('data-lab-action') ?? a.tagName.toLowerCase()}` : `page:${a.tagName.toLowerCase()}`;
				}, LAB));
			}
			expect(visited.filter((v) => v.startsWith('page:'))).toEqual([]);
			expect(visited).toContain('lab:reset');
			expect(visited).toContain('lab:focus');
			expect(await page.locator('sidecar-lab#bookinfo-lab').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
			// Esc on a toolbar button leaves; so does pressing the button again.
			await lab.locator('[data-lab-action="larger"]').focus();
			await page.keyboard.press('Escape');
			await expect(button).toHaveAttribute('aria-pressed', 'false');
			await expect(button).toBeFocused();
			await page.keyboard.press('Enter');
			await expect(button).toHaveAttribute('aria-pressed', 'true');
			await page.keyboard.press('Enter');
			await expect(button).toHaveAttribute('aria-pressed', 'false');
			expect(await page.evaluate(() => document.querySelectorAll('[inert]').length)).toBe(0);
			expect(watch.problems).toEqual([]);
		});

		test('on a phone the lab gets the whole screen, and the page is as it was afterwards', async ({ page, watch }) => {
			await page.setViewportSize({ width: 390, height: 844 });
			await openLab(page, l.lang);
			const lab = page.locator(LAB);
			const button = lab.getByRole('button', { name: l.focus, exact: true });
			await page.locator('sidecar-lab#bookinfo-lab').evaluate((el) => (el as HTMLElement & { load(): Promise<unknown> }).load());
			await expect(page.locator('sidecar-lab#bookinfo-lab')).toHaveAttribute('data-state', 'ready');
			const inline = await columns(page);
			// The lab inline above the prose, scrolled up to just below Starlight's header.
			await page.evaluate((s) => window.scrollTo(0, (document.querySelector(s)?.getBoundingClientRect().top ?? 0) + window.scrollY - 100), LAB);
			const before = await pageState(page);
			expect(before.scrollY).toBeGreaterThan(0);
			await button.focus();
			await page.keyboard.press('Enter');
			expect(await lab.locator('.lab').boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
			expect(await columns(page)).toBeGreaterThan(inline);
			await button.focus();
			await page.keyboard.press('Enter');
			await expect(button).toHaveAttribute('aria-pressed', 'false');
			expect(await pageState(page)).toEqual(before);
			expect(await columns(page)).toBe(inline);
			expect(watch.problems).toEqual([]);
		});

		test('a lesson: the Bookinfo lab in productpage\'s netns fills the window as well', async ({ page, watch }) => {
			await page.goto(`/${l.lang}/lessons/ports-and-components/`);
			const lab = page.locator('sidecar-lab').first();
			await expect(lab).toHaveAttribute('data-state', 'ready');
			// A handle on this lab for the helpers, which take a selector.
			const scenario = await lab.evaluate((el) => {
				el.setAttribute('data-test-lab', '');
				return el.dataset.scenario;
			});
			expect(scenario).toBe('bookinfo');
			let shownPrompt = '';
			await expect.poll(async () => {
				shownPrompt = (await screenRows(page, { lab: 'sidecar-lab[data-test-lab]', prompt: '' })).at(-1) ?? '';
				return shownPrompt;
			}).toMatch(/[#$]$/);
			const term: Term = { lab: 'sidecar-lab[data-test-lab]', prompt: `${shownPrompt} ` };
			const inline = await columns(page, term);
			await tabToFocusButton(page, l.focus, term);
			await page.keyboard.press('Enter');
			await expect(lab.getByRole('button', { name: l.focus, exact: true })).toHaveAttribute('aria-pressed', 'true');
			const wide = await columns(page, term);
			expect(wide).toBeGreaterThan(120);
			expect(wide).toBeGreaterThan(inline * 2);
			const line = 'iptables -t nat -L ISTIO_OUTPUT -n -v --line-numbers';
			await typeCommand(page, line, term);
			await expect.poll(async () => (await screenRows(page, term)).at(-1)).toBe(term.prompt.trimEnd());
			// The whole chain, one row per line, though rule 2 is wider than the lab beside the prose.
			expect(await after(page, line, term)).toEqual([
				'Chain ISTIO_OUTPUT (1 references)',
				'num   pkts bytes target     prot opt in     out     source               destination',
				'1        0     0 RETURN     0    --  *      lo      127.0.0.6            0.0.0.0/0',
				RULE,
				'3        0     0 RETURN     0    --  *      lo      0.0.0.0/0            0.0.0.0/0            ! owner UID match 1337',
				'4        4   240 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner UID match 1337',
				'5        0     0 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner GID match 1337',
				'6        0     0 RETURN     0    --  *      lo      0.0.0.0/0            0.0.0.0/0            ! owner GID match 1337',
				'7        0     0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner GID match 1337',
				'8        0     0 RETURN     0    --  *      *       0.0.0.0/0            127.0.0.1',
				'9        0     0 ISTIO_REDIRECT  0    --  *      *       0.0.0.0/0            0.0.0.0/0',
				term.prompt.trimEnd(),
			]);
			expect(inline).toBeLessThan(RULE.length);
			expect(watch.problems).toEqual([]);
		});

		test('axe finds nothing serious in Full window, in both colour schemes', async ({ page, watch }) => {
			for (const scheme of ['light', 'dark'] as const) {
				await page.emulateMedia({ colorScheme: scheme });
				await openLab(page, l.lang);
				await page.locator(LAB).getByRole('button', { name: l.focus, exact: true }).click();
				await typeCommand(page, LIST);
				await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(P.trimEnd());
				await expect(page.locator(`${LAB} [data-lab-action="focus"]`)).toHaveAttribute('aria-pressed', 'true');
				const result = await new AxeBuilder({ page }).analyze();
				expect(seriousOnly(result.violations), scheme).toEqual([]);
			}
			expect(watch.problems).toEqual([]);
		});

		test('screenshots: Full window wide and narrow', async ({ page, watch }) => {
			for (const [name, width, height, scheme] of [['wide', 1440, 900, 'light'], ['narrow', 390, 844, 'light'], ['wide-dark', 1440, 900, 'dark']] as const) {
				await page.emulateMedia({ colorScheme: scheme });
				await page.setViewportSize({ width, height });
				await openLab(page, l.lang);
				const before = await columns(page);
				await page.locator(LAB).getByRole('button', { name: l.focus, exact: true }).click();
				// The lab gets the whole screen, and the terminal at least the columns it had.
				expect(await page.locator(`${LAB} .lab`).boundingBox()).toEqual({ x: 0, y: 0, width, height });
				expect(await columns(page)).toBeGreaterThanOrEqual(before);
				await typeCommand(page, LIST);
				await expect.poll(async () => (await screenRows(page)).at(-1)).toBe(P.trimEnd());
				await screenshot(page, `lab-focus-${name}-${l.lang}`, false);
			}
			expect(watch.problems).toEqual([]);
		});
	});
}
