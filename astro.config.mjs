// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { stableHeadingIds } from './src/markdown/heading-ids.ts';
import { cjkLineBreaks } from './src/markdown/cjk-line-breaks.ts';

// Two packages the page does without (zod, yaml): scripts/page-stand-ins.mjs says why and how.
import { pageStandIns } from './scripts/page-stand-ins.mjs';

// Lessons and reference pages live in ./content/docs (not src/content): the docs collection is
// loaded from there in src/content.config.ts, and `processedDirs` lets Starlight's Markdown
// plugins (asides, heading anchor links) treat those files as its own.
export default defineConfig({
	trailingSlash: 'always',
	vite: {
		plugins: [pageStandIns],
		build: {
			// `SIDECAR_LAB_SOURCEMAP=1 npm run build` writes source maps (which module a chunk's bytes come from).
			sourcemap: process.env.SIDECAR_LAB_SOURCEMAP === '1',
			rolldownOptions: {
				// The scenario loader (src/world/scenario: YAML, zod schemas) runs at build time only:
				// the labs in the page get their scenario already loaded (src/components/lab/lab-data.ts).
				// Its modules only declare schemas, so when nothing in a chunk uses them they can go;
				// without this the schemas' top-level zod calls would keep zod (~60 KB gzip) in the lab.
				treeshake: { moduleSideEffects: (id) => (/[\\/]src[\\/]world[\\/]scenario[\\/]/.test(id) ? false : undefined) },
			},
		},
	},
	markdown: { processor: satteri({ mdastPlugins: [stableHeadingIds, cjkLineBreaks] }) },
	build: { format: 'directory' },
	integrations: [
		starlight({
			title: { en: 'Sidecar Lab', 'zh-CN': 'Sidecar 实验室' },
			description: 'An interactive course on how the Istio sidecar moves traffic inside a pod.',
			defaultLocale: 'en',
			locales: {
				en: { label: 'English', lang: 'en' },
				zh: { label: '简体中文', lang: 'zh-CN' },
			},
			logo: { src: './src/assets/logo.svg', replacesTitle: false },
			favicon: '/favicon.svg',
			markdown: { processedDirs: ['./content/docs'] },
			customCss: ['./src/styles/site.css'],
			lastUpdated: false,
			pagination: true,
			sidebar: [
				{ label: 'Start here', translations: { 'zh-CN': '从这里开始' }, items: [
					{ slug: 'index', label: 'Welcome', translations: { 'zh-CN': '欢迎' } },
					{ slug: 'guide', label: 'How a lesson works', translations: { 'zh-CN': '课程怎么用' } },
				] },
				{ label: 'Lessons', translations: { 'zh-CN': '课程' }, items: [
					{ slug: 'lessons', label: 'All lessons', translations: { 'zh-CN': '全部课程' } },
				] },
				{ label: 'Reference', translations: { 'zh-CN': '参考' }, items: [
					{ slug: 'reference/ports', label: 'Istio ports', translations: { 'zh-CN': 'Istio 端口' } },
				] },
			],
			components: {
				LanguageSelect: './src/components/overrides/LanguageSelect.astro',
				Search: './src/components/overrides/Search.astro',
			},
		}),
		mdx(),
	],
});
