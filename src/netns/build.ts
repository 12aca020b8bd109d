// Building a namespace the way `ip` commands do, as pure functions. Adding an address also adds
// the routes the kernel derives from it (fib_add_ifaddr, net/ipv4/fib_frontend.c):
//   local table:  `local ADDR dev DEV proto kernel scope host src ADDR`
//                 `broadcast BRD dev DEV proto kernel scope link src ADDR` (prefix < 31)
//   main table:   `NET/PREFIX dev DEV proto kernel scope link src ADDR` (prefix < 32)
// On a loopback device the prefix route is a `local` route in the local table instead
// (`local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1`), which is why every
// 127.x.y.z, 127.0.0.6 included, is a local address without being configured.

import { broadcastOf, networkOf, parseCidr } from './addr';
import { RT_TABLE, type IfAddress, type Interface, type LinkKind, type Netns, type NetnsResult, type PolicyRule, type Route } from './types';

const fail = <T>(message: string): NetnsResult<T> => ({ ok: false, error: { message } });
const ok = <T>(value: T): NetnsResult<T> => ({ ok: true, value });

/** The three rules every namespace starts with (`ip rule` on a fresh namespace). */
export const DEFAULT_RULES: readonly PolicyRule[] = [
	{ priority: 0, family: 'ipv4', table: RT_TABLE.local },
	{ priority: 32766, family: 'ipv4', table: RT_TABLE.main },
	{ priority: 32767, family: 'ipv4', table: RT_TABLE.default },
];

const LOOPBACK: Interface = { index: 1, name: 'lo', kind: 'loopback', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, mac: '00:00:00:00:00:00', addresses: [] };

/** A new namespace with `lo` up and its 127.0.0.1/8 and ::1/128, as after `ip link set lo up`. */
export function newNetns(name: string): Netns {
	const ns: Netns = { name, interfaces: [LOOPBACK], routes: [], rules: DEFAULT_RULES, ipForward: false };
	const withV4 = addAddress(ns, 'lo', '127.0.0.1/8');
	if (!withV4.ok) throw new Error(`broken invariant: ${withV4.error.message}`);
	const withV6 = addAddress(withV4.value, 'lo', '::1/128');
	if (!withV6.ok) throw new Error(`broken invariant: ${withV6.error.message}`);
	return withV6.value;
}

export interface LinkSpec {
	readonly name: string;
	readonly kind?: LinkKind;
	readonly mac: string;
	readonly mtu?: number;
}

/** `ip link add NAME ...; ip link set NAME up`: the next free index. */
export function addLink(ns: Netns, spec: LinkSpec): NetnsResult<Netns> {
	if (ns.interfaces.some((i) => i.name === spec.name)) return fail('RTNETLINK answers: File exists');
	const index = Math.max(0, ...ns.interfaces.map((i) => i.index)) + 1;
	const link: Interface = {
		index,
		name: spec.name,
		kind: spec.kind ?? 'veth',
		flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
		mtu: spec.mtu ?? 1500,
		mac: spec.mac,
		addresses: [],
	};
	return ok({ ...ns, interfaces: [...ns.interfaces, link] });
}

function kernelRoutes(dev: Interface, a: IfAddress): Route[] {
	const base = { family: a.family, dev: dev.name, proto: 'kernel' as const, src: a.local };
	const host = a.family === 'ipv4' ? 32 : 128;
	const out: Route[] = [{ ...base, table: RT_TABLE.local, type: 'local', dst: a.local, prefix: host, scope: 'host' }];
	if (a.family === 'ipv6') {
		if (a.prefix < host && dev.kind !== 'loopback') out.push({ ...base, table: RT_TABLE.main, type: 'unicast', dst: networkOf(a.local, a.prefix), prefix: a.prefix, scope: 'global' });
		return out;
	}
	if (a.prefix < 32 && !a.secondary) {
		const net = networkOf(a.local, a.prefix);
		if (dev.kind === 'loopback') out.push({ ...base, table: RT_TABLE.local, type: 'local', dst: net, prefix: a.prefix, scope: 'host' });
		else out.push({ ...base, table: RT_TABLE.main, type: 'unicast', dst: net, prefix: a.prefix, scope: 'link' });
	}
	if (a.prefix < 31) out.push({ ...base, table: RT_TABLE.local, type: 'broadcast', dst: a.broadcast ?? broadcastOf(a.local, a.prefix), prefix: 32, scope: 'link' });
	return out;
}

