// What a loaded scenario is: the validated scenario.yaml, its raw files resolved through the
// variant chain, and its pods' manifests.

import type { PodManifest } from './manifest';
import type { PodEntry, Provenance, ScenarioDoc } from './schema';

/** Where scenario folders live, for messages. */
export const SCENARIO_ROOT = 'content/scenarios';

/** One raw file of a scenario, resolved through the variant chain. */
export interface ScenarioFile {
	/** Path inside the scenario folder, as scenario.yaml names it: `pods/productpage-v1.yaml`. */
	readonly path: string;
	/** The folder it was found in (a variant's own, or one it extends). */
	readonly folder: string;
	readonly text: string;
	readonly provenance: Provenance;
}

export interface LoadedPod {
	readonly entry: PodEntry;
	readonly manifest: PodManifest;
	readonly manifestFile: ScenarioFile;
}

export interface Scenario {
	readonly id: string;
	/** The folder and the folders it extends, nearest first: `['bookinfo-cni', 'bookinfo']`. */
	readonly chain: readonly string[];
	readonly doc: ScenarioDoc;
	/** Every declared raw file by its path inside the scenario. */
	readonly files: Readonly<Record<string, ScenarioFile>>;
	readonly pods: readonly LoadedPod[];
}

export function repoPath(folder: string, path: string): string {
	return `${SCENARIO_ROOT}/${folder}/${path}`;
}

