import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';

/** Helpers for tests that read the built site in dist/. */

export const distDir = join(import.meta.dirname, '..', '..', 'dist');

type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

/** Every built HTML page as its URL path (`/en/guide/`) and file. */
export function builtPages(): { url: string; file: string }[] {
	const pages: { url: string; file: string }[] = [];
	const walk = (dir: string): void => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (name.endsWith('.html')) {
				const rel = relative(distDir, full).split(sep).join('/');
				const url = rel === 'index.html' ? '/' : rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`;
				pages.push({ url, file: full });
			}
		}
	};
	walk(distDir);
	return pages.sort((a, b) => a.url.localeCompare(b.url));
}

export function parseHtml(file: string): Node {
	return parse(readFileSync(file, 'utf8'));
}

export function* elements(node: Node): Generator<Element> {
	if ('tagName' in node) yield node;
	const children = 'childNodes' in node ? node.childNodes : [];
	for (const child of children) yield* elements(child);
	if ('content' in node && node.content) yield* elements(node.content as Node);
}

export function attr(element: Element, name: string): string | undefined {
	return element.attrs.find((a) => a.name === name)?.value;
}

export function textOf(node: Node): string {
	if (node.nodeName === '#text' && 'value' in node) return node.value;
	const children = 'childNodes' in node ? node.childNodes : [];
	return children.map((child) => textOf(child)).join('');
}
