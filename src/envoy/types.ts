// Envoy's configuration as a sidecar reports it on its admin port: read this file first.
//
//   GET localhost:15000/config_dump[?include_eds=true]          (Envoy v3 admin API)
//        |  load.ts    JSON text -> field names to lowerCamelCase -> zod schema (schema.ts);
//        |             a malformed dump is an error value naming the JSON path
//        v
//   ConfigDump { bootstrap, listeners, clusters, routes, endpoints, secrets, ecds }
//        |  match.ts   pure queries: which listener and filter chain take a connection, which
//        |             virtual host and route take a request, which cluster, which endpoints
//        v
//   renderers (src/commands/istioctl) print what `istioctl proxy-config` prints
//
// How a sidecar's Envoy moves a connection (the parts modelled here):
//
//   app -> iptables REDIRECT -> listener virtualOutbound 0.0.0.0:15001 (useOriginalDst)
//            -> hands the socket to the listener bound to the original destination
//               (0.0.0.0_9080, 10.96.0.1_443 ...; bindToPort false: they own no socket)
//            -> filter chain (filterChainMatch) -> HTTP connection manager -> route config (RDS
//               `9080` or inline) -> virtual host by Host header -> route by path -> cluster
//               `outbound|9080||reviews.default.svc.cluster.local` (EDS) -> endpoint
//   peer -> iptables REDIRECT -> listener virtualInbound 0.0.0.0:15006
//            -> filter chain for the destination port -> cluster `inbound|9080||`
//               (ORIGINAL_DST, upstreamBindConfig source 127.0.0.6) -> the app
//
// Every typed object keeps `raw`, its JSON with lowerCamelCase field names, so `-o json` prints
// exactly what was loaded and nothing is lost by the typed view.

import type { JsonObject } from './json';

