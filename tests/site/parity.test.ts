import { describe, expect, it } from 'vitest';
import { attr, builtPages, elements, parseHtml } from '../helpers/site';

/**
 * English and Chinese are the same course: every page exists in both languages with the same
 * heading anchors and the same row anchors, so a link keeps working when the language changes.
 */

const pages = builtPages();
const en = pages.filter((p) => p.url.startsWith('/en/'));
const zh = new Map(pages.filter((p) => p.url.startsWith('/zh/')).map((p) => [p.url, p]));

function anchors(file: string): string[] {
	const ids: string[] = [];
	for (const element of elements(parseHtml(file))) {
		const id = attr(element, 'id');
		if (id === undefined) continue;
		const isHeading = /^h[2-6]$/.test(element.tagName);
		const isRow = element.tagName === 'tr' || element.tagName === 'section';
		if (isHeading || isRow) ids.push(id);
	}
	return ids.filter((id) => id !== '_top' && id !== 'starlight__on-this-page' && id !== 'starlight__on-this-page--mobile');
}

describe('English and Chinese parity', () => {
	it('has as many Chinese pages as English ones', () => {
		expect(en.length).toBeGreaterThan(0);
		expect(zh.size).toBe(en.length);
	});

	it.each(en.map((p) => [p.url, p.file] as const))('%s has a Chinese twin with the same anchors', (url, file) => {
		const twin = zh.get(url.replace(/^\/en\//, '/zh/'));
		expect(twin, `missing ${url.replace(/^\/en\//, '/zh/')}`).toBeDefined();
		if (!twin) return;
		expect(anchors(twin.file)).toEqual(anchors(file));
	});
});
