// What a sidecar's Envoy decides for a request, from its own /config_dump (src/envoy): the
// listener and filter chain that take the connection, the route configuration, virtual host and
// route that take the request, and the cluster. Pure: no world, no sockets; ./walk.ts acts on it.

import { clusterEndpoints, findCluster, findListener, findRouteConfig, healthyEndpoints, loadConfigDump, matchFilterChain, matchRoute, matchVirtualHost, type Cluster, type ConfigDump, type FilterChain, type Listener, type NetworkFilter } from '../envoy';
import type { Endpoint } from './types';

const cache = new Map<string, ConfigDump | undefined>();

/** The pod's dump, parsed once (a dump is ~300 KB of JSON; every request asks for it). */
export function dumpOf(text: string | undefined): ConfigDump | undefined {
	if (text === undefined) return undefined;
	if (!cache.has(text)) {
		if (cache.size > 32) cache.clear();
		const r = loadConfigDump(text);
		cache.set(text, r.ok ? r.value : undefined);
	}
	return cache.get(text);
}

export interface Chosen {
	readonly listener: Listener;
	/** The listener was reached through virtualOutbound's original-destination hand-off. */
	readonly handoff: boolean;
	readonly chain: FilterChain;
	readonly filter: NetworkFilter;
}

/** What the HTTP connection manager decided for the request. */
export type HttpDecision =
	| { readonly kind: 'cluster'; readonly config: string; readonly virtualHost: string; readonly route: string; readonly cluster: Cluster }
	| { readonly kind: 'direct'; readonly config: string; readonly virtualHost: string; readonly route: string; readonly status: number }
	/** No virtual host or no route matched: 404 with flag NR. */
	| { readonly kind: 'no-route'; readonly config: string; readonly virtualHost?: string }
	/** A route to a cluster the dump does not have: 503 NC. */
	| { readonly kind: 'no-cluster'; readonly config: string; readonly virtualHost: string; readonly route: string; readonly name: string };

function networkFilter(chain: FilterChain): NetworkFilter | undefined {
	return chain.filters.find((f) => f.kind === 'hcm' || f.kind === 'tcp');
}

/**
 * The outbound side: virtualOutbound hands the connection to the listener bound to its original
 * destination (exact address, then 0.0.0.0), or keeps it when there is none; the listener's filter
 * chain is picked as Envoy's matcher does, with the http_inspector having seen HTTP/1.1.
 */
export function outboundChain(dump: ConfigDump, dst: Endpoint): Chosen | undefined {
	const listeners = dump.listeners ?? [];
	const virtual = listeners.find((l) => l.name === 'virtualOutbound');
	const target = findListener(listeners.filter((l) => l.name !== 'virtualInbound'), dst.address, dst.port) ?? virtual;
	if (target === undefined) return undefined;
	const m = matchFilterChain(target, { dstIp: dst.address, dstPort: dst.port, transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1'] });
	const filter = m === undefined ? undefined : networkFilter(m.chain);
	if (m === undefined || filter === undefined) return undefined;
	return { listener: target, handoff: target !== virtual, chain: m.chain, filter };
}

/** The inbound side: virtualInbound's filter chain for the destination port, TLS or plaintext. */
export function inboundChain(dump: ConfigDump, dst: Endpoint, src: Endpoint, tls: { readonly sni: string } | undefined): Chosen | undefined {
	const virtual = (dump.listeners ?? []).find((l) => l.name === 'virtualInbound');
	if (virtual === undefined) return undefined;
	const m = matchFilterChain(virtual, {
		dstIp: dst.address,
		dstPort: dst.port,
		srcIp: src.address,
		srcPort: src.port,
		transportProtocol: tls === undefined ? 'raw_buffer' : 'tls',
		applicationProtocols: tls === undefined ? ['http/1.1'] : ['istio-http/1.1'],
		...(tls === undefined ? {} : { serverName: tls.sni }),
	});
	const filter = m === undefined ? undefined : networkFilter(m.chain);
	if (m === undefined || filter === undefined) return undefined;
	return { listener: virtual, handoff: false, chain: m.chain, filter };
}

/** Route configuration -> virtual host (Host header) -> route -> cluster, as the router asks. */
export function routeRequest(dump: ConfigDump, filter: NetworkFilter, host: string, method: string, path: string): HttpDecision | undefined {
	if (filter.kind !== 'hcm') return undefined;
	const config = filter.routeConfig ?? (filter.rds === undefined ? undefined : findRouteConfig(dump, filter.rds));
	if (config === undefined) return undefined;
	// Istio sets ignorePortInHostMatching: `reviews:9080` matches the domain `reviews`.
	const bare = config.raw['ignorePortInHostMatching'] === true ? host.replace(/:\d+$/, '') : host;
	const vh = matchVirtualHost(config, bare);
	if (vh === undefined) return { kind: 'no-route', config: config.name };
	const route = matchRoute(vh, method, path);
	if (route === undefined) return { kind: 'no-route', config: config.name, virtualHost: vh.name };
	const base = { config: config.name, virtualHost: vh.name, route: route.name };
	const a = route.action;
	if (a.kind === 'directResponse') return { kind: 'direct', ...base, status: a.status };
	const name = a.kind === 'cluster' ? a.cluster : a.kind === 'weighted' ? (a.clusters[0]?.name ?? '') : '';
	const cluster = findCluster(dump, name);
	return cluster === undefined ? { kind: 'no-cluster', ...base, name } : { kind: 'cluster', ...base, cluster };
}

/** The hosts a cluster can send to: its healthy endpoints, or the original destination. */
export function hostsOf(dump: ConfigDump, cluster: Cluster, originalDst: Endpoint): Endpoint[] {
	if (cluster.type === 'ORIGINAL_DST') return [originalDst];
	const la = clusterEndpoints(dump, cluster);
	if (la === undefined) return [];
	return healthyEndpoints(la).flatMap((e) => (e.address.kind === 'socket' ? [{ address: e.address.address, port: e.address.port }] : []));
}

/** The cluster's load balancing policy as Envoy names it (Istio's default is LEAST_REQUEST). */
export function lbPolicyOf(cluster: Cluster): string {
	const p = cluster.raw['lbPolicy'];
	return typeof p === 'string' ? p : 'ROUND_ROBIN';
}

/**
 * Envoy's least-request balancer with equal weights: power of two choices, two random picks and
 * the one with fewer active requests wins, the first on a tie (LeastRequestLoadBalancer::
 * unweightedHostPick). Requests here never overlap, so the first pick decides; it still draws two
 * numbers, as Envoy does. Round robin starts at a random index and walks the list.
 */
export function pickHost(hosts: readonly Endpoint[], policy: string, random: () => number, rrIndex: number): Endpoint | undefined {
	if (hosts.length === 0) return undefined;
	if (hosts.length === 1) return hosts[0];
	if (policy === 'LEAST_REQUEST') {
		const a = Math.floor(random() * hosts.length);
		random();
		return hosts[a];
	}
	return hosts[rrIndex % hosts.length];
}

/** Whether the chosen HCM writes an access log (mesh config accessLogFile). */
export function logsAccess(filter: NetworkFilter): boolean {
	const cfg = filter.raw['typedConfig'];
	const log = typeof cfg === 'object' && cfg !== null && !Array.isArray(cfg) ? (cfg as Record<string, unknown>)['accessLog'] : undefined;
	return Array.isArray(log) && log.length > 0;
}
