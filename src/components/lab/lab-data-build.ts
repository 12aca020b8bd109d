// Build time only (Node): the files behind `/lab-data/<scenario>/`, each named by a hash of its
// content. Lab.astro asks for the start payload's URL; src/pages/lab-data/[scenario]/[file].ts
// writes every file. A scenario that does not load fails the build with loadScenario's errors
// (file:line:col, field, fix), so the page never meets a broken scenario.

import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { findScenarios } from '../../cli/scenario-files';
import { formatScenarioError, loadScenario } from '../../world';
import { buildAndRecord } from '../../world/build';
import { encodeLabData, type LabData } from './lab-data';

export interface LabDataFile {
	/** `/lab-data/bookinfo/1f3a…9c.json` */
	readonly url: string;
	/** `1f3a…9c.json`, the route's `file` parameter. */
	readonly name: string;
	readonly body: string;
}

export interface BuiltLabData {
	readonly start: LabDataFile;
	readonly lazy: readonly LabDataFile[];
	readonly data: LabData;
}

const built = new Map<string, BuiltLabData>();

function file(scenario: string, body: string): LabDataFile {
	const name = `${createHash('sha256').update(body).digest('hex').slice(0, 16)}.json`;
	return { url: `/lab-data/${scenario}/${name}`, name, body };
}

/** The lab data of a shipped scenario, built once per build. */
export function labData(scenario: string): BuiltLabData {
	const cached = built.get(scenario);
	if (cached !== undefined) return cached;
	const found = findScenarios(scenario, import.meta.url);
	if (!found.ok) throw new Error(`lab data for ${scenario}: ${found.error}`);
	const loaded = loadScenario(found.files, found.id);
	if (!loaded.ok) throw new Error(`lab data for ${scenario}:\n${loaded.errors.map(formatScenarioError).join('\n')}`);
	// The world as the page will build it, its rules programmed by the real tools' models: the
	// page replays what they left (src/world/build/program.ts).
	const { built: world, recorded } = buildAndRecord(loaded.value, { seed: 1 });
	if (!world.ok) throw new Error(`lab data for ${scenario}:\n${world.errors.map(formatScenarioError).join('\n')}`);
	const lazy: LabDataFile[] = [];
	const data = encodeLabData(loaded.value, (_path, text) => {
		const f = file(scenario, text);
		// Two pods with the same dump share one file.
		if (!lazy.some((l) => l.name === f.name)) lazy.push(f);
		return f.url;
	}, (text) => parse(text), recorded);
	const result = { start: file(scenario, JSON.stringify(data)), lazy, data };
	built.set(scenario, result);
	return result;
}
