// @ts-check
// Following a built site's JavaScript chunks by their imports: what the lab's budget test
// (tests/site/lab-budget.test.ts) asserts and `npm run size:lab` prints, by one definition.
//   static imports   loaded with the importing chunk, before it runs
//   dynamic imports  `import("./x.js")`, loaded when the code asks (the lab, a command group)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.m?js)["']/g;
export const DYNAMIC_IMPORT = /\bimport\(\s*[`'"]([^`'"]+\.m?js)[`'"]\s*\)/g;

/** The file an import of `spec` in `from` names: `/…` from the site's root, else beside `from`. */
export function resolveChunk(/** @type {string} */ dist, /** @type {string} */ from, /** @type {string} */ spec) {
	return spec.startsWith('/') ? join(dist, spec) : join(dirname(from), spec);
}

/** Every chunk reachable from `entries` through imports matching `follow` (entries included). */
export function chunkGraph(/** @type {string} */ dist, /** @type {readonly string[]} */ entries, /** @type {readonly RegExp[]} */ follow) {
	/** @type {Set<string>} */
	const seen = new Set();
	const visit = (/** @type {string} */ file) => {
		if (seen.has(file) || !existsSync(file)) return;
		seen.add(file);
		const code = readFileSync(file, 'utf8');
		for (const pattern of follow) for (const m of code.matchAll(pattern)) if (m[1] !== undefined) visit(resolveChunk(dist, file, m[1]));
	};
	for (const e of entries) visit(e);
	return seen;
}

/** The chunks `files` import dynamically. */
export function dynamicImports(/** @type {string} */ dist, /** @type {Iterable<string>} */ files) {
	/** @type {Set<string>} */
	const out = new Set();
	for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(DYNAMIC_IMPORT)) if (m[1] !== undefined) out.add(resolveChunk(dist, f, m[1]));
	return out;
}
