// Routing decisions (fib_lookup): walk the policy rules by priority, look each selected table up by
// longest prefix, and turn the route into what the packet path needs: local delivery or an output
// device, a gateway and a source address.

import { maskOf, v4Fast, familyOf, inPrefix } from './addr';
import { RT_TABLE, type Interface, type Netns, type PolicyRule, type Route } from './types';

export interface RouteQuery {
	readonly dst: string;
	/** A source address the socket is bound to (or the packet already has). */
	readonly src?: string;
	/** The packet's fwmark, matched against `ip rule ... fwmark`. */
	readonly mark?: number;
	/** The interface a packet came in on (input routing); absent for locally generated packets. */
	readonly iif?: string;
}

export type RouteDecision =
	| {
			readonly kind: 'local';
			/** lo for locally generated packets (ip_route_output: a local route always uses loopback). */
			readonly dev: string;
			readonly src: string;
			readonly table: number;
			readonly route: Route;
	  }
	| { readonly kind: 'broadcast'; readonly dev: string; readonly src: string; readonly table: number; readonly route: Route }
	| {
			readonly kind: 'unicast';
			readonly dev: string;
			readonly via?: string;
			readonly src: string;
			readonly table: number;
			readonly route: Route;
	  }
	/** No route (ENETUNREACH), or a blackhole/unreachable/prohibit route. */
	| { readonly kind: 'unreachable'; readonly reason: 'no-route' | 'blackhole' | 'unreachable' | 'prohibit'; readonly table?: number };

function ruleSelects(rule: PolicyRule, q: RouteQuery): boolean {
	if (rule.fwmark !== undefined && (((q.mark ?? 0) ^ rule.fwmark.value) & rule.fwmark.mask) !== 0) return false;
	if (rule.from !== undefined && (q.src === undefined || !inPrefix(q.src, rule.from.address, rule.from.prefix))) return false;
	if (rule.to !== undefined && !inPrefix(q.dst, rule.to.address, rule.to.prefix)) return false;
	// `iif lo` selects locally generated packets too (fib rules treat them as arriving on lo).
	if (rule.iif !== undefined && (q.iif ?? 'lo') !== rule.iif) return false;
	return true;
}

/** Longest-prefix match in one table (fib_table_lookup); ties go to the lowest metric. */
export function lookupTable(ns: Netns, table: number, dst: string): Route | undefined {
	const fam = familyOf(dst);
	let best: Route | undefined;
	const d = fam === 'ipv4' ? v4Fast(dst) : 0;
	for (const r of ns.routes) {
		if (r.table !== table || r.family !== fam) continue;
		const hit = fam === 'ipv4' ? ((d ^ v4Fast(r.dst)) & maskOf(r.prefix)) === 0 : inPrefix(dst, r.dst, r.prefix);
		if (!hit) continue;
		if (best === undefined || r.prefix > best.prefix || (r.prefix === best.prefix && (r.metric ?? 0) < (best.metric ?? 0))) best = r;
	}
	return best;
}

/** Source address selection (inet_select_addr): the first primary address of the device in the
 * gateway's (or destination's) subnet, else its first address of a wide enough scope. */
export function selectSource(dev: Interface | undefined, towards: string): string | undefined {
	if (dev === undefined) return undefined;
	const fam = familyOf(towards);
	const candidates = dev.addresses.filter((a) => a.family === fam && !a.secondary);
	return (candidates.find((a) => inPrefix(towards, a.local, a.prefix)) ?? candidates.find((a) => a.scope !== 'host') ?? candidates[0])?.local;
}

/**
 * Decisions are cached per namespace value: a Netns never changes, so the same query always gets
 * the same answer (the kernel caches them too, in the FIB nexthop exceptions and socket dsts).
 */