/** `ip addr add ADDR/PREFIX dev DEV`: scope host for 127/8 and ::1, global otherwise. */
export function addAddress(ns: Netns, devName: string, cidr: string, opts: { broadcast?: string } = {}): NetnsResult<Netns> {
	const dev = ns.interfaces.find((i) => i.name === devName);
	if (dev === undefined) return fail(`Cannot find device "${devName}"`);
	const c = parseCidr(cidr);
	if (c === undefined) return fail(`Error: any valid prefix is expected rather than "${cidr}".`);
	if (dev.addresses.some((a) => a.local === c.address && a.family === c.family)) return fail('RTNETLINK answers: File exists');
	const loop = c.family === 'ipv4' ? c.address.startsWith('127.') : c.address === '::1';
	const sameNet = dev.addresses.some((a) => a.family === c.family && a.prefix === c.prefix && networkOf(a.local, a.prefix) === networkOf(c.address, c.prefix));
	const a: IfAddress = {
		family: c.family,
		local: c.address,
		prefix: c.prefix,
		scope: loop ? 'host' : 'global',
		...(opts.broadcast !== undefined ? { broadcast: opts.broadcast } : {}),
		...(sameNet ? { secondary: true } : {}),
	};
	const interfaces = ns.interfaces.map((i) => (i === dev ? { ...i, addresses: [...i.addresses, a] } : i));
	return ok({ ...ns, interfaces, routes: [...ns.routes, ...kernelRoutes(dev, a)] });
}

export interface RouteSpec {
	readonly dst: string;
	readonly type?: Route['type'];
	readonly table?: number;
	readonly dev?: string;
	readonly via?: string;
	readonly src?: string;
	readonly metric?: number;
}

/** `ip route add [TYPE] DST [via GW] [dev DEV] [src SRC] [table N]` (`default` = 0.0.0.0/0). */
export function addRoute(ns: Netns, spec: RouteSpec): NetnsResult<Netns> {
	const dst = spec.dst === 'default' ? { address: '0.0.0.0', prefix: 0, family: 'ipv4' as const } : parseCidr(spec.dst);
	if (dst === undefined) return fail(`Error: any valid prefix is expected rather than "${spec.dst}".`);
	if (spec.dev !== undefined && !ns.interfaces.some((i) => i.name === spec.dev)) return fail(`Cannot find device "${spec.dev}"`);
	const type = spec.type ?? 'unicast';
	const table = spec.table ?? (type === 'local' || type === 'broadcast' ? RT_TABLE.local : RT_TABLE.main);
	const net = networkOf(dst.address, dst.prefix);
	if (ns.routes.some((r) => r.table === table && r.dst === net && r.prefix === dst.prefix && (r.metric ?? 0) === (spec.metric ?? 0))) {
		return fail('RTNETLINK answers: File exists');
	}
	let dev = spec.dev;
	if (spec.via !== undefined && dev === undefined) {
		// The gateway must be reachable through a connected route; its device is the route's.
		dev = ns.routes.find((r) => r.table === RT_TABLE.main && r.proto === 'kernel' && r.type === 'unicast' && r.dev !== undefined && sameNet(spec.via ?? '', r))?.dev;
		if (dev === undefined) return fail('Error: Nexthop has invalid gateway.');
	}
	const route: Route = {
		table,
		type,
		dst: net,
		prefix: dst.prefix,
		family: dst.family,
		scope: type === 'local' ? 'host' : spec.via !== undefined ? 'global' : type === 'unicast' ? 'link' : 'global',
		...(dev !== undefined ? { dev } : {}),
		...(spec.via !== undefined ? { via: spec.via } : {}),
		...(spec.src !== undefined ? { src: spec.src } : {}),
		...(spec.metric !== undefined ? { metric: spec.metric } : {}),
		proto: 'boot',
	};
	return ok({ ...ns, routes: [...ns.routes, route] });
}

function sameNet(addr: string, r: Route): boolean {
	return networkOf(addr, r.prefix) === r.dst;
}

/** `ip rule add [fwmark V[/M]] [from P] [to P] [iif D] lookup TABLE [priority N]`. */
export function addRule(ns: Netns, rule: Omit<PolicyRule, 'priority' | 'family'> & { priority?: number; family?: PolicyRule['family'] }): Netns {
	// Without a priority, the kernel uses one less than the lowest non-zero priority in use
	// (fib_default_rule_pref), which gives 32765 on a fresh namespace.
	const used = ns.rules.map((r) => r.priority).filter((p) => p > 0);
	const priority = rule.priority ?? (used.length === 0 ? 0 : Math.min(...used) - 1);
	const added: PolicyRule = { ...rule, priority, family: rule.family ?? 'ipv4' };
	const rules = [...ns.rules, added].sort((a, b) => a.priority - b.priority);
	return { ...ns, rules };
}
