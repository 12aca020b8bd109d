// Authoring mistakes, reported so the author can fix them without reading our code: the file,
// the field as a YAML path (`pods[2].manifest`), where it is (line:column), what is wrong and
// how to fix it. Every check of the loader returns these as values; the build prints them all.

import type { $ZodIssue } from 'zod/v4/core';
import { isMap, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { ScenarioError } from './error-type';

export { formatScenarioError, type LoadResult, type ScenarioError } from './error-type';

export type PathKey = string | number;

/** `['pods', 2, 'manifest']` -> `pods[2].manifest`; keys with dots or slashes are quoted. */
export function fieldPath(path: readonly PathKey[]): string {
	let out = '';
	for (const k of path) {
		if (typeof k === 'number') out += `[${k}]`;
		else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) out += out === '' ? k : `.${k}`;
		else out += `[${JSON.stringify(k)}]`;
	}
	return out;
}

/** A parsed YAML document with what is needed to point at a line. */
export interface SourceDoc {
	readonly file: string;
	readonly doc: Document.Parsed;
	readonly lines: LineCounter;
}

/**
 * Where a path is in the document: the value's node, or for a missing key the closest existing
 * parent (so "missing field" points at the object that lacks it).
 */
export function positionOf(src: SourceDoc, path: readonly PathKey[]): { line: number; column: number } | undefined {
	let node: unknown = src.doc.contents;
	let found: YamlNode | undefined = node as YamlNode | undefined;
	for (const k of path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === k);
			if (pair === undefined) break;
			// Unknown keys are reported at the key itself.
			node = pair.value ?? pair.key;
			found = (pair.value ?? pair.key) as YamlNode;
		} else if (isSeq(node) && typeof k === 'number') {
			node = node.items[k];
			if (node === undefined) break;
			found = node as YamlNode;
		} else break;
	}
	const range = found?.range;
	if (range === undefined || range === null) return undefined;
	const pos = src.lines.linePos(range[0]);
	return { line: pos.line, column: pos.col };
}

/** Where a key of a mapping is written (unknown keys are reported there). */
export function keyPositionOf(src: SourceDoc, parent: readonly PathKey[], key: string): { line: number; column: number } | undefined {
	const map = parent.length === 0 ? src.doc.contents : src.doc.getIn(parent as PathKey[], true);
	if (!isMap(map)) return positionOf(src, parent);
	const pair = map.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
	const range = (pair?.key as YamlNode | undefined)?.range;
	if (range === undefined || range === null) return positionOf(src, parent);
	const pos = src.lines.linePos(range[0]);
	return { line: pos.line, column: pos.col };
}

/** The raw value at a path (for "got …" in messages). */
export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
	let v: unknown = root;
	for (const k of path) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<PathKey, unknown>)[k];
	}
	return v;
}

export function describeValue(v: unknown): string {
	if (v === undefined) return 'nothing';
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'object') return 'a mapping';
	if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
	return `the ${typeof v} ${String(v)}`;
}

