import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunkGraph, DYNAMIC_IMPORT, dynamicImports, STATIC_IMPORT } from '../../scripts/chunk-graph.mjs';
import { LAB_DATA_FORMAT } from '../../src/components/lab/lab-data';
import { GROUP_IDS } from '../../src/lab/groups/ids';
import { attr, builtPages, distDir, elements, parseHtml, textOf } from '../helpers/site';

/**
 * The lab's budget, on the built site. A page with a `<sidecar-lab>` loads at first only the
 * custom element (within the 40 KB every page has); the terminal (xterm, the line editor, the
 * shell and the simulator's world) comes from the element's dynamic import, when the lab nears the
 * viewport or is focused: everything that import brings statically is what stands between the
 * learner and the prompt. The commands come later, in groups (src/lab/groups): a group's chunk
 * is imported the first time a line names one of its commands (or, once the prompt is up, when
 * the page's run buttons name it). xterm's stylesheet comes with the terminal, never with the page.
 * Pages without a lab never reference any of it.
 */
const PAGE_BUDGET = 40 * 1024;
const LAB_BUDGET = 200 * 1024;
/**
 * Measured (gzip, as below): 367.5 KB before the prompt when every command was in the one chunk;
 * 212.2 KB with the commands in groups loaded on demand; 188.3 KB (12:45 on 2026-11-21) with the
 * pods' rules replayed from the lab's data instead of programmed by istio-iptables in the page, and
 * the world's barrel no longer reaching Node's builder (docs/decisions/lab-js-budget.md).
 */
/** Everything a lab can load, every command group and the rules lab included: 377.3 KB at 12:45. */
const EVERYTHING_CEILING = 392 * 1024;
/**
 * A line of istio-iptables' own flag help: in the chunk of the pod tools (the `istio-iptables`
 * command), never before the prompt, where the pods' rules come replayed from the lab's data.
 */
const ISTIO_IPTABLES_MARK = 'Instead of only capturing DNS traffic to DNS server IP';
const LAB_CSS_BUDGET = 10 * 1024;

/** xterm's own class names: a file holding them is xterm (JavaScript) or its stylesheet. */
const XTERM_MARK = 'xterm-helper-textarea';

const graph = (entries: readonly string[], follow: RegExp[]): Set<string> => chunkGraph(distDir, entries, follow);

interface PageJs {
	readonly html: string;
	readonly initial: Set<string>;
	readonly inline: string[];
	readonly hasLab: boolean;
	/** A lab of the page fetches scenario data (data-lab-data): a world lab. */
	readonly hasWorldLab: boolean;
}

function pageJs(file: string): PageJs {
	const entries: string[] = [];
	const inline: string[] = [];
	let hasLab = false;
	let hasWorldLab = false;
	for (const element of elements(parseHtml(file))) {
		if (element.tagName === 'sidecar-lab') hasLab = true;
		if (element.tagName === 'sidecar-lab' && attr(element, 'data-lab-data') !== undefined) hasWorldLab = true;
		if (element.tagName === 'script') {
			const type = attr(element, 'type');
			if (type !== undefined && type !== 'module' && type !== 'text/javascript') continue;
			const src = attr(element, 'src');
			if (src) entries.push(join(distDir, src.split('?')[0] ?? src));
			else inline.push(textOf(element));
		}
		if (element.tagName === 'link' && attr(element, 'rel') === 'modulepreload') {
			const href = attr(element, 'href');
			if (href) entries.push(join(distDir, href));
		}
	}
	return { html: readFileSync(file, 'utf8'), initial: graph(entries, [STATIC_IMPORT]), inline, hasLab, hasWorldLab };
}

/**
 * What the page's scripts import on demand and, through `follow`, what that imports in turn,
 * without what the page loaded at once; `from` picks the importing scripts (the lab's: those that
 * define `<sidecar-lab>`), all of them by default. Following static imports only: what is there
 * before the lab's prompt; following dynamic ones too: everything the lab can load.
 */
function loadedLater(page: PageJs, follow: RegExp[], from: (code: string) => boolean = () => true): Set<string> {
	const importers = [...page.initial].filter((f) => from(readFileSync(f, 'utf8')));
	const all = graph([...dynamicImports(distDir, importers)], follow);
	for (const f of page.initial) all.delete(f);
	return all;
}