/** core.v3.Address: exactly one of the three forms. */
export type Address =
	| { readonly kind: 'socket'; readonly address: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' }
	| { readonly kind: 'pipe'; readonly path: string }
	| { readonly kind: 'internal'; readonly serverListenerName: string; readonly endpointId: string }
	| { readonly kind: 'none' };

export interface CidrRange {
	readonly addressPrefix: string;
	readonly prefixLen: number;
}

/** listener.v3.FilterChainMatch; absent fields are undefined / empty. */
export interface FilterChainMatch {
	readonly destinationPort?: number;
	readonly prefixRanges: readonly CidrRange[];
	readonly serverNames: readonly string[];
	readonly transportProtocol: string;
	readonly applicationProtocols: readonly string[];
	readonly sourceType: 'ANY' | 'SAME_IP_OR_LOOPBACK' | 'EXTERNAL';
	readonly sourcePrefixRanges: readonly CidrRange[];
	readonly directSourcePrefixRanges: readonly CidrRange[];
	readonly sourcePorts: readonly number[];
}

/** What a network filter does with a connection, as far as routing is concerned. */
export type NetworkFilter =
	| { readonly kind: 'hcm'; readonly name: string; readonly rds?: string; readonly routeConfig?: RouteConfig; readonly raw: JsonObject }
	| { readonly kind: 'tcp'; readonly name: string; readonly cluster?: string; readonly weighted: readonly { readonly name: string; readonly weight: number }[]; readonly blackHole: boolean; readonly raw: JsonObject }
	| { readonly kind: 'other'; readonly name: string; readonly raw: JsonObject };

export interface FilterChain {
	readonly name: string;
	readonly match?: FilterChainMatch;
	readonly filters: readonly NetworkFilter[];
	/** The transport socket's name (`envoy.transport_sockets.tls`), if any. */
	readonly transportSocket?: string;
	readonly isDefault: boolean;
}

export interface Listener {
	readonly name: string;
	readonly address: Address;
	readonly additionalAddresses: readonly Address[];
	/** filterChains, then defaultFilterChain (the order istioctl and Envoy's matcher consider them). */
	readonly filterChains: readonly FilterChain[];
	readonly listenerFilters: readonly string[];
	readonly useOriginalDst: boolean;
	/** False for Istio's per-service outbound listeners: they never own a socket. */
	readonly bindToPort: boolean;
	readonly transparent: boolean;
	readonly trafficDirection?: string;
	readonly internal: boolean;
	readonly origin: 'static' | 'dynamic';
	readonly raw: JsonObject;
}

export interface RouteMatch {
	readonly prefix?: string;
	readonly path?: string;
	readonly pathSeparatedPrefix?: string;
	readonly safeRegex?: string;
	readonly connectMatcher: boolean;
	readonly caseSensitive: boolean;
}

export type RouteAction =
	| { readonly kind: 'cluster'; readonly cluster: string }
	| { readonly kind: 'weighted'; readonly clusters: readonly { readonly name: string; readonly weight: number }[] }
	| { readonly kind: 'clusterHeader'; readonly header: string }
	| { readonly kind: 'redirect' }
	| { readonly kind: 'directResponse'; readonly status: number }
	| { readonly kind: 'none' };

export interface Route {
	readonly name: string;
	readonly match: RouteMatch;
	readonly action: RouteAction;
	/** `istio.config` of the route's filter metadata: the VirtualService it came from. */
	readonly istioConfig?: string;
}

export interface VirtualHost {
	readonly name: string;
	readonly domains: readonly string[];
	readonly routes: readonly Route[];
}

export interface RouteConfig {
	readonly name: string;
	readonly virtualHosts: readonly VirtualHost[];
	readonly origin: 'static' | 'dynamic';
	readonly raw: JsonObject;
}

export type ClusterType = 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST';

export interface Locality {
	readonly region: string;
	readonly zone: string;
	readonly subZone: string;
}

export type HealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED';

export interface LbEndpoint {
	readonly address: Address;
	readonly additionalAddresses: readonly Address[];
	readonly healthStatus: HealthStatus;
	readonly weight: number;
}

export interface LocalityEndpoints {
	readonly locality: Locality;
	readonly endpoints: readonly LbEndpoint[];
	readonly weight?: number;
	readonly priority: number;
}

export interface LoadAssignment {
	readonly clusterName: string;
	readonly localities: readonly LocalityEndpoints[];
	readonly origin: 'static' | 'dynamic';
	readonly raw: JsonObject;
}

export interface Cluster {
	readonly name: string;
	/** The discovery type; STATIC also for a custom clusterType (protobuf's default enum value). */
	readonly type: ClusterType;
	readonly customType?: string;
	readonly edsServiceName?: string;
	/** Inline endpoints (STATIC, STRICT_DNS, ORIGINAL_DST clusters). */
	readonly loadAssignment?: LoadAssignment;
	/** upstreamBindConfig.sourceAddress: where Envoy binds its upstream sockets (127.0.0.6 for inbound). */
	readonly bindSource?: { readonly address: string; readonly port: number };
	readonly transportSocket?: string;
	/** `istio.config` of the cluster's filter metadata: the DestinationRule it came from. */
	readonly istioConfig?: string;
	readonly origin: 'static' | 'dynamic' | 'warming';
	readonly raw: JsonObject;
}

export interface Secret {
	readonly name: string;
	readonly versionInfo: string;
	readonly state: 'ACTIVE' | 'WARMING';
	/** PEM text of the certificate chain, or of the trusted CA. */
	readonly certificateChain?: string;
	readonly trustedCa?: string;
	/** SPIFFE trust bundles: one per trust domain (SPIRE). */
	readonly trustBundles: readonly { readonly trustDomain: string; readonly pem: string }[];
	readonly raw: JsonObject;
}

export interface EcdsFilter {
	readonly name: string;
	readonly typeUrl: string;
	readonly raw: JsonObject;
}

export interface Bootstrap {
	readonly nodeId: string;
	readonly nodeCluster: string;
	/** node.metadata (a Struct): ISTIO_VERSION, ISTIO_PROXY_SHA, NAME, NAMESPACE, LABELS ... */
	readonly nodeMetadata: JsonObject;
	readonly envoyVersion?: { readonly major: number; readonly minor: number; readonly patch: number; readonly metadata: JsonObject };
	readonly admin?: Address;
	readonly staticListeners: readonly Listener[];
	readonly staticClusters: readonly Cluster[];
	/** The BootstrapConfigDump message (bootstrap, lastUpdated). */
	readonly raw: JsonObject;
}

/** Which sections the dump had: istioctl says `no listeners found` etc. when one is missing. */
export interface ConfigDump {
	readonly bootstrap?: Bootstrap;
	readonly listeners?: readonly Listener[];
	readonly clusters?: readonly Cluster[];
	readonly routes?: readonly RouteConfig[];
	readonly endpoints?: readonly LoadAssignment[];
	readonly secrets?: readonly Secret[];
	readonly ecds?: readonly EcdsFilter[];
	/** The sections by their @type, lowerCamelCase, for `-o json`. */
	readonly sections: ReadonlyMap<string, JsonObject>;
}

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
