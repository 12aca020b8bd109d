// Reads scenario folders from disk into the record loadScenario takes: every file under `root`
// keyed by its path relative to it (`bookinfo/scenario.yaml`). Node only; the browser gets the
// same record from the build.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function walk(dir: string, out: string[]): void {
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, out);
		else out.push(p);
	}
}

export function readScenarioFiles(root: string): Record<string, string> {
	const paths: string[] = [];
	walk(root, paths);
	return Object.fromEntries(paths.map((p) => [relative(root, p).split('\\').join('/'), readFileSync(p, 'utf8')]));
}

/** The repository's content/scenarios: found from the working directory or from this module upwards. */
function shippedRoot(from: string): string | undefined {
	const starts = [process.cwd(), dirname(fileURLToPath(from))];
	for (const start of starts) {
		for (let dir = start; ; dir = dirname(dir)) {
			const candidate = join(dir, 'content', 'scenarios');
			if (existsSync(join(candidate, 'bookinfo', 'scenario.yaml'))) return candidate;
			if (dirname(dir) === dir) break;
		}
	}
	return undefined;
}

/** One folder and the folders it `extends:`, read next to it (a chain is at most four long). */
function readChain(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	let current: string | undefined = dir;
	for (let depth = 0; current !== undefined && depth < 4; depth++) {
		const id: string = basename(current);
		if (files[`${id}/scenario.yaml`] !== undefined || !existsSync(join(current, 'scenario.yaml'))) break;
		for (const [path, text] of Object.entries(readScenarioFiles(current))) files[`${id}/${path}`] = text;
		const base = /^extends:\s*['"]?([A-Za-z0-9._-]+)['"]?\s*$/m.exec(files[`${id}/scenario.yaml`] ?? '')?.[1];
		current = base === undefined ? undefined : join(dirname(current), base);
	}
	return files;
}

/**
 * `--scenario ID|DIR`: a folder (a path, or a name that exists as a folder with scenario.yaml),
 * else the id of a shipped scenario.
 */
export function findScenarios(scenario: string, from: string): { ok: true; id: string; files: Record<string, string> } | { ok: false; error: string } {
	const asDir = resolve(scenario);
	if (scenario.includes('/') || existsSync(join(asDir, 'scenario.yaml'))) {
		if (!existsSync(join(asDir, 'scenario.yaml'))) return { ok: false, error: `${asDir} has no scenario.yaml` };
		return { ok: true, id: basename(asDir), files: readChain(asDir) };
	}
	const root = shippedRoot(from);
	if (root === undefined) return { ok: false, error: 'content/scenarios not found (run from the repository, or give a folder)' };
	if (!existsSync(join(root, scenario, 'scenario.yaml'))) {
		const ids = readdirSync(root).filter((d) => existsSync(join(root, d, 'scenario.yaml'))).sort();
		return { ok: false, error: `no scenario "${scenario}" (shipped: ${ids.join(', ')})` };
	}
	return { ok: true, id: scenario, files: readScenarioFiles(root) };
}
