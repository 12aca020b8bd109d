// JSON as istioctl prints `-o json`. Two printers are involved upstream:
// - listeners, clusters, routes, endpoints, ecds: each proto marshalled by protojson, the list
//   re-indented by Go's json.MarshalIndent(..., "", "    "): ordinary 4-space JSON, map and
//   Struct keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped as \u003c ... (encoding/json's
//   HTML-safe compaction);
// - bootstrap and secret dumps: golang/protobuf's legacy jsonpb Marshaler with Indent "    ",
//   which writes a google.protobuf.Struct (node.metadata ...) one level deeper than its key and
//   an empty message as "{", an empty line and "}" (jsonpb/encode.go's writer).
// Field order is the order Envoy printed, which is proto field order.

import { isDataField, isObject, type Json, type JsonObject } from '../../envoy/json';

const MAP_OF_MESSAGES = new Set(['typedFilterMetadata', 'typedPerFilterConfig']);
const STRUCT_ANY = 'type.googleapis.com/google.protobuf.Struct';
const TYPED_STRUCT = new Set(['type.googleapis.com/udpa.type.v1.TypedStruct', 'type.googleapis.com/xds.type.v3.TypedStruct']);

function sortData(v: Json): Json {
	if (Array.isArray(v)) return (v as readonly Json[]).map(sortData);
	if (!isObject(v)) return v;
	const out: Record<string, Json> = {};
	for (const k of Object.keys(v).sort()) out[k] = sortData(v[k] as Json);
	return out;
}

/** protojson's key order: map and Struct entries sorted, fields as they are. */
function protoOrder(v: Json, parentKey?: string): Json {
	if (Array.isArray(v)) return (v as readonly Json[]).map((x) => protoOrder(x, parentKey));
	if (!isObject(v)) return v;
	const type = v['@type'];
	if (type === STRUCT_ANY) return { '@type': type, ...(sortData(v) as JsonObject) };
	const out: Record<string, Json> = {};
	for (const [k, x] of Object.entries(v)) {
		if ((typeof type === 'string' && TYPED_STRUCT.has(type) && k === 'value') || isDataField(k, parentKey)) out[k] = sortData(x);
		else if (MAP_OF_MESSAGES.has(k) && isObject(x)) {
			const m: Record<string, Json> = {};
			for (const e of Object.keys(x).sort()) m[e] = protoOrder(x[e] as Json, k);
			out[k] = m;
		} else out[k] = protoOrder(x, k);
	}
	return out;
}

const htmlSafe = (s: string): string => s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);

/** json.MarshalIndent(proto.MessageSlice(messages), "", "    "): the messages unpacked from their Any. */
export function messageSliceJson(messages: readonly JsonObject[]): string {
	const list = messages.map((m) => {
		const { '@type': _type, ...rest } = m;
		void _type;
		return protoOrder(rest);
	});
	return htmlSafe(JSON.stringify(list, null, 4));
}

/** One message re-indented with 4 spaces (what the ecds test compares; protojson's own spacing is randomized). */
export function messageJson(message: JsonObject): string {
	return htmlSafe(JSON.stringify(protoOrder(message), null, 4));
}

// ---- golang/protobuf jsonpb, Indent "    " ------------------------------------------------

const I = '    ';
const str = (s: string): string => htmlSafe(JSON.stringify(s));

function scalar(v: Json): string {
	return typeof v === 'string' ? str(v) : v === null ? 'null' : String(v);
}

/** A google.protobuf.Value message at `ind`. */
function value(v: Json, ind: string): string {
	if (Array.isArray(v)) return list(v as readonly Json[], ind + I, (e, i) => value(e, i + I));
	if (isObject(v)) return map(v, ind + I, (e, i) => value(e, i + I));
	return scalar(v);
}

function list(items: readonly Json[], ind: string, each: (v: Json, ind: string) => string): string {
	let out = '[';
	items.forEach((e, n) => {
		out += `${n > 0 ? ',' : ''}\n${ind}${I}${I}${each(e, ind + I)}`;
	});
	return `${out}\n${ind}${I}]`;
}

function map(o: JsonObject, ind: string, each: (v: Json, ind: string) => string): string {
	let out = '{';
	Object.keys(o)
		.sort()
		.forEach((k, n) => {
			out += `${n > 0 ? ',' : ''}\n${ind}${I}${I}${str(k)}: ${each(o[k] as Json, ind + I)}`;
		});
	return `${out}\n${ind}${I}}`;
}

type Kind = 'message' | 'struct' | 'scalar';

function fieldKind(key: string, parentKey: string | undefined, anyType: string | undefined): Kind {
	if (key === 'value' && anyType !== undefined && (anyType === STRUCT_ANY || TYPED_STRUCT.has(anyType))) return 'struct';
	if (key === 'metadata' && isDataField(key, parentKey)) return 'struct';
	return 'message';
}

function singular(v: Json, kind: Kind, ind: string, key: string): string {
	if (!isObject(v)) return scalar(v);
	if (kind === 'struct') return map(v, ind + I, (e, i) => value(e, i + I));
	return message(v, ind + I, key);
}

function message(o: JsonObject, ind: string, selfKey?: string): string {
	const anyType = typeof o['@type'] === 'string' ? o['@type'] : undefined;
	const fields = Object.entries(o).map(([k, v]) => {
		let text: string;
		if (k === 'filterMetadata' && isObject(v)) text = map(v, ind, (e, i) => (isObject(e) ? map(e, i + I, (x, j) => value(x, j + I)) : scalar(e)));
		else if (MAP_OF_MESSAGES.has(k) && isObject(v)) text = map(v, ind, (e, i) => (isObject(e) ? message(e, i + I, k) : scalar(e)));
		else if (isDataField(k, selfKey) && k !== 'metadata' && isObject(v)) text = map(v, ind, (e) => scalar(e));
		else if (Array.isArray(v)) text = list(v as readonly Json[], ind, (e, i) => singular(e, 'message', i, k));
		else text = singular(v, fieldKind(k, selfKey, anyType), ind, k);
		return `${ind}${I}${str(k)}: ${text}`;
	});
	return `{\n${fields.join(',\n')}\n${ind}}`;
}

/** protomarshal.ToJSONWithIndent(msg, "    ") for a message unpacked from its Any. */
export function jsonpbIndent(o: JsonObject): string {
	const { '@type': _type, ...rest } = o;
	void _type;
	return message(rest, '');
}