/** Stylesheets the lab's code adds at run time (`…css?url` imports become asset URLs in the chunks). */
function lazyCss(files: Iterable<string>): Set<string> {
	const css = new Set<string>();
	for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/["'`](\/_astro\/[^"'`]+\.css)["'`]/g)) if (m[1] !== undefined) css.add(join(distDir, m[1]));
	return css;
}

const gz = (files: Iterable<string>): number => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const pages = builtPages().map((p) => ({ ...p, js: pageJs(p.file) }));
const withLab = pages.filter((p) => p.js.hasLab);
const withoutLab = pages.filter((p) => !p.js.hasLab);

describe('the lab loads on demand, within its budget', () => {
	it('the guide pages carry a lab, in both languages', () => {
		expect(withLab.map((p) => p.url).sort()).toEqual(expect.arrayContaining(['/en/guide/', '/zh/guide/']));
		expect(withoutLab.length).toBeGreaterThan(0);
	});

	it.each(withLab.map((p) => [p.url, p] as const))('%s: xterm, shell and world before the prompt within the lab budget (200 KB gzip), the commands on demand', (_url, page) => {
		const initialBytes = gz(page.js.initial) + page.js.inline.reduce((s, c) => s + gzipSync(c).length, 0);
		const fromLab = (code: string) => code.includes('sidecar-lab');
		const prompt = loadedLater(page.js, [STATIC_IMPORT], fromLab);
		const lazy = loadedLater(page.js, [STATIC_IMPORT, DYNAMIC_IMPORT], fromLab);
		expect(prompt.size).toBeGreaterThan(0);
		const promptBytes = gz(prompt);
		const lazyBytes = gz(lazy);
		const css = lazyCss([...page.js.initial, ...lazy]);
		const cssBytes = gz(css);
		console.info(
			`${page.url}: at load ${kb(initialBytes)}; before the lab's prompt ${kb(promptBytes)} gzip, budget ${kb(LAB_BUDGET)} (${[...prompt].map((f) => `${basename(f)} ${kb(gzipSync(readFileSync(f)).length)}`).join(', ')}); everything the lab can load ${kb(lazyBytes)}; its CSS ${kb(cssBytes)}`,
		);
		// The terminal is really in the lazy part, and not in what the page loads at once.
		expect([...prompt].some((f) => readFileSync(f, 'utf8').includes(XTERM_MARK))).toBe(true);
		expect([...page.js.initial].some((f) => readFileSync(f, 'utf8').includes(XTERM_MARK))).toBe(false);
		expect(promptBytes).toBeLessThanOrEqual(LAB_BUDGET);
		// The pods' rules are replayed from the lab's data, not programmed in the page.
		expect([...prompt].filter((f) => readFileSync(f, 'utf8').includes(ISTIO_IPTABLES_MARK)).map((f) => basename(f))).toEqual([]);
		if (page.js.hasWorldLab) expect([...lazy].some((f) => readFileSync(f, 'utf8').includes(ISTIO_IPTABLES_MARK))).toBe(true);
		expect(lazyBytes).toBeLessThanOrEqual(EVERYTHING_CEILING);
		expect(initialBytes).toBeLessThanOrEqual(PAGE_BUDGET);
		// Every command group is a chunk of its own, imported on demand, not before the prompt.
		const onDemand = dynamicImports(distDir, prompt);
		for (const id of GROUP_IDS) {
			const chunk = [...onDemand].filter((f) => new RegExp(`^${id}\\.[\\w-]+\\.js$`).test(basename(f)));
			expect(chunk, `the ${id} group's chunk`).toHaveLength(1);
			expect(prompt.has(chunk[0] as string), `${id} is not loaded before the prompt`).toBe(false);
		}
		// xterm's stylesheet comes with the terminal, not with the page.
		expect(page.js.html).not.toContain(XTERM_MARK);
		expect([...css].some((f) => readFileSync(f, 'utf8').includes(XTERM_MARK))).toBe(true);
		expect(cssBytes).toBeLessThanOrEqual(LAB_CSS_BUDGET);
	});

	it.each(withoutLab.map((p) => [p.url, p] as const))('%s: no lab, no terminal code, at most 40 KB gzip', (_url, page) => {
		const initialBytes = gz(page.js.initial) + page.js.inline.reduce((s, c) => s + gzipSync(c).length, 0);
		expect(initialBytes).toBeLessThanOrEqual(PAGE_BUDGET);
		// Search loads Pagefind on demand too; none of what it can load is the terminal.
		expect([...page.js.initial, ...loadedLater(page.js, [STATIC_IMPORT, DYNAMIC_IMPORT])].some((f) => readFileSync(f, 'utf8').includes(XTERM_MARK))).toBe(false);
		expect(page.js.html).not.toContain(XTERM_MARK);
		expect(page.js.html).not.toContain('sidecar-lab');
	});
});

describe("a world lab's data is fetched as data: content-hashed, same-origin, lazy files apart", () => {
	const urls = [...new Set(withLab.flatMap((p) => [...elements(parseHtml(p.file))].filter((e) => e.tagName === 'sidecar-lab').map((e) => attr(e, 'data-lab-data')).filter((u): u is string => u !== undefined)))].sort();
	const START_BUDGET = 64 * 1024;
	const hashed = (url: string): { body: string; name: string } => {
		const file = join(distDir, url);
		expect(existsSync(file), `${url} is in the built site`).toBe(true);
		const body = readFileSync(file, 'utf8');
		return { body, name: `${createHash('sha256').update(body).digest('hex').slice(0, 16)}.json` };
	};

	it('the world labs have data, at /lab-data/<scenario>/<hash>.json', () => {
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) expect(url).toMatch(/^\/lab-data\/[a-z0-9-]+\/[0-9a-f]{16}\.json$/);
	});

	it.each(urls)('%s: named by its content, within 64 KB gzip, without its lazy files', (url) => {
		const { body, name } = hashed(url);
		expect(basename(url)).toBe(name);
		const bytes = gzipSync(body).length;
		console.info(`${url}: ${kb(body.length)}, ${kb(bytes)} gzip`);
		expect(bytes).toBeLessThanOrEqual(START_BUDGET);
		const data = JSON.parse(body) as { format: number; files: Record<string, { text?: string }>; lazy: Record<string, { url: string; bytes: number }> };
		expect(data.format).toBe(LAB_DATA_FORMAT);
		for (const [path, lazy] of Object.entries(data.lazy)) {
			expect(data.files[path]?.text, `${path} is not in the start payload`).toBeUndefined();
			expect(lazy.url).toMatch(/^\/lab-data\/[a-z0-9-]+\/[0-9a-f]{16}\.json$/);
			const f = hashed(lazy.url);
			expect(basename(lazy.url)).toBe(f.name);
			expect(Buffer.byteLength(f.body)).toBe(lazy.bytes);
		}
		// No Envoy config dump travels with the start: those are the lazy files.
		for (const [path, f] of Object.entries(data.files)) if (f.text !== undefined) expect(path).not.toMatch(/config_dump/);
	});
});
