import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../../../src/data/exercises';
import { LAB_SCENARIOS } from '../../../src/data/labs';
import { syllabus } from '../../../src/data/syllabus';
import { scanPage, type PageScan } from '../../../src/lessons/mdx-scan';
import { labAt, plain } from '../../../src/lessons/simulate';
import type { ExerciseScenario } from '../../../src/lessons/types';
import { LANGS, pagePath, publishedLessons, readPage, REPO, scenarioFiles } from './helpers';

// The lesson pages against the exercise data and against each other: every <Exercise id> has a
// definition and every definition is used, in the same order, by both languages; en and zh have
// the same heading ids, labs and commands; every command a page shows runs in its lab.

const lessons = publishedLessons();
const WORLD_SCENARIOS: readonly string[] = ['bookinfo', 'bookinfo-cni', 'bookinfo-tproxy'] satisfies ExerciseScenario[];
const rel = (lang: 'en' | 'zh', slug: string) => relative(REPO, pagePath(lang, slug));

function scan(lang: 'en' | 'zh', slug: string): PageScan {
	return scanPage(readPage(lang, slug));
}

describe('published lessons', () => {
	it('exist in both languages', () => {
		const missing = lessons.flatMap((slug) => LANGS.filter((lang) => !existsSync(pagePath(lang, slug))).map((lang) => rel(lang, slug)));
		expect(missing).toEqual([]);
	});

	it('every lesson with exercises has pages that use them', () => {
		const unused = Object.keys(EXERCISES).filter((slug) => !lessons.includes(slug)).map((slug) => `src/data/exercises/${slug}.ts: no page content/docs/{en,zh}/lessons/${slug}.mdx uses these exercises`);
		expect(unused).toEqual([]);
	});
});

describe.each(lessons)('lesson %s', (slug) => {
	const en = scan('en', slug);
	const zh = scan('zh', slug);
	const defined = (EXERCISES[slug] ?? []).map((e) => e.id);

	it('has the lesson frontmatter, numbered as in the syllabus', () => {
		for (const lang of LANGS) {
			const front = /^---\n([\s\S]*?)\n---\n/.exec(readPage(lang, slug))?.[1] ?? '';
			const lesson = ((parseYaml(front) ?? {}) as { lesson?: { number?: unknown; minutes?: unknown; objectives?: unknown[] } }).lesson;
			expect([rel(lang, slug), lesson?.number, typeof lesson?.minutes, (lesson?.objectives ?? []).length >= 1]).toEqual([rel(lang, slug), syllabus.findIndex((s) => s.slug === slug) + 1, 'number', true]);
		}
	});

	it.each(LANGS)('%s: every <Exercise id> is defined in src/data/exercises', (lang) => {
		const page = lang === 'en' ? en : zh;
		const unknown = page.exercises.filter((e) => !defined.includes(e.id)).map((e) => `${rel(lang, slug)}:${e.line}: <Exercise id="${e.id}"> has no definition in src/data/exercises/${slug}.ts`);
		expect(unknown).toEqual([]);
	});

	it.each(LANGS)('%s: uses every exercise of the lesson, in the order of the data', (lang) => {
		const page = lang === 'en' ? en : zh;
		const ids = page.exercises.map((e) => e.id);
		const unused = defined.filter((id) => !ids.includes(id)).map((id) => `src/data/exercises/${slug}.ts: exercise "${id}" is not used by ${rel(lang, slug)}`);
		expect(unused).toEqual([]);
		expect(ids).toEqual(defined);
	});

	it('has at least three exercises', () => {
		expect(defined.length).toBeGreaterThanOrEqual(3);
	});

	it('has the same heading ids, exercises, labs and commands in English and Chinese', () => {
		expect(zh.headingIds).toEqual(en.headingIds);
		expect(zh.exercises.map((e) => e.id)).toEqual(en.exercises.map((e) => e.id));
		expect(zh.labs).toEqual(en.labs);
		expect(zh.commands.map((c) => [c.cmd, c.lab])).toEqual(en.commands.map((c) => [c.cmd, c.lab]));
	});

	it('has world labs at places they offer, and its exercises are done in one of them', () => {
		expect(en.labs.length, `${rel('en', slug)} has no <Lab>`).toBeGreaterThan(0);
		const bad = en.labs.flatMap((lab) => {
			const info = LAB_SCENARIOS[lab.scenario as keyof typeof LAB_SCENARIOS] as { locations?: readonly string[] } | undefined;
			if (!WORLD_SCENARIOS.includes(lab.scenario) || info === undefined) return [`<Lab scenario="${lab.scenario}">: not a world lab of src/data/labs.ts (${WORLD_SCENARIOS.join(', ')})`];
			return info.locations === undefined || info.locations.includes(lab.at ?? '') ? [] : [`<Lab scenario="${lab.scenario}" at="${lab.at}">: not a place of that lab`];
		});
		expect(bad).toEqual([]);
		const elsewhere = (EXERCISES[slug] ?? []).filter((e) => !en.labs.some((lab) => e.lab.scenario === lab.scenario && e.lab.at === lab.at)).map((e) => `src/data/exercises/${slug}.ts: ${e.id} is done in ${e.lab.scenario} at ${e.lab.at}, a lab the page does not have`);
		expect(elsewhere).toEqual([]);
	});

	it('runs every command the page shows, in page order, in its lab', () => {
		const labs = en.labs.map((lab) => (WORLD_SCENARIOS.includes(lab.scenario) ? labAt(scenarioFiles(), { scenario: lab.scenario as ExerciseScenario, at: lab.at ?? 'node' }) : undefined));
		const failed = en.commands.flatMap((c) => {
			const l = labs[c.lab];
			if (l === undefined) return [`${rel('en', slug)}:${c.line}: \`${c.cmd}\` is not in a world lab (no <Lab> before it, or not a world scenario)`];
			const r = l.shell.run(c.cmd);
			const out = plain(r.stdout + r.stderr);
			return r.exitCode === 0 && !out.includes('command not found') ? [] : [`${rel('en', slug)}:${c.line}: \`${c.cmd}\` exited ${r.exitCode}: ${out.split('\n').slice(0, 2).join(' / ')}`];
		});
		expect(failed).toEqual([]);
		expect(en.commands.length).toBeGreaterThan(0);
	});
});
