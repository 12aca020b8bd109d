import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

// The Bookinfo world lab on the guide page (#bookinfo-world), in both languages: its data comes
// as JSON from /lab-data/, it types and runs commands on the node and in a pod, run buttons,
// a `?lab=&run=` link with hostile text, Tab completion of pods and iptables chains, history,
// Ctrl-C, Reset, the `sidecar-lab:ran` / `sidecar-lab:reset` events, axe with the lab open, and
// screenshots wide and narrow.

const LAB = 'sidecar-lab#bookinfo-lab';
const NODE = 'root@kind-worker:~# ';
const PROXY = 'istio-proxy@productpage-v1-54bb874995-hhx8q:/$ ';
const PODS = [
	'NAME                              READY   STATUS    RESTARTS   AGE',
	'details-v1-65cfcf56f9-vq8kj       2/2     Running   0          87m',
	'productpage-v1-54bb874995-hhx8q   2/2     Running   0          87m',
	'ratings-v1-7c9bd4b87f-7xmbz       2/2     Running   0          87m',
	'reviews-v1-6584ddcf65-dq2tx       2/2     Running   0          87m',
	'reviews-v2-6f85cb9b7c-kz4n9       2/2     Running   0          87m',
	'reviews-v3-6f5b775685-wl57s       2/2     Running   0          87m',
	'sleep-5577c64d7c-9xn2w            1/1     Running   0          84m',
];
const LANGS = [
	{ lang: 'en', run: 'Run: ', reset: 'Reset', resetDone: 'The lab is back to its starting state.', intro: 'Running the commands from the link you opened:' },
	{ lang: 'zh', run: '运行：', reset: '重置', resetDone: '实验已恢复到初始状态。', intro: '正在运行你打开的链接中的命令：' },
] as const;

interface Ran {
	lab: string;
	scenario: string;
	line: string;
	output: string;
	exitCode: number;
	at: string;
}

async function rows(page: Page): Promise<string[]> {
	const text = await page.locator(`${LAB} .xterm-rows`).innerText();
	const r = text.replace(/\u00a0/g, ' ').split('\n').map((row) => row.trimEnd());
	while (r.length > 0 && r[r.length - 1] === '') r.pop();
	return r;
}

/**
 * The screen as one string, rows joined: the lab sits in the prose column, narrower than some
 * lines, which xterm wraps; joined, a wrapped line reads whole again (spaces aside: see sq).
 */
async function flat(page: Page): Promise<string> {
	return sq((await rows(page)).join(''));
}

/** Without spaces: a row that wraps at a space loses it to trimEnd, so both sides drop them all. */
const sq = (text: string): string => text.replace(/ /g, '');

/** Records the lab's events in window.labEvents from the start. */
async function listen(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const events: unknown[] = [];
		(window as unknown as { labEvents: unknown[] }).labEvents = events;
		document.addEventListener('sidecar-lab:ran', (e) => events.push({ type: 'ran', ...(e as CustomEvent).detail }));
		document.addEventListener('sidecar-lab:reset', (e) => events.push({ type: 'reset', ...(e as CustomEvent).detail }));
	});
}

const events = (page: Page): Promise<(Ran & { type: string })[]> => page.evaluate(() => (window as unknown as { labEvents: (Ran & { type: string })[] }).labEvents);

