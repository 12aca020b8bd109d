// Plain JSON values and the one rewrite every loaded config dump goes through: field names are
// brought to protobuf's lowerCamelCase JSON names (istioctl's `-o json` and Istio's test data say
// `filterChains`; Envoy's own admin API, printing with preserve_proto_field_names, says
// `filter_chains`, and protoNameKeys below prints a dump that way again). Keys of
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

/** `filterChainMatch` -> `filter_chain_match`: the proto field name Envoy's admin API prints. */
export function snakeName(key: string): string {
	if (key.startsWith('@') || !/[A-Z]/.test(key)) return key;
	return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The inverse of normalizeKeys: field names back to the proto names (`dynamic_listeners`,
 * `socket_address`), map and Struct keys kept as they are. Envoy prints its admin JSON this way
 * (protobuf's JSON printer with preserve_proto_field_names).
 */
export function protoNameKeys(value: Json, parentKey?: string): Json {
	if (Array.isArray(value)) return (value as readonly Json[]).map((v) => protoNameKeys(v, parentKey));
	if (!isObject(value)) return value;
	const type = value['@type'];
	if (typeof type === 'string' && STRUCT_ANY.has(type)) return value;
	const out: Record<string, Json> = {};
	for (const [key, v] of Object.entries(value)) {
		const name = snakeName(key);
		if (typeof type === 'string' && TYPED_STRUCT_ANY.has(type) && key === 'value') out[name] = v;
		else if (key === 'metadata' && metadataIsStruct(parentKey)) out[name] = v;
		else if (MAP_FIELDS[key] !== undefined && isObject(v)) {
			const entries: Record<string, Json> = {};
			for (const [k, e] of Object.entries(v)) entries[k] = MAP_FIELDS[key] === 'data' ? e : protoNameKeys(e, key);
			out[name] = entries;
		} else out[name] = protoNameKeys(v, key);
	}
	return out;
}

/** A config dump as Envoy's admin server prints it: proto field names, one-space indentation. */
export function envoyAdminDump(dump: Json): string {
	return `${JSON.stringify(protoNameKeys(normalizeKeys(dump)), null, 1)}\n`;
}
