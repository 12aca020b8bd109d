// `istioctl proxy-config listener`: one row per filter chain (verbose, the default) or per
// listener, padded by tabwriter with padding 1. MATCH comes from the chain's filterChainMatch,
// DESTINATION from its first HTTP connection manager or TCP proxy (istioctl's
// writer/envoy/configdump/listener.go, Istio 1.26). Rows are ordered by Go's unstable sort.

import type { Address, ConfigDump, FilterChain, FilterChainMatch, Listener, RouteConfig } from '../../../envoy';
import { goSortSlice } from '../gosort';
import { messageSliceJson } from '../protojson';
import { toYaml } from '../goyaml';
import { err, missing, ok, table, type SummaryOptions, type Written } from './common';

export interface ListenerFilter {
	readonly address: string;
	readonly port: number;
	readonly type: string;
	readonly verbose: boolean;
}

function mainAddress(l: Listener): string {
	return l.address.kind === 'socket' ? l.address.address : l.address.kind === 'pipe' ? l.address.path : '';
}

const socketAddress = (a: Address): string => (a.kind === 'socket' ? a.address : '');
const port = (l: Listener): number => (l.address.kind === 'socket' ? l.address.port : 0);

/** HTTP, TCP, HTTP+TCP or UNKNOWN; TCP proxies to BlackHoleCluster do not count. */
export function listenerType(l: Listener): string {
	let http = 0;
	let tcp = 0;
	for (const c of l.filterChains) {
		for (const f of c.filters) {
			if (f.kind === 'hcm') http++;
			else if (f.kind === 'tcp' && !f.blackHole) tcp++;
		}
	}
	if (http > 0) return tcp === 0 ? 'HTTP' : 'HTTP+TCP';
	return tcp > 0 ? 'TCP' : 'UNKNOWN';
}

function verify(f: ListenerFilter, l: Listener): boolean {
	if (f.address === '' && f.port === 0 && f.type === '') return true;
	if (f.address !== '') {
		const all = [...l.additionalAddresses.map(socketAddress), mainAddress(l)];
		if (!all.some((a) => a.toLowerCase() === f.address.toLowerCase())) return false;
	}
	if (f.port !== 0 && port(l) !== f.port) return false;
	if (f.type !== '' && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false;
	return true;
}

const sameList = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);

