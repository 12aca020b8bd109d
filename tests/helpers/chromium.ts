// Which Chromium the browser tests (playwright.config.ts) and the browser benchmarks
// (bench/browser.ts) launch, and with which flags: one answer for both.

import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * $SIDECAR_LAB_CHROMIUM if set; else undefined when Playwright has installed its own Chromium (it
 * launches that one); else Debian's /usr/bin/chromium (`apt-get install -y chromium fonts-noto-cjk`).
 */
export function chromiumPath(): string | undefined {
	const fromEnv = process.env.SIDECAR_LAB_CHROMIUM;
	if (fromEnv) return fromEnv;
	const bundled = chromium.executablePath();
	if (bundled && existsSync(bundled)) return undefined;
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	throw new Error(
		'No Chromium found for the browser tests. On Debian: `apt-get update && apt-get install -y chromium fonts-noto-cjk`; elsewhere: `npx playwright install chromium`.',
	);
}

/** Headless, no sandbox (root in a container), no GPU, and none of the browser's background traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync',
];
