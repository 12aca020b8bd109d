// Lesson tests: the shipped scenarios, the lesson pages as text, and what they contain.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syllabus } from '../../../src/data/syllabus';
import { scenarioFiles, REPO } from '../world/helpers';

export { scenarioFiles, REPO };

export const LANGS = ['en', 'zh'] as const;
export type PageLang = (typeof LANGS)[number];

export function pagePath(lang: PageLang, slug: string): string {
	return join(REPO, 'content/docs', lang, 'lessons', `${slug}.mdx`);
}

/** The lessons that have pages (in either language), in syllabus order. */
export function publishedLessons(): string[] {
	return syllabus.map((s) => s.slug).filter((slug) => LANGS.some((lang) => existsSync(pagePath(lang, slug))));
}

/** The page's text, or '' when it does not exist (the "exist in both languages" test names it). */
export function readPage(lang: PageLang, slug: string): string {
	const path = pagePath(lang, slug);
	return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
