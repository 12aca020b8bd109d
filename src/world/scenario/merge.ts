// Variants: a scenario folder whose scenario.yaml says `extends: <base>` is the base scenario
// with the variant's sections laid over it. The merge works on the raw YAML values, before
// validation, and remembers where every merged value came from, so an error in the merged
// scenario still names the file (and the line) the author has to change.
//
// The rules (docs/scenarios.md, "Variants"):
//   title, description, recordedAt          replaced
//   cluster, istio                          merged field by field
//   files, images                           merged by key (path / image name)
//   nodes                                   matched by name, merged field by field
//   pods                                    matched by manifest path; `remove: true` drops one
//   remotePods, services                    matched by namespace/name, replaced

import type { PathKey, SourceDoc } from './errors';

type Obj = Record<string, unknown>;

/** Where a merged value came from: the document, and its path there. */
export interface Origin {
	readonly path: readonly PathKey[];
	readonly src: SourceDoc;
	readonly srcPath: readonly PathKey[];
}

export interface Merged {
	readonly value: Obj;
	/** Longest matching `path` wins; see originOf. */
	readonly origins: readonly Origin[];
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A document taken as it is: everything comes from it. */
export function whole(src: SourceDoc, value: Obj): Merged {
	return { value, origins: [{ path: [], src, srcPath: [] }] };
}

/** Which document and path a merged path came from. */
export function originOf(m: Merged, path: readonly PathKey[]): { src: SourceDoc; path: PathKey[] } {
	let best: Origin | undefined;
	for (const o of m.origins) {
		if (o.path.length > path.length || !o.path.every((k, i) => path[i] === k)) continue;
		// On a tie the later origin wins: it was recorded by a later merge step.
		if (best === undefined || o.path.length >= best.path.length) best = o;
	}
	if (best === undefined) throw new Error('broken invariant: merged scenario without a root origin');
	return { src: best.src, path: [...best.srcPath, ...path.slice(best.path.length)] };
}

type Identity = (item: Obj) => string | undefined;

const LIST_IDENTITY: Readonly<Record<string, Identity>> = {
	nodes: (n) => (typeof n.name === 'string' ? n.name : undefined),
	pods: (p) => (typeof p.manifest === 'string' ? p.manifest : undefined),
	remotePods: (p) => `${String(p.namespace)}/${String(p.name)}`,
	services: (s) => `${String(s.namespace)}/${String(s.name)}`,
};
/** Lists whose matched entries are merged field by field instead of replaced. */
const MERGE_ENTRIES: ReadonlySet<string> = new Set(['nodes']);
const MAPS: ReadonlySet<string> = new Set(['files', 'images', 'cluster', 'istio']);
/** Fields of the variant that never reach the merged scenario. */
const VARIANT_ONLY: ReadonlySet<string> = new Set(['extends']);

/** Lays `over` (a variant document) onto `base`. */
export function mergeVariant(base: Merged, over: SourceDoc, overValue: Obj): Merged {
	const value: Obj = { ...base.value };
	const origins: Origin[] = [...base.origins];
	const from = (path: PathKey[], srcPath: PathKey[]): void => {
		origins.push({ path, src: over, srcPath });
	};
	for (const [key, v] of Object.entries(overValue)) {
		if (VARIANT_ONLY.has(key)) continue;
		const identity = LIST_IDENTITY[key];
		if (MAPS.has(key) && isObj(v) && isObj(value[key])) {
			value[key] = { ...(value[key] as Obj), ...v };
			for (const k of Object.keys(v)) from([key, k], [key, k]);
		} else if (identity !== undefined && Array.isArray(v) && Array.isArray(value[key])) {
			const list = [...(value[key] as unknown[])];
			// Base entries keep their origins; shift them as entries are removed.
			const originIndex = list.map((_, i) => i);
			v.forEach((item, j) => {
				if (!isObj(item)) return;
				const id = identity(item);
				const at = list.findIndex((e) => isObj(e) && identity(e) === id);
				if (item.remove === true) {
					if (at >= 0) {
						list.splice(at, 1);
						originIndex.splice(at, 1);
					}
					return;
				}
				if (at >= 0 && MERGE_ENTRIES.has(key)) {
					list[at] = { ...(list[at] as Obj), ...item };
					for (const f of Object.keys(item)) from([key, at, f], [key, j, f]);
				} else if (at >= 0) {
					list[at] = item;
					from([key, at], [key, j]);
				} else {
					list.push(item);
					originIndex.push(-1);
					from([key, list.length - 1], [key, j]);
				}
			});
			// Re-point base origins of list entries whose index moved.
			for (let i = 0; i < originIndex.length; i++) {
				const was = originIndex[i];
				if (was === undefined || was < 0 || was === i) continue;
				for (const o of base.origins) {
					if (o.path[0] === key && o.path[1] === was) origins.push({ path: [key, i, ...o.path.slice(2)], src: o.src, srcPath: o.srcPath });
				}
				const root = originOf(base, [key, was]);
				origins.push({ path: [key, i], src: root.src, srcPath: root.path });
			}
			value[key] = list;
		} else {
			value[key] = v;
			from([key], [key]);
		}
	}
	return { value, origins };
}
