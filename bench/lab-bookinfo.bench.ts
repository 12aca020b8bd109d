// The Bookinfo world lab in headless Chromium, on a lesson page whose lab starts in a pod
// (/en/lessons/iptables-capture/, `<Lab scenario="bookinfo" at="productpage-v1">`):
//
//   ready    from the lab becoming visible (mark `sidecar-lab:visible`) to a prompt that accepts
//            keys (`sidecar-lab:ready`), the lab's data (/lab-data/) fetched and the world built;
//            median of 10 page loads with a cold cache, and 10 reloads with a warm one.
//   command  main-thread time of one command: from the Enter keydown to the `sidecar-lab:ran`
//            event, which the terminal dispatches in the same task once the line has ended
//            (editor, shell, simulator and the write to xterm; xterm's drawing comes after, in
//            its own frame). 10 runs of each command; p50 and p99 over all runs, and per command.
//            Each command runs once before: a first use may wait for its command group (a chunk
//            fetched and evaluated, src/lab/lazy-commands.ts), time in which the line is waiting,
//            not the main thread working; that first run is reported on its own.
//
//   npm run build && npm run bench -- lab-bookinfo

import type { Page } from '@playwright/test';
import { labMarks, launchChromium, serveBuiltSite } from './browser';

const RUNS = 10;
const URL_PATH = '/en/lessons/iptables-capture/';
const COMMANDS = [
	'iptables -t nat -S',
	'iptables -t nat -L -n -v --line-numbers',
	'iptables-save',
	'ss -ltnp',
	'ss -tanp',
	'ip addr',
	'ps aux',
	'conntrack -L',
	'kubectl get pods -o wide',
	'kubectl describe pod productpage-v1-54bb874995-hhx8q',
	'cat /proc/net/tcp | head -5',
	'iptables -t nat -S | grep REDIRECT | sort | uniq -c',
];

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number): number => {
	const s = sorted(xs);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

/** The phases of one start: visible → load asked → code, styles and data in → world built → xterm open → prompt drawn. */
interface Phases {
	readonly total: number;
	readonly toLoad: number;
	readonly toCode: number;
	readonly toWorld: number;
	readonly toTerminal: number;
	readonly toReady: number;
}

/** ready − visible (0 when the lab was ready before it came into view), and its phases. */
async function readyTime(page: Page): Promise<Phases> {
	const t = await labMarks(page);
	return { total: Math.max(0, t.ready - t.visible), toLoad: Math.max(0, t.load - t.visible), toCode: t.code - t.load, toWorld: t.world - t.code, toTerminal: t.terminal - t.world, toReady: t.ready - t.terminal };
}

const phaseLine = (runs: readonly Phases[]): string => {
	const p50 = (f: (r: Phases) => number): string => pct(runs.map(f), 50).toFixed(1);
	return `visible→load ${p50((r) => r.toLoad)}, code+styles+data ${p50((r) => r.toCode)}, session+world ${p50((r) => r.toWorld)}, xterm open ${p50((r) => r.toTerminal)}, prompt drawn ${p50((r) => r.toReady)} (p50 of each, ms)`;
};

async function main(): Promise<void> {
	const { server, base } = await serveBuiltSite(URL_PATH);
	const browser = await launchChromium();
	try {
		const cold: Phases[] = [];
		const warm: Phases[] = [];
		for (let i = 0; i < RUNS; i++) {
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const page = await context.newPage();
			await page.goto(`${base}${URL_PATH}`);
			cold.push(await readyTime(page));
			await page.reload();
			warm.push(await readyTime(page));
			await context.close();
		}
		console.log(`Bookinfo lab ready on ${URL_PATH}: from visible to a prompt that accepts keys (target < 300 ms), ${RUNS} runs`);
		for (const [name, runs] of [['cold cache', cold], ['warm cache', warm]] as const) {
			const totals = runs.map((r) => r.total);
			console.log(`  ${name}   p50 ${pct(totals, 50).toFixed(1)} ms   min ${Math.min(...totals).toFixed(1)}   max ${Math.max(...totals).toFixed(1)}`);
			console.log(`               ${phaseLine(runs)}`);
		}

		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		await page.addInitScript(() => {
			const w = window as unknown as { enterAt: number; took: number[] };
			w.took = [];
			document.addEventListener('keydown', (e) => {
				if (e.key === 'Enter') w.enterAt = performance.now();
			}, true);
			document.addEventListener('sidecar-lab:ran', () => w.took.push(performance.now() - w.enterAt));
		});
		await page.goto(`${base}${URL_PATH}`);
		await readyTime(page);
		const input = page.locator('sidecar-lab .xterm-helper-textarea').first();
		await input.focus();
		const all: number[] = [];
		const per: string[] = [];
		const firsts: string[] = [];
		for (const command of COMMANDS) {
			const mine: number[] = [];
			for (let i = -1; i < RUNS; i++) {
				await page.keyboard.type(command);
				const before = await page.evaluate(() => (window as unknown as { took: number[] }).took.length);
				await page.keyboard.press('Enter');
				await page.waitForFunction((n) => (window as unknown as { took: number[] }).took.length > n, before);
				const took = await page.evaluate(() => (window as unknown as { took: number[] }).took.at(-1) ?? Number.NaN);
				if (i < 0) firsts.push(`${command.split(' ')[0]} ${took.toFixed(1)}`);
				else mine.push(took);
				await page.keyboard.type('clear');
				await page.keyboard.press('Enter');
				await page.waitForTimeout(20);
			}
			all.push(...mine);
			per.push(`  ${command.padEnd(56)} p50 ${pct(mine, 50).toFixed(1).padStart(5)} ms   max ${Math.max(...mine).toFixed(1).padStart(5)} ms`);
		}
		console.log(`Command main-thread time, Enter to the line's end (frame budget 16 ms), ${COMMANDS.length} commands x ${RUNS}`);
		console.log(`  all          p50 ${pct(all, 50).toFixed(1)} ms   p99 ${pct(all, 99).toFixed(1)} ms   max ${Math.max(...all).toFixed(1)} ms`);
		for (const line of per) console.log(line);
		console.log(`First use of each command, Enter to the line's end, its group's fetch included (ms): ${firsts.join(', ')}`);
		await context.close();
	} finally {
		await browser.close();
		server.kill();
	}
}

await main();
