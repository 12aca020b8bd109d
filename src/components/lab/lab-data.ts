// The data a world lab fetches: a scenario as loadScenario() left it, checked and parsed at build
// time (src/pages/lab-data/[scenario]/[file].ts writes it as JSON), so the page never ships the
// YAML loader and its schemas (zod) and never validates what the build already validated.
//
//   /lab-data/bookinfo/<hash>.json            the start payload: every file the world is built from
//   /lab-data/bookinfo/<hash>.json            one per lazy file (an Envoy config dump, 0.3–0.5 MB)
//
// Names are content hashes: the server marks them immutable, so once fetched they come from the
// HTTP cache, offline too. Lazy files (a pod's `configDump`) are not in the start payload: the
// payload lists them with their URL, and lazy-files.ts fetches one when a command may need it.
// This module is pure (no fetch, no DOM): lab-data-build.ts encodes at build time, the page decodes.

import type { Scenario } from '../../world';
import type { RecordedPrograms } from '../../world/build/program';
import { decodePrograms, encodePrograms, type EncodedPrograms } from '../../world/build/program-json';
import type { ScenarioFile } from '../../world/scenario/types';

/**
 * 2: with `manifests`, the pods' manifests as the build's YAML parser read them.
 * 3: with `programs`, the rules the build's istio-iptables and iptables-restore left in each
 *    namespace (src/world/build/program.ts), which the page replays instead of running the tools.
 */
export const LAB_DATA_FORMAT = 3;

/** A lazy file: fetched on demand, by path under the scenario folder. */
export interface LazyFile {
	readonly url: string;
	/** Its size in bytes, for the learner's "fetching … (412 KB)" line and the tests. */
	readonly bytes: number;
	/** The pods (`namespace/name`) whose `configDump` it is. */
	readonly pods: readonly string[];
}

export interface LabData {
	readonly format: typeof LAB_DATA_FORMAT;
	readonly id: string;
	readonly chain: readonly string[];
	readonly doc: Scenario['doc'];
	/** Every file but the lazy ones, with its text; a lazy one without. */
	readonly files: Readonly<Record<string, { readonly folder: string; readonly provenance: ScenarioFile['provenance']; readonly text?: string }>>;
	/** The pods, their manifests as parsed at build time; the manifest's text is `files[manifestPath]`. */
	readonly pods: readonly { readonly entry: Scenario['pods'][number]['entry']; readonly manifest: Scenario['pods'][number]['manifest']; readonly manifestPath: string }[];
	readonly lazy: Readonly<Record<string, LazyFile>>;
	/** Each pod manifest's text (by its path in `files`) parsed at build time, for kubectl (manifests.ts). */
	readonly manifests: Readonly<Record<string, unknown>>;
	/** What programming each namespace left behind, for the page to replay. */
	readonly programs: EncodedPrograms;
}

/** The files a scenario lets the page fetch later: every pod's `configDump`, by path. */
export function lazyPaths(scenario: Scenario): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const pod of scenario.pods) {
		const path = pod.entry.configDump;
		if (path === undefined) continue;
		const key = `${pod.manifest.metadata.namespace}/${pod.manifest.metadata.name}`;
		out.set(path, [...(out.get(path) ?? []), key]);
	}
	return out;
}

/**
 * The start payload of `scenario`; `urlOf` names each lazy file's URL, `parseYaml` is the YAML
 * parser kubectl uses in Node (the build passes it: this module stays free of it).
 */
export function encodeLabData(scenario: Scenario, urlOf: (path: string, text: string) => string, parseYaml: (text: string) => unknown, programs: RecordedPrograms): LabData {
	const lazy = lazyPaths(scenario);
	const files: Record<string, LabData['files'][string]> = {};
	const lazyFiles: Record<string, LazyFile> = {};
	for (const [path, f] of Object.entries(scenario.files)) {
		const pods = lazy.get(path);
		if (pods === undefined) {
			files[path] = { folder: f.folder, provenance: f.provenance, text: f.text };
			continue;
		}
		files[path] = { folder: f.folder, provenance: f.provenance };
		lazyFiles[path] = { url: urlOf(path, f.text), bytes: new TextEncoder().encode(f.text).length, pods };
	}
	return {
		format: LAB_DATA_FORMAT,
		id: scenario.id,
		chain: scenario.chain,
		doc: scenario.doc,
		files,
		pods: scenario.pods.map((p) => ({ entry: p.entry, manifest: p.manifest, manifestPath: p.manifestFile.path })),
		lazy: lazyFiles,
		manifests: Object.fromEntries(scenario.pods.map((p) => [p.manifestFile.path, parseYaml(p.manifestFile.text)])),
		programs: encodePrograms(programs),
	};
}

/**
 * The Scenario back from its payload, without its lazy files: buildWorld() then builds every
 * sidecar without its config dump, and lazy-files.ts adds each dump to the world when it arrives.
 * A payload of another format is an error value (an old page against a new server).
 */
export function decodeLabData(data: unknown): { ok: true; scenario: Scenario; lazy: Readonly<Record<string, LazyFile>>; manifests: [text: string, value: unknown][]; programs: RecordedPrograms } | { ok: false; error: string } {
	const d = data as Partial<LabData> | null;
	if (d === null || typeof d !== 'object' || d.format !== LAB_DATA_FORMAT || typeof d.id !== 'string' || d.files === undefined || d.pods === undefined || d.doc === undefined || d.chain === undefined || d.manifests === undefined) {
		return { ok: false, error: `the lab's data is not in format ${LAB_DATA_FORMAT}` };
	}
	const files: Record<string, ScenarioFile> = {};
	for (const [path, f] of Object.entries(d.files)) {
		if (f.text !== undefined) files[path] = { path, folder: f.folder, text: f.text, provenance: f.provenance };
	}
	const pods: Scenario['pods'][number][] = [];
	const manifests: [string, unknown][] = [];
	for (const p of d.pods) {
		const manifestFile = files[p.manifestPath];
		if (manifestFile === undefined || !Object.hasOwn(d.manifests, p.manifestPath)) return { ok: false, error: `the lab's data lacks ${p.manifestPath}` };
		pods.push({ entry: p.entry, manifest: p.manifest, manifestFile });
		manifests.push([manifestFile.text, d.manifests[p.manifestPath]]);
	}
	const programs = decodePrograms(d.programs);
	if (!programs.ok) return programs;
	return { ok: true, scenario: { id: d.id, chain: d.chain, doc: d.doc, files, pods }, lazy: d.lazy ?? {}, manifests, programs: programs.value };
}
