// Every lesson section the request walk links a hop to (the `hops` command and the diagram show
// these links) must exist, with the same id, in the English and the Chinese lesson: a hop that
// points at a missing anchor is a broken link in a support ticket.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const WALK = readFileSync('src/mesh/walk.ts', 'utf8');

/** `slug#anchor` literals in the walk, with `rule-${…}` expanded to the nine ISTIO_OUTPUT rules. */
function sections(): string[] {
	const found = new Set<string>();
	for (const m of WALK.matchAll(/['`]([a-z0-9-]+)#([a-z0-9-]+)(\$\{[^}]+\})?['`]/g)) {
		const [, slug, anchor, templated] = m;
		if (templated !== undefined) for (let n = 1; n <= 9; n++) found.add(`${slug}#${anchor}${n}`);
		else found.add(`${slug}#${anchor}`);
	}
	return [...found].sort();
}

function ids(lang: 'en' | 'zh', slug: string): Set<string> {
	const text = readFileSync(`content/docs/${lang}/lessons/${slug}.mdx`, 'utf8');
	return new Set([...text.matchAll(/\{\/\* #([a-z0-9-]+) \*\/\}/g)].map((m) => m[1] ?? ''));
}

describe('the sections hops link to', () => {
	it('are found in the walk', () => {
		expect(sections().length).toBeGreaterThan(20);
	});
	it.each(sections())('%s exists in both languages', (section) => {
		const [slug = '', anchor = ''] = section.split('#');
		expect(ids('en', slug).has(anchor), `en ${section}`).toBe(true);
		expect(ids('zh', slug).has(anchor), `zh ${section}`).toBe(true);
	});
});
