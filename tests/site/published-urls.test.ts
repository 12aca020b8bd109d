import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attr, distDir, elements, parseHtml } from '../helpers/site';

// Every URL in published-urls.txt still resolves in the built site: the page exists (itself, or
// as a redirect page that Astro writes for `redirects`, followed to its target), and its #anchor
// is an id on the final page. Run after `npm run build`.

const LIST = join(import.meta.dirname, 'published-urls.txt');

export function publishedUrls(text: string): { path: string; anchor?: string; line: number }[] {
	return text.split('\n').flatMap((raw, i) => {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) return [];
		const [path = '', anchor] = line.split('#');
		return [{ path, ...(anchor !== undefined ? { anchor } : {}), line: i + 1 }];
	});
}

/** The built file for a path, following redirect pages (meta refresh) up to a few hops. */
function resolve(path: string): { file: string } | { error: string } {
	let current = path;
	for (let hop = 0; hop < 5; hop++) {
		const file = join(distDir, current.endsWith('/') ? `${current}index.html` : current);
		if (!existsSync(file)) return { error: `${current} is not in dist/ (${file})` };
		const refresh = /<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"/i.exec(readFileSync(file, 'utf8'));
		if (refresh?.[1] === undefined) return { file };
		current = refresh[1].split('#')[0] ?? '';
	}
	return { error: `${path}: more than 5 redirects` };
}

const urls = publishedUrls(readFileSync(LIST, 'utf8'));

describe('published URLs', () => {
	it('are listed', () => {
		expect(urls.length).toBeGreaterThan(0);
	});

	it.each(urls.map((u) => ({ ...u, url: `${u.path}${u.anchor !== undefined ? `#${u.anchor}` : ''}` })))('published-urls.txt:$line $url resolves', ({ path, anchor }) => {
		const r = resolve(path);
		if ('error' in r) throw new Error(`${r.error}. A published URL must keep working: restore the page or add a redirect in astro.config.mjs.`);
		if (anchor === undefined) return;
		const ids = new Set([...elements(parseHtml(r.file))].map((e) => attr(e, 'id')).filter((id) => id !== undefined));
		expect(ids.has(anchor), `#${anchor} is not an id on ${path}: restore the heading id (anchors are public URLs)`).toBe(true);
	});
});
