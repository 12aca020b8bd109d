// Plain JSON values and the one rewrite every loaded config dump goes through: field names are
// brought to protobuf's lowerCamelCase JSON names (Envoy's admin API prints `filterChains`; some
// recorded test data, written by Go's protojson with OrigName, says `filter_chains`). Keys of
// maps and of google.protobuf.Struct values are data, not field names, and are kept verbatim
// (`ISTIO_VERSION`, `build.type`, filter-metadata namespaces such as `envoy.lb`).

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
	readonly [key: string]: Json;
}

export function isObject(v: unknown): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `filter_chain_match` -> `filterChainMatch` (protoc's json_name rule: drop `_`, upper-case the next letter). */
export function camelName(key: string): string {
	if (!key.includes('_') || key.startsWith('@')) return key;
	let out = '';
	let up = false;
	for (const ch of key) {
		if (ch === '_') {
			up = true;
			continue;
		}
		out += up ? ch.toUpperCase() : ch;
		up = false;
	}
	return out;
}

/**
 * Fields whose value is a map or a Struct: their own keys are data. The value of each entry is
 * either a message again ('message', e.g. map<string, Any>) or plain data all the way down
 * ('data': Struct, map<string, string>).
 */
const MAP_FIELDS: Readonly<Record<string, 'message' | 'data'>> = {
	filterMetadata: 'data',
	typedFilterMetadata: 'message',
	typedPerFilterConfig: 'message',
	keyValues: 'data',
	fields: 'data',
	labels: 'data',
	perFilterConfig: 'data',
};

/** Struct-typed fields that are called `metadata` (node and build version) rather than core.Metadata. */
function metadataIsStruct(parentKey: string | undefined): boolean {
	return parentKey === 'node' || parentKey === 'userAgentBuildVersion';
}

/** Any payloads whose content is a Struct (or holds one under `value`). */
const STRUCT_ANY = new Set(['type.googleapis.com/google.protobuf.Struct']);
const TYPED_STRUCT_ANY = new Set(['type.googleapis.com/udpa.type.v1.TypedStruct', 'type.googleapis.com/xds.type.v3.TypedStruct']);

/** Rewrites field names to lowerCamelCase, keeping map and Struct keys as they are. */
export function normalizeKeys(value: Json, parentKey?: string): Json {
	if (Array.isArray(value)) return (value as readonly Json[]).map((v) => normalizeKeys(v, parentKey));
	if (!isObject(value)) return value;
	const type = value['@type'];
	if (typeof type === 'string' && STRUCT_ANY.has(type)) return value;
	const out: Record<string, Json> = {};
	for (const [rawKey, v] of Object.entries(value)) {
		const key = camelName(rawKey);
		if (typeof type === 'string' && TYPED_STRUCT_ANY.has(type) && key === 'value') out[key] = v;
		else if (key === 'metadata' && metadataIsStruct(parentKey)) out[key] = v;
		else if (MAP_FIELDS[key] !== undefined && isObject(v)) {
			const entries: Record<string, Json> = {};
			for (const [k, e] of Object.entries(v)) entries[k] = MAP_FIELDS[key] === 'data' ? e : normalizeKeys(e, key);
			out[key] = entries;
		} else out[key] = normalizeKeys(v, key);
	}
	return out;
}

/** Whether the field at `key` (under `parentKey`) holds a Struct or a map of plain data. */
export function isDataField(key: string, parentKey: string | undefined): boolean {
	return (key === 'metadata' && metadataIsStruct(parentKey)) || MAP_FIELDS[key] === 'data';
}

/** Every string anywhere inside `v` (Istio tests a TCP proxy for `BlackHoleCluster` this way). */
export function containsString(v: Json, needle: string): boolean {
	if (typeof v === 'string') return v.includes(needle);
	if (Array.isArray(v)) return (v as readonly Json[]).some((x) => containsString(x, needle));
	if (isObject(v)) return Object.values(v).some((x) => containsString(x, needle));
	return false;
}
