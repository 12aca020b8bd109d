// Pure queries over the model, in the order Envoy asks them for a new connection and request.
//
// Filter chain selection mirrors Envoy's listener filter-chain matcher
// (source/common/listener_manager/filter_chain_manager_impl.cc): the criteria are tried in a
// fixed order, each one keeps the most specific group of chains that matches, falls back to the
// chains that leave that criterion unset, and never backtracks to an earlier criterion:
//   destination port -> destination IP (longest prefix) -> server name (exact, then the longest
//   wildcard) -> transport protocol -> application protocols -> direct source IP -> source type
//   -> source IP (longest prefix) -> source port.
// When nothing is left, the default filter chain takes the connection, if there is one.

import ipaddr from 'ipaddr.js';
import type { Cluster, ConfigDump, FilterChain, FilterChainMatch, LbEndpoint, Listener, LoadAssignment, Route, RouteConfig, VirtualHost } from './types';

export interface ConnectionInfo {
	readonly dstIp: string;
	readonly dstPort: number;
	readonly srcIp?: string;
	readonly srcPort?: number;
	/** SNI, when the client sent TLS. */
	readonly serverName?: string;
	/** `raw_buffer` or `tls`, as the tls_inspector decides. */
	readonly transportProtocol?: string;
	/** ALPN (TLS) or what the http_inspector detected (`http/1.1`, `h2c`). */
	readonly applicationProtocols?: readonly string[];
}

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
	try {
		const a = ipaddr.parse(ip);
		return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
	} catch {
		return undefined;
	}
}

/** The prefix length of the longest range containing `ip`, -1 if none; an empty list matches everything at -0.5, below any explicit range. */
function longestPrefix(ranges: FilterChainMatch['prefixRanges'], ip: string | undefined): number {
	if (ranges.length === 0) return -0.5;
	const addr = ip === undefined ? undefined : parseIp(ip);
	if (addr === undefined) return -1;
	let best = -1;
	for (const r of ranges) {
		const base = parseIp(r.addressPrefix);
		if (base === undefined || base.kind() !== addr.kind()) continue;
		const range: Parsed = [base, r.prefixLen];
		if (addr.match(range) && r.prefixLen > best) best = r.prefixLen;
	}
	return best;
}

/** Keeps the chains with the highest score; -1 (or less) means no match, -0.5 an unset criterion. */
function keepBest(chains: readonly FilterChain[], score: (m: FilterChainMatch) => number): FilterChain[] {
	let best = Number.NEGATIVE_INFINITY;
	let kept: FilterChain[] = [];
	for (const c of chains) {
		const s = score(c.match ?? EMPTY);
		if (s <= -1) continue;
		if (s > best) {
			best = s;
			kept = [c];
		} else if (s === best) kept.push(c);
	}
	return kept;
}

const EMPTY: FilterChainMatch = { prefixRanges: [], serverNames: [], transportProtocol: '', applicationProtocols: [], sourceType: 'ANY', sourcePrefixRanges: [], directSourcePrefixRanges: [], sourcePorts: [] };

function serverNameScore(names: readonly string[], sni: string | undefined): number {
	if (names.length === 0) return 0;
	if (sni === undefined || sni === '') return -1;
	const host = sni.toLowerCase();
	let best = -1;
	for (const n of names) {
		const name = n.toLowerCase();
		if (name === host) return 100_000;
		// `*.example.com` (and Envoy's `.example.com`) match any longer name ending so.
		const suffix = name.startsWith('*.') ? name.slice(1) : name.startsWith('.') ? name : undefined;
		if (suffix !== undefined && host.endsWith(suffix) && host.length > suffix.length) best = Math.max(best, suffix.length);
	}
	return best;
}

function isLocal(src: string | undefined, dst: string): boolean {
	if (src === undefined) return false;
	const a = parseIp(src);
	if (a === undefined) return false;
	return a.range() === 'loopback' || src === dst;
}

/** The filter chain Envoy picks for a connection, with its index in `listener.filterChains`. */
export function matchFilterChain(listener: Listener, conn: ConnectionInfo): { chain: FilterChain; index: number } | undefined {
	let cands = listener.filterChains.filter((c) => !c.isDefault);
	const steps: ((m: FilterChainMatch) => number)[] = [
		(m) => (m.destinationPort === undefined ? 0 : m.destinationPort === conn.dstPort ? 1 : -1),
		(m) => longestPrefix(m.prefixRanges, conn.dstIp),
		(m) => serverNameScore(m.serverNames, conn.serverName),
		(m) => (m.transportProtocol === '' ? 0 : m.transportProtocol === (conn.transportProtocol ?? 'raw_buffer') ? 1 : -1),
		(m) => (m.applicationProtocols.length === 0 ? 0 : m.applicationProtocols.some((p) => (conn.applicationProtocols ?? []).includes(p)) ? 1 : -1),
		(m) => longestPrefix(m.directSourcePrefixRanges, conn.srcIp),
		(m) => (m.sourceType === 'ANY' ? 0 : (m.sourceType === 'SAME_IP_OR_LOOPBACK') === isLocal(conn.srcIp, conn.dstIp) ? 1 : -1),
		(m) => longestPrefix(m.sourcePrefixRanges, conn.srcIp),
		(m) => (m.sourcePorts.length === 0 ? 0 : conn.srcPort !== undefined && m.sourcePorts.includes(conn.srcPort) ? 1 : -1),
	];
	for (const step of steps) {
		cands = keepBest(cands, step);
		if (cands.length === 0) break;
	}
	const chain = cands[0] ?? listener.filterChains.find((c) => c.isDefault);
	return chain === undefined ? undefined : { chain, index: listener.filterChains.indexOf(chain) };
}

