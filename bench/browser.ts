// What the browser benchmarks share: the built site served by scripts/serve.mjs on a free port,
// Chromium as the browser tests launch it (tests/helpers/chromium.ts), and the time from the lab
// becoming visible to a prompt that accepts keys, read from the lab's performance marks.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumPath } from '../tests/helpers/chromium';

const ROOT = process.cwd();

/**
 * Headless Chromium, found as the browser tests find it (tests/helpers/chromium.ts), with the flags
 * the benchmark passes: fewer than the tests' CHROMIUM_ARGS by default, as the numbers in the notes
 * were measured (the tests' full set made the Bookinfo lab's cold start ~30 ms slower here).
 */
export function launchChromium(args: readonly string[] = ['--no-sandbox', '--disable-gpu']): Promise<Browser> {
	const executablePath = chromiumPath();
	return chromium.launch({ ...(executablePath !== undefined ? { executablePath } : {}), args: [...args] });
}

/** The built site on a free port; `needs` is a page path that must have been built. */
export function serveBuiltSite(needs: string): Promise<{ server: ChildProcess; base: string }> {
	if (!existsSync(join(ROOT, 'dist', needs.replace(/^\//, ''), 'index.html'))) throw new Error(`no ${needs} in dist/: run \`npm run build\` first`);
	const server = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let out = '';
		server.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
			if (m) resolve({ server, base: `http://127.0.0.1:${m[1]}` });
		});
		server.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
	});
}

/** The lab's performance marks once it is ready (`sidecar-lab:visible`, `:load`, `:code`, `:world`, `:terminal`, `:ready`; NaN for one a lab does not set), ms since navigation. */
export async function labMarks(page: Page): Promise<{ visible: number; load: number; code: number; world: number; terminal: number; ready: number }> {
	await page.waitForFunction(() => performance.getEntriesByName('sidecar-lab:ready').length > 0, undefined, { timeout: 20_000 });
	return page.evaluate(() => {
		const at = (name: string): number => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
		return { visible: at('sidecar-lab:visible'), load: at('sidecar-lab:load'), code: at('sidecar-lab:code'), world: at('sidecar-lab:world'), terminal: at('sidecar-lab:terminal'), ready: at('sidecar-lab:ready') };
	});
}
