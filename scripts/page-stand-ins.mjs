// @ts-check
import { fileURLToPath } from 'node:url';

/**
 * Two packages the page does without (issue 5: the lab's 200 KB budget), each swapped for a small
 * module of ours in the client build only, for the importers named; the build itself (scenarios,
 * lab data) and Node keep the packages. astro.config.mjs and scripts/size-lab.mjs use this.
 *
 * - zod (~25 KB gzip as the page used it): src/envoy checks a learner's Envoy JSON with
 *   src/components/lab/zod-subset.ts, the few zod schemas it uses with zod's semantics and
 *   messages (tests/unit/lab/zod-subset.test.ts proves the results identical).
 * - yaml (~30 KB gzip): kubectl reads the pods' manifests with src/components/lab/manifests.ts,
 *   the objects the build's yaml made of them, sent with the lab's data.
 */
export const PAGE_STAND_INS = [
	{ source: 'zod', importer: /[\\/]src[\\/]envoy[\\/]/, module: '../src/components/lab/zod-subset.ts' },
	{ source: 'yaml', importer: /[\\/]src[\\/]commands[\\/]kubectl[\\/]/, module: '../src/components/lab/manifests.ts' },
];
/** @type {import('vite').Plugin} */
export const pageStandIns = {
	name: 'sidecar-lab:page-stand-ins',
	enforce: 'pre',
	/** @param {string} source @param {string | undefined} importer */
	resolveId(source, importer) {
		if (importer === undefined || this.environment?.name !== 'client') return null;
		return standInFor(source, importer) ?? null;
	},
};

/** The stand-in module for `source` imported by `importer`, in the page; undefined if none. */
export function standInFor(/** @type {string} */ source, /** @type {string} */ importer) {
	const hit = PAGE_STAND_INS.find((s) => s.source === source && s.importer.test(importer));
	return hit === undefined ? undefined : fileURLToPath(new URL(hit.module, import.meta.url));
}
