// Build time only (Node): what RequestPath.astro needs before the page exists. The default
// request is computed, not typed: productpage's app calls reviews as it does for every product
// page (Bookinfo's own fan-out, src/mesh/fanout.ts), walked by src/mesh through both sidecars
// of the shipped bookinfo world. The sections are read from the lesson pages themselves, so a
// hop links to a section only once a lesson has written it.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findScenarios } from '../../cli/scenario-files';
import { createWorldLab } from '../../lab/world-lab';
import { appCall } from '../../mesh';
import type { RequestPath } from '../../mesh/types';

export const DEFAULT_REQUEST = { scenario: 'bookinfo', pod: 'productpage-v1', service: 'reviews', port: 9080, path: '/reviews/0' } as const;

let cached: RequestPath | undefined;

/** `GET http://reviews:9080/reviews/0` from productpage's app container, as the bookinfo lab starts. */
export function defaultRequest(): RequestPath {
	if (cached !== undefined) return cached;
	const d = DEFAULT_REQUEST;
	const found = findScenarios(d.scenario, import.meta.url);
	if (!found.ok) throw new Error(`<RequestPath>: ${found.error}`);
	const made = createWorldLab({ files: found.files, scenario: found.id, tty: false });
	if (!made.ok) throw new Error(`<RequestPath>: ${made.error}`);
	const h = made.lab.handle;
	const pod = h.world.pods.find((p) => p.name.startsWith(`${d.pod}-`));
	const app = pod?.containers.find((c) => c.kind === 'app' && c.name !== 'istio-proxy');
	if (pod === undefined || app?.mainPid === undefined) throw new Error(`<RequestPath>: the ${d.scenario} scenario has no ${d.pod} pod with an app process`);
	cached = appCall(h.world, pod, app.mainPid, d.service, d.port, d.path, { now: h.now(), random: () => h.random() }).path;
	return cached;
}

/** `{/* #id *\/}` (MDX) and `{#id}` (Markdown) heading markers, as src/markdown/heading-ids.ts reads them. */
const ANCHOR = /\{(?:\/\*\s*)?#([A-Za-z][\w-]*)\s*(?:\*\/)?\}/g;

/** The ids of a page's headings. */
export function anchorsOf(source: string): string[] {
	return [...source.matchAll(ANCHOR)].map((m) => m[1] ?? '');
}

function docsRoot(): string {
	for (let dir = process.cwd(); ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'content', 'docs'))) return join(dir, 'content', 'docs');
		if (dirname(dir) === dir) break;
	}
	for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'content', 'docs'))) return join(dir, 'content', 'docs');
		if (dirname(dir) === dir) throw new Error('<RequestPath>: content/docs not found');
	}
}

/** Every `slug#anchor` of the lessons published in `lang`. */
export function lessonSections(lang: string, root = docsRoot()): string[] {
	const dir = join(root, lang, 'lessons');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => /\.mdx?$/.test(f) && !/^index\./.test(f))
		.sort()
		.flatMap((f) => anchorsOf(readFileSync(join(dir, f), 'utf8')).map((a) => `${f.replace(/\.mdx?$/, '')}#${a}`));
}
