// Loading a recorded /config_dump: JSON text -> lowerCamelCase field names -> the zod schema ->
// the typed model of types.ts. Errors are values: a JSON syntax error says where, a schema
// error names the path inside the JSON as the file spells it, e.g.
//   configs[2].dynamicListeners[5].activeState.listener.address.socketAddress.portValue: expected a number, got "x"

import type { z } from 'zod';
import { isObject, normalizeKeys, type Json, type JsonObject } from './json';
import { buildBootstrap, buildCluster, buildEcds, buildListener, buildLoadAssignment, buildRouteConfig, buildSecrets } from './build';
import { DumpSchema, SectionSchemas } from './schema';
import type { Cluster, ConfigDump, Listener, LoadAssignment, Loaded, RouteConfig } from './types';

type Issue = z.core.$ZodIssue;

const ECDS_TYPE = 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump';

function article(t: string): string {
	if (t === 'object' || t === 'array') return `an ${t}`;
	return `a ${t}`;
}

function shown(v: unknown): string {
	if (v === undefined) return 'nothing';
	if (Array.isArray(v)) return 'an array';
	if (v !== null && typeof v === 'object') return 'an object';
	const s = JSON.stringify(v);
	return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** The path as the file spells it: walk the original JSON along the normalized path. */
function spelled(path: readonly PropertyKey[], original: Json, prefix: string): string {
	let out = prefix;
	let node: Json | undefined = original;
	for (const step of path) {
		if (typeof step === 'number') {
			out += `[${step}]`;
			node = Array.isArray(node) ? (node as readonly Json[])[step] : undefined;
			continue;
		}
		const key = String(step);
		let name = key;
		if (isObject(node)) {
			const hit = Object.keys(node).find((k) => k === key) ?? Object.keys(node).find((k) => k.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) === key);
			if (hit !== undefined) name = hit;
			node = hit === undefined ? undefined : node[hit];
		} else node = undefined;
		out += out === '' ? name : `.${name}`;
	}
	return out;
}

function describeIssue(issue: Issue, original: Json, prefix: string): string {
	const where = spelled(issue.path, original, prefix);
	const got = shown((issue as { input?: unknown }).input);
	let what: string;
	if (issue.code === 'invalid_type') what = `expected ${article(issue.expected)}, got ${got}`;
	else if (issue.code === 'invalid_union') what = `expected a number, got ${got}`;
	else if (issue.code === 'invalid_format') what = `expected a number, got ${got}`;
	else what = issue.message;
	return where === '' ? what : `${where}: ${what}`;
}

function validate(schema: z.ZodType<unknown>, value: Json, original: Json, prefix: string): Loaded<unknown> {
	const r = schema.safeParse(value, { reportInput: true });
	if (r.success) return { ok: true, value: r.data };
	const issue = r.error.issues[0];
	return { ok: false, error: issue === undefined ? `${prefix}: invalid` : describeIssue(issue, original, prefix) };
}

/** Parses JSON text; the error says where the text stopped making sense. */
export function parseJson(text: string): Loaded<Json> {
	try {
		return { ok: true, value: JSON.parse(text) as Json };
	} catch (e) {
		return { ok: false, error: e instanceof Error ? e.message : 'invalid JSON' };
	}
}

/** Loads a /config_dump (v3 admin API, camelCase or snake_case field names). */
export function loadConfigDump(text: string): Loaded<ConfigDump> {
	const parsed = parseJson(text);
	if (!parsed.ok) return parsed;
	return loadConfigDumpJson(parsed.value);
}

export function loadConfigDumpJson(original: Json): Loaded<ConfigDump> {
	const top = validate(DumpSchema as unknown as z.ZodType<unknown>, original, original, '');
	if (!top.ok) return top;
	const normalized = normalizeKeys(original) as JsonObject;
	const configs = normalized['configs'] as readonly JsonObject[];
	const originals = (original as JsonObject)['configs'] as readonly Json[];
	const sections = new Map<string, JsonObject>();
	const dump: {
		bootstrap?: ConfigDump['bootstrap'];
		listeners?: Listener[];
		clusters?: Cluster[];
		routes?: RouteConfig[];
		endpoints?: LoadAssignment[];
		secrets?: ConfigDump['secrets'];
		ecds?: ConfigDump['ecds'];
	} = {};
	for (const [i, section] of configs.entries()) {
		const type = section['@type'] as string;
		const schema = (SectionSchemas as unknown as Record<string, z.ZodType<unknown> | undefined>)[type];
		if (schema === undefined) continue;
		const ok = validate(schema, section, originals[i] ?? null, `configs[${i}]`);
		if (!ok.ok) return ok;
		if (type === ECDS_TYPE) {
			// Envoy reports one EcdsConfigDump per extension type; istioctl concatenates them.
			const before = (sections.get(type)?.['ecdsFilters'] as readonly Json[] | undefined) ?? [];
			sections.set(type, { ecdsFilters: [...before, ...((section['ecdsFilters'] as readonly Json[] | undefined) ?? [])] });
		} else sections.set(type, section);
		const arr = (k: string): readonly JsonObject[] => (section[k] as readonly JsonObject[] | undefined) ?? [];
		switch (type) {
			case 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump':
				dump.bootstrap = buildBootstrap(section);
				break;
			case 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump': {
				// Envoy's order, which istioctl keeps before sorting: dynamic (active) first, then static.
				const dynamic = arr('dynamicListeners').flatMap((d) => {
					const l = (d['activeState'] as JsonObject | undefined)?.['listener'];
					return isObject(l) ? [buildListener(l, 'dynamic')] : [];
				});
				const statics = arr('staticListeners').flatMap((s) => (isObject(s['listener']) ? [buildListener(s['listener'], 'static')] : []));
				dump.listeners = [...dynamic, ...statics];
				break;
			}
			case 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump': {
				const pick = (k: string, origin: Cluster['origin']): Cluster[] => arr(k).flatMap((c) => (isObject(c['cluster']) ? [buildCluster(c['cluster'], origin)] : []));
				dump.clusters = [...pick('dynamicActiveClusters', 'dynamic'), ...pick('staticClusters', 'static'), ...pick('dynamicWarmingClusters', 'warming')];
				break;
			}
			case 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump': {
				const pick = (k: string, origin: RouteConfig['origin']): RouteConfig[] => arr(k).flatMap((r) => (isObject(r['routeConfig']) ? [buildRouteConfig(r['routeConfig'], origin)] : []));
				dump.routes = [...pick('dynamicRouteConfigs', 'dynamic'), ...pick('staticRouteConfigs', 'static')];
				break;
			}
			case 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump': {
				const pick = (k: string, origin: LoadAssignment['origin']): LoadAssignment[] => arr(k).flatMap((e) => (isObject(e['endpointConfig']) ? [buildLoadAssignment(e['endpointConfig'], origin)] : []));
				dump.endpoints = [...pick('dynamicEndpointConfigs', 'dynamic'), ...pick('staticEndpointConfigs', 'static')];
				break;
			}
			case 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump':
				dump.secrets = buildSecrets(section);
				break;
			case 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump':
				dump.ecds = [...(dump.ecds ?? []), ...buildEcds(section)];
				break;
		}
	}
	return { ok: true, value: { ...dump, sections } };
}
