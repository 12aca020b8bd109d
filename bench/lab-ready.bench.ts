// What a learner waits for in the browser, measured in headless Chromium on the built site:
//
//   ready    from the lab becoming visible (performance mark `sidecar-lab:visible`) to a prompt
//            that accepts keys (`sidecar-lab:ready`: xterm has drawn the first prompt and its
//            input goes to the line editor); median of 10 page loads, target < 300 ms.
//            Three cases: a cold cache, a warm HTTP cache, and a lab below the fold scrolled
//            into view (loading starts one screen ahead).
//   command  the main-thread work of typing a command and seeing its output, from a trace of
//            the renderer's tasks: the longest single task (a frame is 16 ms) and the total, from
//            Enter to the output on screen; 10 runs of each command.
//
//   npm run build && npm run bench -- lab-ready
//
// It starts its own static server (scripts/serve.mjs on a free port) and finds Chromium as
// playwright.config.ts does.

import type { Browser, Page } from '@playwright/test';
import { labMarks, launchChromium, serveBuiltSite } from './browser';

const RUNS = 10;
const P = 'root@sidecar-pod:~#';

const median = (xs: number[]): number => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (xs: number[]): string => `median ${median(xs).toFixed(1)} ms   min ${Math.min(...xs).toFixed(1)}   max ${Math.max(...xs).toFixed(1)}`;

/** Where the time between load and ready went: fetching and running the code, then opening the terminal. */
const split = { code: [] as number[], mount: [] as number[] };

/** ready − visible, once the lab is ready (0 when it was ready before it came into view). */
async function readyTime(page: Page): Promise<number> {
	const t = await labMarks(page);
	split.code.push(t.code - t.load);
	split.mount.push(t.ready - t.code);
	return Math.max(0, t.ready - t.visible);
}

/** Checks that the prompt takes keys: `echo ok` comes back as `ok`. */
async function acceptsKeys(page: Page): Promise<void> {
	await page.locator('sidecar-lab .xterm-helper-textarea').focus();
	await page.keyboard.type('echo ok');
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => /\nok\n/.test((document.querySelector('sidecar-lab .xterm-rows') as HTMLElement | null)?.innerText ?? ''));
}

async function measureReady(browser: Browser, base: string): Promise<void> {
	const cold: number[] = [];
	const warm: number[] = [];
	const scrolled: number[] = [];
	const coldSplit = { code: [] as number[], mount: [] as number[] };
	for (let i = 0; i < RUNS; i++) {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		await page.goto(`${base}/en/guide/`);
		cold.push(await readyTime(page));
		coldSplit.code.push(split.code.at(-1) ?? Number.NaN);
		coldSplit.mount.push(split.mount.at(-1) ?? Number.NaN);
		await acceptsKeys(page);
		await page.reload();
		warm.push(await readyTime(page));
		await context.close();
	}
	for (let i = 0; i < RUNS; i++) {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		await page.addInitScript(() => {
			new MutationObserver((_, observer) => {
				const layout = document.querySelector('.lab-layout');
				if (layout === null) return;
				const spacer = document.createElement('div');
				spacer.style.height = '4000px';
				layout.before(spacer);
				observer.disconnect();
			}).observe(document, { childList: true, subtree: true });
		});
		await page.goto(`${base}/en/guide/`, { waitUntil: 'networkidle' });
		// Scroll as a reader does, a few hundred pixels at a time.
		for (let y = 0; y < 4600; y += 400) {
			await page.mouse.wheel(0, 400);
			await page.waitForTimeout(60);
		}
		scrolled.push(await readyTime(page));
		await context.close();
	}
	console.log('Lab ready: from visible to a prompt that accepts keys (target < 300 ms), 10 runs each');
	console.log(`  cold cache, lab in view at load      ${fmt(cold)}`);
	console.log(`      of which: fetch and run the code  median ${median(coldSplit.code).toFixed(1)} ms; open xterm, build the lab, first prompt on screen  median ${median(coldSplit.mount).toFixed(1)} ms`);
	console.log(`  warm HTTP cache, reload              ${fmt(warm)}`);
	console.log(`  below the fold, scrolled into view   ${fmt(scrolled)}`);
}

interface TraceEvent {
	readonly name: string;
	readonly ph: string;
	readonly ts: number;
	readonly dur?: number;
	readonly pid: number;
	readonly tid: number;
	readonly args?: { readonly name?: string; readonly data?: { readonly frame?: string } };
}

/** A task of the renderer's main thread, in ms. */
interface Task {
	readonly start: number;
	readonly end: number;
}

/** The renderer main thread's top-level tasks between two user-timing marks of the trace. */
function tasksBetween(events: readonly TraceEvent[], start: string, end: string): Task[] {
	const mark = (name: string): TraceEvent | undefined => events.find((e) => e.name === name && e.ph !== 'M');
	const from = mark(start);
	const to = mark(end);
	if (from === undefined || to === undefined) throw new Error(`marks ${start}/${end} missing from the trace`);
	const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === from.pid);
	const tid = main?.tid ?? from.tid;
	// Chromium names them `ThreadControllerImpl::RunTask` (older builds: `RunTask`); nested ones are dropped.
	const tasks = events
		.filter((e) => e.ph === 'X' && /(^|::)RunTask$/.test(e.name) && e.pid === from.pid && e.tid === tid && e.ts + (e.dur ?? 0) >= from.ts && e.ts <= to.ts)
		.map((e) => ({ start: e.ts / 1000, end: (e.ts + (e.dur ?? 0)) / 1000 }))
		.sort((a, b) => a.start - b.start || b.end - a.end);
	const top: Task[] = [];
	for (const t of tasks) if (top.length === 0 || t.start >= (top[top.length - 1] as Task).end) top.push(t);
	return top;
}

