import { describe, expect, it } from 'vitest';
import { attr, builtPages, elements, parseHtml, textOf, type Element } from '../helpers/site';
import { CHAIN_FLOW_TEXT } from '../../src/components/diagrams/chain-flow-text';
import { PORTS_MAP_TEXT } from '../../src/components/diagrams/ports-map-text';
import type { Lang } from '../../src/i18n/ui';

/**
 * Every lesson diagram in the built site has the frame Figure.astro gives it: a figure whose SVG
 * is a group named by its own <title> and described by its own <desc>, arrow heads whose ids
 * start with the diagram's id, every marker-end pointing at a marker of the same figure, ids
 * unique on the page, and a caption last. The ports map (lesson 1) and the chain flow (lesson 2)
 * are checked whole, in both languages, with the list that follows their picture.
 */

interface Diagram {
	/** The figure's element children, in order: `svg`, `details.as-list`, `figcaption`. */
	children: string[];
	svgClass: string | undefined;
	role: string | undefined;
	labelledby: string | undefined;
	describedby: string | undefined;
	/** The SVG's first two children: its title and description, as `tag#id: text`. */
	head: string[];
	markers: string[];
	/** Every marker-end of the picture, once each. */
	arrowsTo: string[];
	caption: string;
}

const children = (element: Element): Element[] => element.childNodes.filter((n): n is Element => 'tagName' in n);
const describe1 = (e: Element): string => `${e.tagName}${attr(e, 'class') ? `.${(attr(e, 'class') ?? '').split(' ')[0]}` : ''}`;

function diagramOf(figure: Element): Diagram {
	const svg = children(figure).find((e) => e.tagName === 'svg');
	const inSvg = svg === undefined ? [] : [...elements(svg)];
	return {
		children: children(figure).map(describe1),
		svgClass: svg && attr(svg, 'class'),
		role: svg && attr(svg, 'role'),
		labelledby: svg && attr(svg, 'aria-labelledby'),
		describedby: svg && attr(svg, 'aria-describedby'),
		head: (svg === undefined ? [] : children(svg).slice(0, 2)).map((e) => `${e.tagName}#${attr(e, 'id') ?? ''}: ${textOf(e)}`),
		markers: inSvg.filter((e) => e.tagName === 'marker').map((e) => attr(e, 'id') ?? ''),
		arrowsTo: [...new Set(inSvg.map((e) => attr(e, 'marker-end')).filter((v): v is string => v !== undefined))],
		caption: textOf(children(figure).find((e) => e.tagName === 'figcaption') ?? figure),
	};
}

const pages = builtPages().map((page) => {
	const all = [...elements(parseHtml(page.file))];
	const figures = all.filter((e) => e.tagName === 'figure' && (attr(e, 'class') ?? '').split(' ').includes('diagram'));
	return { url: page.url, ids: all.map((e) => attr(e, 'id')).filter((id): id is string => id !== undefined), diagrams: figures.map(diagramOf) };
});
const withDiagrams = pages.filter((p) => p.diagrams.length > 0);

describe('lesson diagrams share Figure.astro', () => {
	it('draws the five diagrams once each on their lesson pages, in both languages', () => {
		const found = withDiagrams.map((p) => `${p.url} ${p.diagrams.map((d) => d.labelledby?.replace(/-title$/, '')).join(' ')}`);
		const lessons = ['ports-and-components ports-map', 'iptables-capture chain-flow', 'passthrough-127-0-0-6 passthrough-loop', 'init-vs-cni init-vs-cni', 'packet-capture tcpdump-hooks'];
		const expected = ['en', 'zh'].flatMap((lang) => lessons.map((l) => `/${lang}/lessons/${l.replace(' ', '/ ')}`));
		expect(found.sort()).toEqual(expected.sort());
	});

	it.each(withDiagrams.flatMap((p) => p.diagrams.map((d) => [p.url, d.labelledby ?? '', d] as const)))('%s %s: titled, described, own arrow heads, caption last', (_url, _name, d) => {
		const id = (d.labelledby ?? '').replace(/-title$/, '');
		expect(d.svgClass).toBe('diagram-svg');
		expect(d.role).toBe('group');
		expect(d.labelledby).toBe(`${id}-title`);
		expect(d.describedby).toBe(`${id}-desc`);
		expect(d.head.map((h) => h.replace(/: [^]*$/, ''))).toEqual([`title#${id}-title`, `desc#${id}-desc`]);
		expect(d.head.every((h) => !h.endsWith(': '))).toBe(true);
		expect(d.markers.length).toBeGreaterThan(0);
		expect(d.markers.every((m) => m === `${id}-arrow` || m.startsWith(`${id}-arrow-`))).toBe(true);
		expect(d.arrowsTo.filter((to) => !d.markers.some((m) => to === `url(#${m})`))).toEqual([]);
		expect(d.children[0]).toBe('svg.diagram-svg');
		expect(d.children.at(-1)).toBe('figcaption');
		expect(d.caption.trim()).not.toBe('');
	});

	it.each(withDiagrams.map((p) => [p.url, p.ids] as const))('%s: no id twice on the page', (_url, ids) => {
		expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
	});
});

describe.each(['en', 'zh'] as const)('the ports map and the chain flow in %s', (lang: Lang) => {
	const on = (slug: string) => pages.find((p) => p.url === `/${lang}/lessons/${slug}/`)?.diagrams;

	it('lesson 1: the ports map', () => {
		const t = PORTS_MAP_TEXT[lang];
		expect(on('ports-and-components')).toEqual([
			{
				children: ['svg.diagram-svg', 'details.as-list', 'figcaption'],
				svgClass: 'diagram-svg',
				role: 'group',
				labelledby: 'ports-map-title',
				describedby: 'ports-map-desc',
				head: [`title#ports-map-title: ${t.title}`, `desc#ports-map-desc: ${t.desc}`],
				markers: ['ports-map-arrow'],
				arrowsTo: ['url(#ports-map-arrow)'],
				caption: t.caption,
			},
		]);
	});

	it('lesson 2: the chain flow', () => {
		const t = CHAIN_FLOW_TEXT[lang];
		expect(on('iptables-capture')).toEqual([
			{
				children: ['svg.diagram-svg', 'details.as-list', 'figcaption'],
				svgClass: 'diagram-svg',
				role: 'group',
				labelledby: 'chain-flow-title',
				describedby: 'chain-flow-desc',
				head: [`title#chain-flow-title: ${t.title}`, `desc#chain-flow-desc: ${t.desc}`],
				markers: ['chain-flow-arrow'],
				arrowsTo: ['url(#chain-flow-arrow)'],
				caption: t.caption,
			},
		]);
	});
});
