import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attr, builtPages, distDir, elements, parseHtml } from '../helpers/site';

/**
 * Every internal link and #anchor in the built site resolves, in both languages. A link is
 * internal when it has no scheme and no host; it must point at a built file, and its fragment
 * at an element id on the target page.
 */

const pages = builtPages();
const idsByUrl = new Map<string, Set<string>>();
for (const page of pages) {
	const ids = new Set<string>();
	for (const element of elements(parseHtml(page.file))) {
		const id = attr(element, 'id');
		if (id) ids.add(id);
	}
	idsByUrl.set(page.url, ids);
}

function targetFile(pathname: string): string | undefined {
	const candidates = pathname.endsWith('/')
		? [join(distDir, pathname, 'index.html')]
		: [join(distDir, pathname), join(distDir, pathname, 'index.html')];
	return candidates.find((file) => existsSync(file));
}

interface Link {
	from: string;
	href: string;
}

const links: Link[] = [];
for (const page of pages) {
	for (const element of elements(parseHtml(page.file))) {
		for (const name of ['href', 'src']) {
			const value = attr(element, name);
			if (value === undefined || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) continue;
			if (element.tagName === 'meta') continue;
			links.push({ from: page.url, href: value });
		}
	}
}

describe('built site links', () => {
	it('finds pages in both languages and links to check', () => {
		expect(pages.some((p) => p.url.startsWith('/en/'))).toBe(true);
		expect(pages.some((p) => p.url.startsWith('/zh/'))).toBe(true);
		expect(links.length).toBeGreaterThan(100);
	});

	it('every internal link resolves to a built file', () => {
		const broken = links.filter(({ from, href }) => {
			const url = new URL(href, `http://site${from}`);
			return targetFile(decodeURIComponent(url.pathname)) === undefined;
		});
		expect(broken).toEqual([]);
	});

	it('every #anchor exists on the page it points at', () => {
		const broken = links.filter(({ from, href }) => {
			const url = new URL(href, `http://site${from}`);
			if (!url.hash || url.hash === '#') return false;
			const ids = idsByUrl.get(url.pathname);
			return ids !== undefined && !ids.has(decodeURIComponent(url.hash.slice(1)));
		});
		expect(broken).toEqual([]);
	});
});
