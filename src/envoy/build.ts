// From validated lowerCamelCase JSON to the typed model. The schema (schema.ts) has already
// checked the type of every field read here, so these functions only pick and default.

import { containsString, isObject, type Json, type JsonObject } from './json';
import type {
	Address, Bootstrap, CidrRange, Cluster, ClusterType, EcdsFilter, FilterChain, FilterChainMatch, HealthStatus,
	LbEndpoint, Listener, LoadAssignment, NetworkFilter, Route, RouteAction, RouteConfig, Secret,
} from './types';

const o = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});
const a = (v: Json | undefined): readonly Json[] => (Array.isArray(v) ? (v as readonly Json[]) : []);
const s = (v: Json | undefined): string => (typeof v === 'string' ? v : '');
const n = (v: Json | undefined): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);
const strings = (v: Json | undefined): string[] => a(v).filter((x): x is string => typeof x === 'string');

export const HCM = 'envoy.filters.network.http_connection_manager';
export const TCP_PROXY = 'envoy.filters.network.tcp_proxy';

export function buildAddress(v: Json | undefined): Address {
	const x = o(v);
	if (isObject(x['socketAddress'])) {
		const sa = x['socketAddress'];
		return { kind: 'socket', address: s(sa['address']), port: n(sa['portValue']), protocol: sa['protocol'] === 'UDP' ? 'UDP' : 'TCP' };
	}
	if (isObject(x['pipe'])) return { kind: 'pipe', path: s(x['pipe']['path']) };
	if (isObject(x['envoyInternalAddress'])) {
		const ia = x['envoyInternalAddress'];
		return { kind: 'internal', serverListenerName: s(ia['serverListenerName']), endpointId: s(ia['endpointId']) };
	}
	return { kind: 'none' };
}

const cidrs = (v: Json | undefined): CidrRange[] => a(v).map((c) => ({ addressPrefix: s(o(c)['addressPrefix']), prefixLen: n(o(c)['prefixLen']) }));

function buildMatch(v: Json | undefined): FilterChainMatch | undefined {
	if (!isObject(v)) return undefined;
	const st = s(v['sourceType']);
	return {
		...(v['destinationPort'] !== undefined ? { destinationPort: n(v['destinationPort']) } : {}),
		prefixRanges: cidrs(v['prefixRanges']),
		serverNames: strings(v['serverNames']),
		transportProtocol: s(v['transportProtocol']),
		applicationProtocols: strings(v['applicationProtocols']),
		sourceType: st === 'SAME_IP_OR_LOOPBACK' || st === 'EXTERNAL' ? st : 'ANY',
		sourcePrefixRanges: cidrs(v['sourcePrefixRanges']),
		directSourcePrefixRanges: cidrs(v['directSourcePrefixRanges']),
		sourcePorts: a(v['sourcePorts']).map(n),
	};
}

/** `istio.config` in a filter-metadata `istio` namespace (the Istio object a resource came from). */
function istioConfig(metadata: Json | undefined): string | undefined {
	const istio = o(o(o(metadata)['filterMetadata'])['istio']);
	const config = istio['config'];
	return typeof config === 'string' ? config : undefined;
}

function buildAction(r: JsonObject): RouteAction {
	if (isObject(r['route'])) {
		const ra = r['route'];
		if (typeof ra['cluster'] === 'string') return { kind: 'cluster', cluster: ra['cluster'] };
		if (isObject(ra['weightedClusters'])) return { kind: 'weighted', clusters: a(ra['weightedClusters']['clusters']).map((c) => ({ name: s(o(c)['name']), weight: n(o(c)['weight']) })) };
		if (typeof ra['clusterHeader'] === 'string') return { kind: 'clusterHeader', header: ra['clusterHeader'] };
		return { kind: 'cluster', cluster: '' };
	}
	if (isObject(r['redirect'])) return { kind: 'redirect' };
	if (isObject(r['directResponse'])) return { kind: 'directResponse', status: n(r['directResponse']['status']) };
	return { kind: 'none' };
}

function buildRoute(v: Json): Route {
	const r = o(v);
	const m = o(r['match']);
	const cfg = istioConfig(r['metadata']);
	return {
		name: s(r['name']),
		match: {
			...(typeof m['prefix'] === 'string' ? { prefix: m['prefix'] } : {}),
			...(typeof m['path'] === 'string' ? { path: m['path'] } : {}),
			...(typeof m['pathSeparatedPrefix'] === 'string' ? { pathSeparatedPrefix: m['pathSeparatedPrefix'] } : {}),
			...(isObject(m['safeRegex']) ? { safeRegex: s(m['safeRegex']['regex']) } : {}),
			connectMatcher: isObject(m['connectMatcher']),
			caseSensitive: m['caseSensitive'] !== false,
		},
		action: buildAction(r),
		...(cfg !== undefined ? { istioConfig: cfg } : {}),
	};
}

