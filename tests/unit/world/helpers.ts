// Node-side helpers for the world tests: read scenario folders from disk into the record
// loadScenario takes (keys relative to content/scenarios/), and build worlds from them.

import { join } from 'node:path';
import { readScenarioFiles } from '../../../src/cli/scenario-files';
import { buildWorld, type BuildOptions } from '../../../src/world/build';
import { formatScenarioError, loadScenario, type Scenario } from '../../../src/world/scenario';
import type { World } from '../../../src/world/types';

export const REPO = join(import.meta.dirname, '../../..');
export const SCENARIOS = join(REPO, 'content/scenarios');

export { readScenarioFiles };

let cache: Record<string, string> | undefined;

export function scenarioFiles(): Record<string, string> {
	cache ??= readScenarioFiles(SCENARIOS);
	return cache;
}

/** Loads a shipped scenario; a test fails with the authoring errors if it does not load. */
export function mustLoad(id: string, files: Record<string, string> = scenarioFiles()): Scenario {
	const r = loadScenario(files, id);
	if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
	return r.value;
}

export const RECORDED_AT = Date.UTC(2026, 10, 21, 5, 40, 0);

export function mustBuild(id: string, opts: Partial<BuildOptions> = {}): World {
	const r = buildWorld(mustLoad(id), { seed: 1, now: RECORDED_AT, ...opts });
	if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
	return r.value;
}
