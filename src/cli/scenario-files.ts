// Reads scenario folders from disk into the record loadScenario takes: every file under `root`
// keyed by its path relative to it (`bookinfo/scenario.yaml`). Node only; the browser gets the
// same record from the build.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