export function buildRouteConfig(v: JsonObject, origin: RouteConfig['origin']): RouteConfig {
	return {
		name: s(v['name']),
		virtualHosts: a(v['virtualHosts']).map((vh) => ({ name: s(o(vh)['name']), domains: strings(o(vh)['domains']), routes: a(o(vh)['routes']).map(buildRoute) })),
		origin,
		raw: v,
	};
}

function buildFilter(v: Json): NetworkFilter {
	const f = o(v);
	const name = s(f['name']);
	const tc = o(f['typedConfig']);
	const type = s(tc['@type']);
	if (name === HCM || type.endsWith('.HttpConnectionManager')) {
		return {
			kind: 'hcm',
			name,
			...(isObject(tc['rds']) ? { rds: s(tc['rds']['routeConfigName']) } : {}),
			...(isObject(tc['routeConfig']) ? { routeConfig: buildRouteConfig(tc['routeConfig'], 'static') } : {}),
			raw: f,
		};
	}
	if (name === TCP_PROXY || type.endsWith('.TcpProxy')) {
		const weighted = a(o(tc['weightedClusters'])['clusters']).map((c) => ({ name: s(o(c)['name']), weight: n(o(c)['weight']) }));
		return { kind: 'tcp', name, ...(typeof tc['cluster'] === 'string' ? { cluster: tc['cluster'] } : {}), weighted, blackHole: containsString(tc, 'BlackHoleCluster'), raw: f };
	}
	return { kind: 'other', name, raw: f };
}

function buildChain(v: Json, isDefault: boolean): FilterChain {
	const c = o(v);
	const match = buildMatch(c['filterChainMatch']);
	const ts = c['transportSocket'];
	return {
		name: s(c['name']),
		...(match !== undefined ? { match } : {}),
		filters: a(c['filters']).map(buildFilter),
		...(isObject(ts) ? { transportSocket: s(ts['name']) } : {}),
		isDefault,
	};
}

export function buildListener(v: JsonObject, origin: Listener['origin']): Listener {
	const chains = a(v['filterChains']).map((c) => buildChain(c, false));
	if (isObject(v['defaultFilterChain'])) chains.push(buildChain(v['defaultFilterChain'], true));
	// bindToPort is a BoolValue defaulting to true; Istio before 1.11 said it in deprecatedV1.
	const bind = typeof v['bindToPort'] === 'boolean' ? v['bindToPort'] : o(v['deprecatedV1'])['bindToPort'] !== false;
	return {
		name: s(v['name']),
		address: buildAddress(v['address']),
		additionalAddresses: a(v['additionalAddresses']).map((x) => buildAddress(o(x)['address'])),
		filterChains: chains,
		listenerFilters: a(v['listenerFilters']).map((f) => s(o(f)['name'])),
		useOriginalDst: v['useOriginalDst'] === true,
		bindToPort: bind,
		transparent: v['transparent'] === true,
		...(typeof v['trafficDirection'] === 'string' ? { trafficDirection: v['trafficDirection'] } : {}),
		internal: isObject(v['internalListener']),
		origin,
		raw: v,
	};
}

const HEALTH: readonly HealthStatus[] = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED'];
export function healthStatus(v: Json | undefined): HealthStatus {
	if (typeof v === 'number') return HEALTH[v] ?? 'UNKNOWN';
	return HEALTH.find((h) => h === v) ?? 'UNKNOWN';
}

export function buildLoadAssignment(v: JsonObject, origin: LoadAssignment['origin']): LoadAssignment {
	return {
		clusterName: s(v['clusterName']),
		localities: a(v['endpoints']).map((le) => {
			const x = o(le);
			const loc = o(x['locality']);
			const endpoints: LbEndpoint[] = a(x['lbEndpoints']).map((e) => {
				const ep = o(o(e)['endpoint']);
				return {
					address: buildAddress(ep['address']),
					additionalAddresses: a(ep['additionalAddresses']).map((aa) => buildAddress(o(aa)['address'])),
					healthStatus: healthStatus(o(e)['healthStatus']),
					weight: o(e)['loadBalancingWeight'] === undefined ? 1 : n(o(e)['loadBalancingWeight']),
				};
			});
			return {
				locality: { region: s(loc['region']), zone: s(loc['zone']), subZone: s(loc['subZone']) },
				endpoints,
				...(x['loadBalancingWeight'] !== undefined ? { weight: n(x['loadBalancingWeight']) } : {}),
				priority: n(x['priority']),
			};
		}),
		origin,
		raw: v,
	};
}