async function open(page: Page, lang: string, query = ''): Promise<void> {
	await page.goto(`/${lang}/guide/${query}#bookinfo-world`);
	await page.locator(LAB).scrollIntoViewIfNeeded();
	await expect(page.locator(LAB)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
	await expect.poll(() => rows(page)).toContain(NODE.trimEnd());
}

async function type(page: Page, command: string): Promise<void> {
	await page.locator(`${LAB} .xterm-helper-textarea`).focus();
	await page.keyboard.type(command);
	await page.keyboard.press('Enter');
}

for (const l of LANGS) {
	test.describe(`Bookinfo lab on /${l.lang}/guide/`, () => {
		test.use({ viewport: { width: 1600, height: 1000 } });

		test('its data is fetched as data; commands on the node and in a pod print what Linux prints; each line is an event', async ({ page, watch }) => {
			const data: string[] = [];
			page.on('request', (r) => {
				const path = new URL(r.url()).pathname;
				if (path.startsWith('/lab-data/')) data.push(path);
			});
			await listen(page);
			await open(page, l.lang);
			// The start payload only: no config dump before a command needs one.
			expect(data).toHaveLength(1);
			expect(data[0]).toMatch(/^\/lab-data\/bookinfo\/[0-9a-f]{16}\.json$/);
			await type(page, 'kubectl get pods');
			await expect.poll(() => flat(page)).toContain(sq(`${NODE}kubectl get pods${PODS.join('')}${NODE.trimEnd()}`));
			await type(page, 'nsenter -t 3074 -n iptables -t nat -S | head -4');
			await expect.poll(() => flat(page)).toContain(sq(`${NODE}nsenter -t 3074 -n iptables -t nat -S | head -4-P PREROUTING ACCEPT-P INPUT ACCEPT-P OUTPUT ACCEPT-P POSTROUTING ACCEPT${NODE.trimEnd()}`));
			expect(await events(page)).toEqual([
				{ type: 'ran', lab: 'bookinfo-lab', scenario: 'bookinfo', line: 'kubectl get pods', output: `${PODS.join('\n')}\n`, exitCode: 0, at: 'node' },
				{ type: 'ran', lab: 'bookinfo-lab', scenario: 'bookinfo', line: 'nsenter -t 3074 -n iptables -t nat -S | head -4', output: '-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n', exitCode: 0, at: 'node' },
			]);
			// Entering the pod fetches its config dump, once.
			await type(page, 'kubectl exec -it productpage-v1-54bb874995-hhx8q -c istio-proxy -- bash');
			await expect.poll(() => rows(page)).toContain(PROXY.trimEnd());
			await expect.poll(() => data.length).toBe(2);
			expect(data[1]).toMatch(/^\/lab-data\/bookinfo\/[0-9a-f]{16}\.json$/);
			await type(page, 'id');
			await expect.poll(async () => (await flat(page)).endsWith(sq(`${PROXY}iduid=1337(istio-proxy) gid=1337(istio-proxy) groups=1337(istio-proxy)${PROXY.trimEnd()}`))).toBe(true);
			const last = (await events(page)).at(-1);
			expect(last).toEqual({ type: 'ran', lab: 'bookinfo-lab', scenario: 'bookinfo', line: 'id', output: 'uid=1337(istio-proxy) gid=1337(istio-proxy) groups=1337(istio-proxy)\n', exitCode: 0, at: 'productpage-v1-54bb874995-hhx8q/istio-proxy' });
			expect(watch.problems).toEqual([]);
		});

		test('command groups load on demand: the run buttons\' after the prompt, the others when a line names them', async ({ page, watch }) => {
			const chunks: string[] = [];
			page.on('request', (r) => {
				const name = new URL(r.url()).pathname.split('/').pop() ?? '';
				if (/^[a-z-]+\.[\w-]+\.js$/.test(name)) chunks.push(name.slice(0, name.indexOf('.')));
			});
			await open(page, l.lang);
			// This page's run buttons name kubectl, iptables, ss and curl: their groups come once the browser is idle.
			await expect.poll(() => ['kubectl', 'pod-tools', 'sockets', 'traffic'].every((g) => chunks.includes(g)), { timeout: 10_000 }).toBe(true);
			expect(chunks).not.toContain('docker');
			expect(chunks).not.toContain('istioctl');
			await type(page, 'crictl ps --name istio-proxy -q | wc -l');
			await expect.poll(() => flat(page)).toContain(sq(`${NODE}crictl ps --name istio-proxy -q | wc -l6${NODE.trimEnd()}`));
			expect(chunks).toContain('crictl');
			expect(chunks).not.toContain('istioctl');
			await type(page, 'istioctl version');
			await expect.poll(() => flat(page)).toContain(sq('client version: 1.26.3'));
			expect(chunks.filter((c) => c === 'istioctl')).toHaveLength(1);
			expect(watch.problems).toEqual([]);
		});

		test('run buttons type into the Bookinfo lab; Tab completes pods and chains; ↑ recalls; Ctrl-C; Reset', async ({ page, watch }) => {
			await listen(page);
			await open(page, l.lang);
			await page.getByRole('button', { name: `${l.run}kubectl exec -it productpage-v1-54bb874995-hhx8q -c istio-proxy -- bash`, exact: true }).click();
			await expect.poll(() => rows(page)).toContain(PROXY.trimEnd());
			await page.getByRole('button', { name: `${l.run}ss -ltnp`, exact: true }).click();
			await expect.poll(async () => (await events(page)).at(-1)?.line).toBe('ss -ltnp');
			await expect.poll(() => flat(page)).toContain(sq('127.0.0.1:15000'));
			const ss = (await events(page)).at(-1);
			expect(ss?.line).toBe('ss -ltnp');
			expect(ss?.at).toBe('productpage-v1-54bb874995-hhx8q/istio-proxy');
			expect(ss?.output.split('\n')[0]).toMatch(/^State +Recv-Q +Send-Q +Local Address:Port +Peer Address:Port +Process/);
			// Tab: a chain of the nat table; the line is then run as istio-proxy, which is not root.
			const input = page.locator(`${LAB} .xterm-helper-textarea`);
			await input.focus();
			await page.keyboard.type('iptables -t nat -L ISTIO_OU');
			await page.keyboard.press('Tab');
			await expect.poll(async () => (await flat(page)).endsWith(sq(`${PROXY}iptables -t nat -L ISTIO_OUTPUT`))).toBe(true);
			await page.keyboard.press('Enter');
			await expect.poll(async () => (await events(page)).at(-1)).toMatchObject({ line: 'iptables -t nat -L ISTIO_OUTPUT ', exitCode: 4, output: 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n' });
			await expect.poll(() => flat(page)).toContain(sq('Permission denied (you must be root)'));
			// ↑ brings the line back; Ctrl-C abandons it.
			await page.keyboard.press('ArrowUp');
			await expect.poll(async () => (await flat(page)).endsWith(sq(`(you must be root)${PROXY}iptables -t nat -L ISTIO_OUTPUT`))).toBe(true);
			await page.keyboard.press('Control+c');
			await expect.poll(async () => (await flat(page)).endsWith(sq(`${PROXY}iptables -t nat -L ISTIO_OUTPUT ^C${PROXY.trimEnd()}`))).toBe(true);
			// Back on the node, Tab completes a pod name.
			await type(page, 'exit');
			await expect.poll(async () => (await rows(page)).at(-1)).toBe(NODE.trimEnd());
			await page.keyboard.type('kubectl logs ratin');
			await page.keyboard.press('Tab');
			await expect.poll(async () => (await flat(page)).endsWith(sq(`${NODE}kubectl logs ratings-v1-7c9bd4b87f-7xmbz`))).toBe(true);
			await page.keyboard.press('Control+c');
			// A running command stops on Ctrl-C.
			await type(page, 'sleep 30');
			await page.waitForTimeout(200);
			await page.keyboard.press('Control+c');
			await expect.poll(async () => (await rows(page)).slice(-3)).toEqual([`${NODE}sleep 30`, '^C', NODE.trimEnd()]);
			expect((await events(page)).at(-1)).toMatchObject({ line: 'sleep 30', exitCode: 130, at: 'node' });
			// Reset: the starting state, a clean screen, and the event.
			await page.locator(LAB).getByRole('button', { name: l.reset, exact: true }).click();
			await expect.poll(() => rows(page)).toEqual([l.resetDone, NODE.trimEnd()]);
			expect((await events(page)).at(-1)).toEqual({ type: 'reset', lab: 'bookinfo-lab', scenario: 'bookinfo' });
			expect(watch.problems).toEqual([]);
		});

		test('a ?lab=&run= link runs in the Bookinfo lab, and its HTML stays text', async ({ page, watch }) => {
			const dialogs: string[] = [];
			page.on('dialog', (d) => {
				dialogs.push(d.message());
				void d.dismiss();
			});
			await listen(page);
			const html = '<img src=x onerror=alert(1)>';
			await open(page, l.lang, `?lab=bookinfo-lab&run=${encodeURIComponent('kubectl get pods')}&run=${encodeURIComponent(html)}`);
			await expect.poll(() => rows(page), { timeout: 15_000 }).toContain(`${NODE}${html}`);
			expect(await rows(page)).toContain(l.intro);
			await expect.poll(() => flat(page)).toContain(sq(`${NODE}kubectl get pods${PODS.join('')}${NODE}${html}bash: syntax error near unexpected token \`('${NODE.trimEnd()}`));
			await expect(page.locator(`${LAB} img`)).toHaveCount(0);
			expect(dialogs).toEqual([]);
			// The other lab of the page did not run them.
			await expect(page.locator('sidecar-lab[data-scenario="recorder-pod"]')).not.toHaveAttribute('data-state', 'failed');
			expect((await events(page)).map((e) => [e.lab, e.line, e.exitCode])).toEqual([
				['bookinfo-lab', 'kubectl get pods', 0],
				['bookinfo-lab', html, 2],
			]);
			expect(watch.problems).toEqual([]);
		});

		test('axe finds nothing serious with the Bookinfo lab open; screenshots', async ({ page, watch }) => {
			await open(page, l.lang);
			await type(page, 'kubectl get pods -o wide');
			await expect.poll(() => flat(page)).toContain(sq('10.244.1.'));
			const results = await new AxeBuilder({ page }).include(LAB).analyze();
			expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
			await page.setViewportSize({ width: 1280, height: 800 });
			await page.locator(LAB).scrollIntoViewIfNeeded();
			await page.waitForTimeout(300);
			await screenshot(page, `lab-bookinfo-wide-${l.lang}`, false);
			// A phone, from the start: the lab above the prose, sized to the screen.
			await page.setViewportSize({ width: 390, height: 844 });
			await page.goto('about:blank');
			await open(page, l.lang);
			await type(page, 'kubectl get pods');
			await expect.poll(() => flat(page)).toContain(sq(`${PODS.at(-1)}${NODE.trimEnd()}`));
			await page.locator(LAB).evaluate((el) => el.scrollIntoView({ block: 'end' }));
			await page.waitForTimeout(300);
			await screenshot(page, `lab-bookinfo-narrow-${l.lang}`, false);
			expect(watch.problems).toEqual([]);
		});
	});
}
