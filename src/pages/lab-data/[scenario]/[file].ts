// The world labs' data, written at build time: for every world lab (src/data/labs.ts) its start
// payload and its lazy files, each at `/lab-data/<scenario>/<content hash>.json`
// (src/components/lab/lab-data-build.ts). scripts/serve.mjs serves them as immutable.

import type { APIRoute, GetStaticPaths } from 'astro';
import { labData } from '../../../components/lab/lab-data-build';
import { WORLD_LABS } from '../../../data/labs';

export const getStaticPaths = (() =>
	WORLD_LABS.flatMap((scenario) => {
		const built = labData(scenario);
		return [built.start, ...built.lazy].map((f) => ({ params: { scenario, file: f.name }, props: { body: f.body } }));
	})) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { body: string }).body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