const TYPES: readonly ClusterType[] = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'];

export function buildCluster(v: JsonObject, origin: Cluster['origin']): Cluster {
	const t = v['type'];
	// A cluster with a custom clusterType has no `type`: protobuf's default, STATIC.
	const type: ClusterType = typeof t === 'number' ? (TYPES[t] ?? 'STATIC') : (TYPES.find((x) => x === t) ?? 'STATIC');
	const bind = o(o(v['upstreamBindConfig'])['sourceAddress']);
	const cfg = istioConfig(v['metadata']);
	return {
		name: s(v['name']),
		type,
		...(isObject(v['clusterType']) ? { customType: s(v['clusterType']['name']) } : {}),
		...(isObject(v['edsClusterConfig']) ? { edsServiceName: s(v['edsClusterConfig']['serviceName']) } : {}),
		...(isObject(v['loadAssignment']) ? { loadAssignment: buildLoadAssignment(v['loadAssignment'], 'static') } : {}),
		...(isObject(v['upstreamBindConfig']) ? { bindSource: { address: s(bind['address']), port: n(bind['portValue']) } } : {}),
		...(isObject(v['transportSocket']) ? { transportSocket: s(v['transportSocket']['name']) } : {}),
		...(cfg !== undefined ? { istioConfig: cfg } : {}),
		origin,
		raw: v,
	};
}

/** proto3 JSON `bytes` are base64; certificates inside are PEM text. */
export function base64Text(b64: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	let bits = 0;
	let value = 0;
	let out = '';
	for (const ch of b64.replace(/-/g, '+').replace(/_/g, '/')) {
		const i = alphabet.indexOf(ch);
		if (i < 0) continue;
		value = (value << 6) | i;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out += String.fromCharCode((value >> bits) & 0xff);
		}
	}
	return out;
}

function inline(v: Json | undefined): string | undefined {
	const x = o(v);
	if (typeof x['inlineBytes'] === 'string') return base64Text(x['inlineBytes']);
	if (typeof x['inlineString'] === 'string') return x['inlineString'];
	return undefined;
}

export function buildSecrets(section: JsonObject): Secret[] {
	const one = (d: Json, state: Secret['state']): Secret => {
		const x = o(d);
		const sec = o(x['secret']);
		const chain = inline(o(o(sec['tlsCertificate'])['certificateChain']));
		const vc = o(sec['validationContext']);
		const ca = inline(vc['trustedCa']);
		const tc = o(o(vc['customValidatorConfig'])['typedConfig']);
		const bundles = tc['@type'] === 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'
			? a(tc['trustDomains']).map((td) => ({ trustDomain: s(o(td)['name']), pem: inline(o(td)['trustBundle']) ?? '' }))
			: [];
		return {
			name: s(x['name']),
			versionInfo: s(x['versionInfo']),
			state,
			...(chain !== undefined && chain !== '' ? { certificateChain: chain } : {}),
			...(ca !== undefined && ca !== '' ? { trustedCa: ca } : {}),
			trustBundles: bundles,
			raw: x,
		};
	};
	// istioctl lists warming secrets before active ones.
	return [...a(section['dynamicWarmingSecrets']).map((d) => one(d, 'WARMING')), ...a(section['dynamicActiveSecrets']).map((d) => one(d, 'ACTIVE'))];
}

export function buildEcds(section: JsonObject): EcdsFilter[] {
	return a(section['ecdsFilters']).map((f) => {
		const filter = o(o(f)['ecdsFilter']);
		return { name: s(filter['name']), typeUrl: s(o(filter['typedConfig'])['@type']), raw: o(f) };
	});
}

export function buildBootstrap(section: JsonObject): Bootstrap {
	const b = o(section['bootstrap']);
	const node = o(b['node']);
	const ua = o(node['userAgentBuildVersion']);
	const ver = o(ua['version']);
	const sr = o(b['staticResources']);
	const admin = o(b['admin']);
	return {
		nodeId: s(node['id']),
		nodeCluster: s(node['cluster']),
		nodeMetadata: o(node['metadata']),
		...(isObject(ua['version']) ? { envoyVersion: { major: n(ver['majorNumber']), minor: n(ver['minorNumber']), patch: n(ver['patch']), metadata: o(ua['metadata']) } } : {}),
		...(isObject(admin['address']) ? { admin: buildAddress(admin['address']) } : {}),
		staticListeners: a(sr['listeners']).map((l) => buildListener(o(l), 'static')),
		staticClusters: a(sr['clusters']).map((c) => buildCluster(o(c), 'static')),
		raw: section,
	};
}