interface Cached {
	readonly src: string | undefined;
	readonly mark: number;
	readonly iif: string | undefined;
	readonly decision: RouteDecision;
}
const CACHE = new WeakMap<Netns, Map<string, Cached[]>>();
/** The namespace routed in last and its cache: one packet after another asks the same one. */
let lastNs: Netns | undefined;
let lastCache: Map<string, Cached[]> | undefined;

/** The full decision for a packet: policy rules, then the table, then device and source. */
export function route(ns: Netns, q: RouteQuery): RouteDecision {
	let cache = ns === lastNs ? lastCache : CACHE.get(ns);
	if (cache === undefined) {
		cache = new Map();
		CACHE.set(ns, cache);
	}
	lastNs = ns;
	lastCache = cache;
	const mark = q.mark ?? 0;
	let list = cache.get(q.dst);
	if (list === undefined) {
		list = [];
		if (cache.size < 4096) cache.set(q.dst, list);
	}
	for (const c of list) if (c.src === q.src && c.mark === mark && c.iif === q.iif) return c.decision;
	const decision = decide(ns, q);
	if (list.length < 64) list.push({ src: q.src, mark, iif: q.iif, decision });
	return decision;
}

function decide(ns: Netns, q: RouteQuery): RouteDecision {
	const family = familyOf(q.dst);
	for (const rule of ns.rules) {
		if (rule.family !== family || !ruleSelects(rule, q)) continue;
		const r = lookupTable(ns, rule.table, q.dst);
		// A table without a matching route passes the lookup on to the next rule, as does `throw`.
		if (r === undefined || r.type === 'throw') continue;
		if (r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit') return { kind: 'unreachable', reason: r.type, table: rule.table };
		const dev = ns.interfaces.find((i) => i.name === r.dev);
		if (r.type === 'local') {
			// ip_route_output_key_hash_rcu: a local destination leaves through loopback, with the
			// route's preferred source or else the destination itself as source.
			return { kind: 'local', dev: 'lo', src: q.src ?? r.src ?? q.dst, table: rule.table, route: r };
		}
		const src = q.src ?? r.src ?? selectSource(dev, r.via ?? q.dst) ?? q.dst;
		if (r.type === 'broadcast') return { kind: 'broadcast', dev: r.dev ?? 'lo', src, table: rule.table, route: r };
		return { kind: 'unicast', dev: r.dev ?? 'lo', ...(r.via !== undefined ? { via: r.via } : {}), src, table: rule.table, route: r };
	}
	return { kind: 'unreachable', reason: 'no-route' };
}

/** The kernel's address type of an address (inet_addr_type_table): a lookup in the local table
 * only; not found means UNICAST. With `dev`, only that device's routes count (--limit-iface-*). */
export function addressType(ns: Netns, addr: string, dev?: string): 'LOCAL' | 'BROADCAST' | 'UNICAST' | 'MULTICAST' {
	const fam = familyOf(addr);
	if (fam === 'ipv4') {
		// __inet_dev_addr_type: 0.0.0.0/8 and 255.255.255.255 are broadcast, 224/4 multicast.
		const n = v4Fast(addr);
		if (n >>> 24 === 0 || n === 0xffffffff) return 'BROADCAST';
		if (n >>> 28 === 0xe) return 'MULTICAST';
	} else if (fam === 'ipv6' && addr.toLowerCase().startsWith('ff')) return 'MULTICAST';
	const r = lookupTable(ns, RT_TABLE.local, addr);
	if (r === undefined || (dev !== undefined && r.dev !== dev)) return 'UNICAST';
	if (r.type === 'local') return 'LOCAL';
	if (r.type === 'broadcast') return 'BROADCAST';
	return 'UNICAST';
}

/** The first primary IPv4 address of an interface: what REDIRECT and TPROXY use in PREROUTING. */
export function primaryAddress(ns: Netns, devName: string, family: 'ipv4' | 'ipv6' = 'ipv4'): string | undefined {
	return ns.interfaces.find((i) => i.name === devName)?.addresses.find((a) => a.family === family && !a.secondary)?.local;
}
