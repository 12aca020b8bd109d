// The few rules of Envoy's /config_dump JSON that the generator needs: protobuf JSON names in
// lowerCamelCase, fields in .proto declaration order (object literals here are written in that
// order), default values left out, Any messages as `@type` plus their fields, durations as
// seconds with 0, 3, 6 or 9 decimals, and Envoy's pretty printer (two spaces, `": "`).

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

/** An Any: `@type` first, then the message's fields. */
export const any = (type: string, fields: Obj = {}): Obj => ({ '@type': `type.googleapis.com/${type}`, ...fields });

/** google.protobuf.Duration as protobuf JSON prints it. */
export function duration(ms: number): string {
	if (ms % 1000 === 0) return `${ms / 1000}s`;
	return `${(ms / 1000).toFixed(3)}s`;
}

/** google.protobuf.Timestamp with milliseconds, as Envoy's `lastUpdated` shows it. */
export const timestamp = (ms: number): string => new Date(ms).toISOString();

/** Drops keys whose value is undefined, keeping the order of the rest. */
export function compact(o: Record<string, Json | undefined>): Obj {
	const out: Obj = {};
	for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
	return out;
}

/** A socket address; protocol TCP and port 0 are defaults and not printed. */
export const socketAddress = (address: string, port: number): Obj => ({ socketAddress: compact({ address, portValue: port === 0 ? undefined : port }) });

/** Envoy prints the dump with protobuf's pretty printer: two-space indent, one field a line. */
export const render = (dump: Json): string => `${JSON.stringify(dump, null, 2)}\n`;

const camel = (k: string): string => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Converts a bootstrap file's proto-JSON (snake_case, as pilot-agent writes envoy-rev.json) into
 * the names Envoy prints, without touching map keys (Struct fields, typed_extension_protocol_options
 * keys, runtime keys) whose names are data, not field names.
 */
export function camelize(v: unknown, mapKeys = false): Json {
	if (Array.isArray(v)) return v.map((x) => camelize(x));
	if (v === null || typeof v !== 'object') return v as Json;
	const out: Obj = {};
	for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
		const key = mapKeys || k.startsWith('@') ? k : camel(k);
		// Struct and map fields: their keys are data.
		const dataKeys = ['metadata', 'static_layer', 'typed_extension_protocol_options', 'value'].includes(k);
		out[key] = dataKeys && x !== null && typeof x === 'object' && !Array.isArray(x) ? mapValues(x as Record<string, unknown>, k === 'typed_extension_protocol_options') : camelize(x);
	}
	return out;
}

function mapValues(o: Record<string, unknown>, convertValues: boolean): Obj {
	const out: Obj = {};
	for (const [k, x] of Object.entries(o)) out[k] = convertValues ? camelize(x) : (x as Json);
	return out;
}

/** Reorders an object's keys: `order` first (those present), then the rest as they were. */
export function ordered(o: Obj, order: readonly string[]): Obj {
	const out: Obj = {};
	for (const k of order) if (k in o) out[k] = o[k] as Json;
	for (const [k, v] of Object.entries(o)) if (!(k in out)) out[k] = v;
	return out;
}