/** The task in which the page handled the Enter key: the command runs and xterm parses its output there. */
function keydownTask(events: readonly TraceEvent[], tasks: readonly Task[]): number {
	const keydowns = events.filter((e) => e.name === 'EventDispatch' && (e.args as { data?: { type?: string } } | undefined)?.data?.type === 'keydown');
	const hit = tasks.filter((t) => keydowns.some((k) => k.ts / 1000 >= t.start && k.ts / 1000 <= t.end));
	return Math.max(0, ...hit.map((t) => t.end - t.start));
}

const longestOf = (tasks: readonly Task[]): number => Math.max(0, ...tasks.map((t) => t.end - t.start));
const totalOf = (tasks: readonly Task[]): number => tasks.reduce((sum, t) => sum + (t.end - t.start), 0);

const COMMANDS = [
	{ line: 'iptables -t nat -S | head -3', last: '-P OUTPUT ACCEPT' },
	{ line: 'iptables -t nat -L -n -v --line-numbers', last: 'redir ports 15001' },
	{ line: 'iptables-save', last: '# Completed on' },
	{ line: 'trace --in eth0 10.244.1.6 10.244.1.5:9080', last: '15006' },
	{ line: 'istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -b "*" --dry-run', last: 'COMMIT' },
	{ line: 'help', last: 'Type NAME --help' },
];

async function measureCommands(browser: Browser, base: string): Promise<void> {
	const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
	const page = await context.newPage();
	await page.goto(`${base}/en/guide/`);
	await readyTime(page);
	await acceptsKeys(page);
	console.log('\nTyping a command and seeing its output: main-thread tasks from Enter to the output on screen (target: every task < 16 ms), 10 runs each');
	console.log('  (first run: the first time the command runs in the page, code not yet optimised; then the median of the 10)');
	console.log(`  ${'command'.padEnd(44)} ${'Enter task: first / median'.padEnd(28)} ${'longest task: median / max'.padEnd(28)} total: median`);
	let worst = 0;
	for (const { line, last } of COMMANDS) {
		const longest: number[] = [];
		const totals: number[] = [];
		const keys: number[] = [];
		const enters: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			await page.keyboard.type('clear');
			await page.keyboard.press('Enter');
			await page.waitForFunction((p) => ((document.querySelector('sidecar-lab .xterm-rows') as HTMLElement).innerText.trim() === p), P);
			await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'] });
			await page.evaluate(() => performance.mark('bench:typing'));
			await page.keyboard.type(line);
			// Wait in the page for the output, so nothing from this script runs in between.
			await page.evaluate(
				({ last, prompt }) => {
					const rows = document.querySelector('sidecar-lab .xterm-rows') as HTMLElement;
					(window as unknown as { benchDone: Promise<void> }).benchDone = new Promise((resolve) => {
						// textContent, not innerText: reading must not force a layout of its own.
						const lastRow = (): string => {
							for (let r = rows.lastElementChild; r !== null; r = r.previousElementSibling) {
								const text = (r.textContent ?? '').replace(/\u00a0/g, ' ').trim();
								if (text !== '') return text;
							}
							return '';
						};
						const seen = (): boolean => (rows.textContent ?? '').replace(/\u00a0/g, ' ').includes(last) && lastRow() === prompt;
						new MutationObserver((_, observer) => {
							if (!seen()) return;
							observer.disconnect();
							requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
						}).observe(rows, { subtree: true, childList: true, characterData: true });
					});
					performance.mark('bench:enter');
				},
				{ last, prompt: P },
			);
			await page.keyboard.press('Enter');
			await page.evaluate(async () => {
				await (window as unknown as { benchDone: Promise<void> }).benchDone;
				performance.mark('bench:done');
			});
			const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
			const tasks = tasksBetween(trace.traceEvents, 'bench:enter', 'bench:done');
			const typing = tasksBetween(trace.traceEvents, 'bench:typing', 'bench:enter');
			longest.push(longestOf(tasks));
			enters.push(keydownTask(trace.traceEvents, tasks));
			totals.push(totalOf(tasks));
			keys.push(longestOf(typing));
		}
		worst = Math.max(worst, ...longest);
		const ms = (x: number): string => x.toFixed(1);
		console.log(
			`  ${line.slice(0, 44).padEnd(44)} ${`${ms(enters[0] ?? 0)} / ${ms(median(enters))} ms`.padEnd(28)} ${`${ms(median(longest))} / ${ms(Math.max(...longest))} ms`.padEnd(28)} ${ms(median(totals))} ms   (a key typed: max ${ms(Math.max(...keys))} ms)`,
		);
	}
	console.log(`  longest task seen: ${worst.toFixed(1)} ms${worst < 16 ? ' (under one frame)' : ' (over one frame at least once: see the medians)'}`);
	await context.close();
}

const { server, base } = await serveBuiltSite('/en/guide/');
const browser = await launchChromium(['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']);
try {
	console.log(`Chromium ${browser.version()}, site ${base}`);
	await measureReady(browser, base);
	await measureCommands(browser, base);
} finally {
	await browser.close();
	server.kill('SIGTERM');
}