/**
 * The listener that owns a connection to ip:port. A connection redirected to 15001 is handed by
 * virtualOutbound (useOriginalDst) to the listener bound to its original destination: exact
 * ip:port first, then the wildcard 0.0.0.0:port; if neither exists virtualOutbound keeps it.
 */
export function findListener(listeners: readonly Listener[], ip: string, port: number): Listener | undefined {
	const onPort = listeners.filter((l) => l.address.kind === 'socket' && l.address.port === port);
	const exact = onPort.find((l) => l.address.kind === 'socket' && l.address.address === ip);
	if (exact !== undefined) return exact;
	const v6 = ip.includes(':');
	return onPort.find((l) => l.address.kind === 'socket' && (l.address.address === (v6 ? '::' : '0.0.0.0') || l.additionalAddresses.some((x) => x.kind === 'socket' && x.address === (v6 ? '::' : '0.0.0.0'))));
}

/** Envoy's virtual host selection: exact domain, then `*.suffix` (longest), then `prefix*` (longest), then `*`. */
export function matchVirtualHost(config: RouteConfig, hostHeader: string): VirtualHost | undefined {
	const host = hostHeader.toLowerCase();
	let suffix: { vh: VirtualHost; len: number } | undefined;
	let prefix: { vh: VirtualHost; len: number } | undefined;
	let any: VirtualHost | undefined;
	for (const vh of config.virtualHosts) {
		for (const d of vh.domains.map((x) => x.toLowerCase())) {
			if (d === host) return vh;
			if (d === '*') any ??= vh;
			else if (d.startsWith('*') && host.endsWith(d.slice(1)) && host.length > d.length - 1) {
				if (suffix === undefined || d.length > suffix.len) suffix = { vh, len: d.length };
			} else if (d.endsWith('*') && host.startsWith(d.slice(0, -1)) && host.length > d.length - 1) {
				if (prefix === undefined || d.length > prefix.len) prefix = { vh, len: d.length };
			}
		}
	}
	return suffix?.vh ?? prefix?.vh ?? any;
}

/** The first route whose match accepts the request (headers and query matchers are not modelled). */
export function matchRoute(vh: VirtualHost, method: string, path: string): Route | undefined {
	const bare = path.split('?')[0] ?? path;
	return vh.routes.find((r) => {
		const m = r.match;
		const cmp = (x: string): string => (m.caseSensitive ? x : x.toLowerCase());
		if (m.connectMatcher) return method === 'CONNECT';
		if (m.prefix !== undefined) return cmp(bare).startsWith(cmp(m.prefix));
		if (m.path !== undefined) return cmp(bare) === cmp(m.path);
		if (m.pathSeparatedPrefix !== undefined) {
			const p = cmp(m.pathSeparatedPrefix);
			const b = cmp(bare);
			return b === p || b.startsWith(`${p}/`);
		}
		if (m.safeRegex !== undefined) {
			try {
				return new RegExp(`^(?:${m.safeRegex})$`).test(bare);
			} catch {
				return false;
			}
		}
		return false;
	});
}

export function findRouteConfig(dump: ConfigDump, name: string): RouteConfig | undefined {
	return dump.routes?.find((r) => r.name === name);
}

export function findCluster(dump: ConfigDump, name: string): Cluster | undefined {
	return dump.clusters?.find((c) => c.name === name && c.origin !== 'warming');
}

/** The endpoints of a cluster: its inline load assignment, or what EDS sent for it. */
export function clusterEndpoints(dump: ConfigDump, cluster: Cluster): LoadAssignment | undefined {
	if (cluster.type !== 'EDS') return cluster.loadAssignment;
	const service = cluster.edsServiceName !== undefined && cluster.edsServiceName !== '' ? cluster.edsServiceName : cluster.name;
	return dump.endpoints?.find((e) => e.clusterName === service);
}

/** The healthy endpoints of the highest-priority locality set that has any (Envoy's priority levels). */
export function healthyEndpoints(la: LoadAssignment): LbEndpoint[] {
	const priorities = [...new Set(la.localities.map((l) => l.priority))].sort((x, y) => x - y);
	for (const p of priorities) {
		const eps = la.localities.filter((l) => l.priority === p).flatMap((l) => l.endpoints).filter((e) => e.healthStatus === 'HEALTHY' || e.healthStatus === 'UNKNOWN');
		if (eps.length > 0) return eps;
	}
	return [];
}