const ARTICLE: Readonly<Record<string, string>> = { string: 'a string', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping', int: 'an integer' };

/**
 * Fixes per field, by the field's pattern (list indexes replaced by `[]`, map keys by `{}`).
 * Data, not code: a new field gets its fix here.
 */
export const FIELD_FIXES: Readonly<Record<string, string>> = {
	schema: 'write `schema: 1` (the only format version so far)',
	id: 'use the folder name: lowercase letters, digits and single dashes, e.g. `bookinfo-cni`',
	extends: 'name the scenario folder this variant builds on, e.g. `extends: bookinfo`',
	recordedAt: 'quote an RFC 3339 UTC time, e.g. `recordedAt: 2026-11-21T05:40:00Z`',
	'cluster.kubernetesVersion': 'write the version as kubectl prints it, e.g. `v1.32.2`',
	'cluster.serviceCidr': 'write a prefix such as `10.96.0.0/12` (the apiserver --service-cluster-ip-range)',
	'cluster.podCidr': 'write a prefix such as `10.244.0.0/16` (the controller-manager --cluster-cidr)',
	'cluster.dns.service': 'name the DNS Service as namespace/name, e.g. `kube-system/kube-dns`',
	'istio.version': 'quote the full Istio version, e.g. `version: 1.26.3` (a bare 1.26 is a number)',
	'nodes[].internalIP': 'write the node address with its prefix, e.g. `172.18.0.3/16`',
	'nodes[].podCidr': "write the node's spec.podCIDR, e.g. `10.244.1.0/24`",
	'nodes[].uptime': 'write a duration such as `26h` or `3d4h` (how long before recordedAt the node booted)',
	'nodes[].mac': 'write six lowercase hex pairs, e.g. `02:42:ac:12:00:03`',
	'nodes[].containerRuntime': 'write it as the node status shows it, e.g. `containerd://2.0.2`',
	'pods[].manifest': "give the path of the pod's `kubectl get pod -o yaml` file, relative to the scenario folder, e.g. `pods/productpage-v1.yaml`",
	'pods[].iptablesSave': 'give the path of the expected `iptables-save` file, e.g. `netfilter/sidecar-redirect.iptables-save`',
	'services[].clusterIP': 'write an address inside cluster.serviceCidr, e.g. `10.96.0.50`',
	'files{}': 'describe where the file comes from with `kind: recorded|reference|derived|authored` and the fields of that kind (docs/scenarios.md, "Provenance")',
	'files{}.kind': 'use one of recorded (from our recorder), reference (copied, with its licence), derived (with the command that regenerates it) or authored (with its basis)',
	'images{}.processes[].comm': 'comm is at most 15 characters (the kernel truncates /proc/PID/comm); write the truncated name',
	'nodes[].processes[].comm': 'comm is at most 15 characters (the kernel truncates /proc/PID/comm); write the truncated name, e.g. `systemd-journal`',
};

/** The pattern FIELD_FIXES is keyed by, given the document root to tell maps from lists. */
export function fieldPattern(path: readonly PathKey[], mapKeys: ReadonlySet<string>): string {
	let out = '';
	let parent = '';
	for (const k of path) {
		if (typeof k === 'number') out += '[]';
		else if (mapKeys.has(parent)) out += '{}';
		else out += out === '' ? k : `.${k}`;
		parent = typeof k === 'number' ? `${parent}[]` : mapKeys.has(parent) ? `${parent}{}` : parent === '' ? k : `${parent}.${k}`;
	}
	return out;
}

/** Scenario fields whose keys are free (file paths, image names), for fieldPattern. */
export const MAP_FIELDS: ReadonlySet<string> = new Set(['files', 'images', 'nodes[].files', 'images{}.files']);

/** One zod issue as a ScenarioError (or several, for unknown keys). */
export function fromIssue(src: SourceDoc, root: unknown, issue: $ZodIssue, prefix: readonly PathKey[] = []): ScenarioError[] {
	const path = [...prefix, ...(issue.path as PathKey[])];
	const at = (p: readonly PathKey[]): Pick<ScenarioError, 'line' | 'column'> => positionOf(src, p) ?? {};
	const fixFor = (p: readonly PathKey[], fallback: string): string => FIELD_FIXES[fieldPattern(p.slice(prefix.length), MAP_FIELDS)] ?? fallback;
	const got = describeValue(valueAt(root, issue.path as PathKey[]));
	switch (issue.code) {
		case 'unrecognized_keys':
			return issue.keys.map((key) => {
				const p = [...path, key];
				return { file: src.file, field: fieldPath(p), ...(keyPositionOf(src, path, key) ?? {}), message: `unknown field "${key}"`, fix: 'remove it or correct its spelling (docs/scenarios.md lists every field)' };
			});
		case 'invalid_type': {
			const expected = ARTICLE[issue.expected] ?? issue.expected;
			if (valueAt(root, issue.path as PathKey[]) === undefined) {
				return [{ file: src.file, field: fieldPath(path), ...at(path), message: 'required field is missing', fix: fixFor(path, `add it (${expected})`) }];
			}
			return [{ file: src.file, field: fieldPath(path), ...at(path), message: `expected ${expected}, got ${got}`, fix: fixFor(path, `write ${expected}`) }];
		}
		case 'invalid_value': {
			const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
			return [{ file: src.file, field: fieldPath(path), ...at(path), message: `expected ${issue.values.length === 1 ? allowed : `one of ${allowed}`}, got ${got}`, fix: fixFor(path, `use ${allowed}`) }];
		}
		case 'invalid_union': {
			// A discriminated union whose discriminator is missing or wrong (files{}.kind).
			return [{ file: src.file, field: fieldPath(path), ...at(path), message: `not a valid value (got ${got})`, fix: fixFor(path, 'see docs/scenarios.md for the allowed forms') }];
		}
		case 'too_small':
		case 'too_big': {
			const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
			const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
			return [{ file: src.file, field: fieldPath(path), ...at(path), message: `${bound}${what === '' ? '' : ` ${what}`} expected, got ${got}`, fix: fixFor(path, `write a value of ${bound}${what === '' ? '' : ` ${what}`}`) }];
		}
		default:
			return [{ file: src.file, field: fieldPath(path), ...at(path), message: `${issue.message} (got ${got})`, fix: fixFor(path, 'see docs/scenarios.md for the expected form') }];
	}
}
