import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { attr, builtPages, distDir, elements, parseHtml, textOf } from '../helpers/site';

/**
 * JavaScript budget: a page without a terminal ships at most 40 KB of JavaScript, gzip, counting
 * everything the page loads before any interaction: inline scripts, module scripts, modulepreload
 * links, and every chunk those import statically. Code loaded on demand (search opens Pagefind,
 * the lab loads when it nears the viewport) is measured by its own budget.
 */
const BUDGET_BYTES = 40 * 1024;

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.m?js)["']/g;

function staticGraph(entry: string, seen: Set<string>): void {
	if (seen.has(entry) || !existsSync(entry)) return;
	seen.add(entry);
	const code = readFileSync(entry, 'utf8');
	for (const match of code.matchAll(STATIC_IMPORT)) {
		const spec = match[1];
		if (spec === undefined) continue;
		const file = spec.startsWith('/') ? join(distDir, spec) : join(dirname(entry), spec);
		staticGraph(file, seen);
	}
}

function pageJavaScript(file: string): { files: string[]; inline: string[] } {
	const seen = new Set<string>();
	const inline: string[] = [];
	for (const element of elements(parseHtml(file))) {
		if (element.tagName === 'script') {
			const type = attr(element, 'type');
			if (type !== undefined && type !== 'module' && type !== 'text/javascript') continue;
			const src = attr(element, 'src');
			if (src) staticGraph(join(distDir, src.split('?')[0] ?? src), seen);
			else inline.push(textOf(element));
		}
		if (element.tagName === 'link' && attr(element, 'rel') === 'modulepreload') {
			const href = attr(element, 'href');
			if (href) staticGraph(join(distDir, href), seen);
		}
	}
	return { files: [...seen], inline };
}

function gzipBytes(text: string | Buffer): number {
	return gzipSync(text).length;
}

const pages = builtPages();

describe('JavaScript budget of pages without a terminal', () => {
	it.each(pages.map((p) => [p.url, p.file] as const))('%s ships at most 40 KB gzip', (_url, file) => {
		const { files, inline } = pageJavaScript(file);
		const total =
			files.reduce((sum, f) => sum + gzipBytes(readFileSync(f)), 0) +
			inline.reduce((sum, code) => sum + gzipBytes(code), 0);
		expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
		// A page that loads no script at all would make this test meaningless.
		expect(total).toBeGreaterThan(0);
	});
});
