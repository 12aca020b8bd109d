// Kubernetes objects as kubectl receives them: the pod's manifest parsed from the scenario's
// `kubectl get pod -o yaml` text, read through a few small helpers that tolerate missing fields
// the way Go's zero values do.

import { parse } from 'yaml';

export type Obj = { readonly [key: string]: unknown };

export const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
export const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0);
export const has = (o: Obj, key: string): boolean => Object.hasOwn(o, key) && o[key] !== null && o[key] !== undefined;

/** A map of strings (labels, annotations, selectors). */
export function strMap(v: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, x] of Object.entries(obj(v))) out[k] = str(x);
	return out;
}

const cache = new Map<string, Obj>();

/** The manifest text parsed once (the texts are immutable scenario data). */
export function parseManifest(text: string): Obj {
	let o = cache.get(text);
	if (o === undefined) {
		// YAML 1.1 would read `on` as a boolean; kubectl's YAML quotes every such string, so the
		// core schema reads the text back as the object it was printed from.
		o = obj(parse(text));
		if (cache.size > 64) cache.clear();
		cache.set(text, o);
	}
	return o;
}

/** Byte-order comparison, as Go's sort.Strings. */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