const APP_NAMES: readonly [string, readonly string[]][] = [
	['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
	['App: Istio HTTP Plain', ['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
	['App: TCP TLS', ['istio-peer-exchange', 'istio']],
	['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
];

export function describeMatch(m: FilterChainMatch | undefined): string {
	if (m === undefined) return 'ALL';
	const parts: string[] = [];
	if (m.serverNames.length > 0) parts.push(`SNI: ${m.serverNames.join(',')}`);
	if (m.transportProtocol !== '') parts.push(`Trans: ${m.transportProtocol}`);
	if (m.applicationProtocols.length > 0) {
		const named = APP_NAMES.find(([, list]) => sameList(m.applicationProtocols, list));
		parts.push(named !== undefined ? named[0] : `App: ${m.applicationProtocols.join(',')}`);
	}
	const p = m.destinationPort !== undefined ? `:${m.destinationPort}` : '';
	if (m.prefixRanges.length > 0) parts.push(`Addr: ${m.prefixRanges.map((r) => `${r.addressPrefix}/${r.prefixLen}`).join(',')}${p}`);
	else if (p !== '') parts.push(`Addr: *${p}`);
	return parts.length === 0 ? 'ALL' : parts.join('; ');
}

/** A route match as istioctl abbreviates it: `/x*`, `PathPrefix:/x`, `/x`, `regex R`. */
export function describeRouteMatch(m: { prefix?: string; pathSeparatedPrefix?: string; path?: string; safeRegex?: string }): string {
	const conds: string[] = [];
	if (m.prefix !== undefined && m.prefix !== '') conds.push(`${m.prefix}*`);
	if (m.pathSeparatedPrefix !== undefined && m.pathSeparatedPrefix !== '') conds.push(`PathPrefix:${m.pathSeparatedPrefix}`);
	if (m.path !== undefined && m.path !== '') conds.push(m.path);
	if (m.safeRegex !== undefined) conds.push(`regex ${m.safeRegex}`);
	return conds.join(' ');
}

const bareOrCluster = (name: string): string => (name.includes('Cluster') ? name : `Cluster: ${name}`);

function describeRouteConfig(rc: RouteConfig): string {
	const vhs = rc.virtualHosts;
	const only = vhs[0];
	const route = only?.routes[0];
	if (vhs.length === 1 && only !== undefined && sameList(only.domains, ['*']) && only.routes.length === 1 && route !== undefined && route.match.prefix === '/' && route.action.kind === 'cluster') {
		return bareOrCluster(route.action.cluster);
	}
	const parts = vhs.map((vh) => {
		const domains = vh.domains.length === 1 && vh.domains[0] === '*' ? '' : vh.domains.join('/');
		const routes = vh.routes.map((r) => describeRouteMatch(r.match)).join(', ');
		return domains === '' ? routes : `${domains} ${routes}`;
	});
	return `Inline Route: ${parts.join('; ')}`;
}

export function describeDestination(c: FilterChain): string {
	for (const f of c.filters) {
		if (f.kind === 'hcm') {
			if (f.routeConfig !== undefined) return describeRouteConfig(f.routeConfig);
			if (f.rds !== undefined && f.rds !== '') return `Route: ${f.rds}`;
			return 'HTTP';
		}
		if (f.kind === 'tcp' && !f.blackHole) return bareOrCluster(f.cluster ?? '');
	}
	return 'Non-HTTP/Non-TCP';
}

function sortedListeners(dump: ConfigDump, filter: ListenerFilter): Written | Listener[] {
	if (dump.listeners === undefined) return err(`listener dump: ${missing('listeners')}`);
	if (dump.listeners.length === 0) return err('no listeners found');
	const kept = dump.listeners.filter((l) => verify(filter, l));
	return goSortSlice(kept, (x, y) => {
		if (port(x) !== port(y)) return port(x) < port(y);
		if (mainAddress(x) !== mainAddress(y)) return mainAddress(x) < mainAddress(y);
		return listenerType(x) < listenerType(y);
	});
}

export function listenerSummary(dump: ConfigDump, filter: ListenerFilter, o: SummaryOptions = { includeConfigType: false }): Written {
	const ls = sortedListeners(dump, filter);
	if (!Array.isArray(ls)) return ls;
	const head = ['ADDRESSES', 'PORT', ...(filter.verbose ? ['MATCH', 'DESTINATION'] : ['TYPE'])];
	const rows: (string | number)[][] = [o.includeConfigType ? ['NAME', ...head] : head];
	for (const l of ls) {
		const addresses = [mainAddress(l), ...l.additionalAddresses.map(socketAddress)].join(',');
		const name = o.includeConfigType ? [`listener/${l.name}`] : [];
		if (filter.verbose) {
			const chains = l.filterChains.map((c) => ({ match: describeMatch(c.match), destination: describeDestination(c) }));
			goSortSlice(chains, (x, y) => x.destination > y.destination);
			for (const c of chains) rows.push([...name, addresses, port(l), c.match, c.destination]);
		} else rows.push([...name, addresses, port(l), listenerType(l)]);
	}
	return ok(table(rows, 1));
}

export function listenerDump(dump: ConfigDump, filter: ListenerFilter, format: 'json' | 'yaml'): Written {
	if (dump.listeners === undefined) return err(`listener dump: ${missing('listeners')}`);
	if (dump.listeners.length === 0) return err('no listeners found');
	const raws = dump.listeners.filter((l) => verify(filter, l)).map((l) => l.raw);
	const json = messageSliceJson(raws);
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}
