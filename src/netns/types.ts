// The network-namespace vocabulary of the simulator: read this file first.
//
// A pod is one network namespace: its own interfaces (lo, eth0), addresses, routing tables and
// policy rules. The kernel decides where a packet goes in two steps:
//
//   policy rules (`ip rule`, by priority)        routing table picked by the first rule that
//   0:     from all lookup local          --->    matches and whose table has a route:
//   32765: from all fwmark 0x539 lookup 133       longest prefix wins (fib_table_lookup)
//   32766: from all lookup main
//   32767: from all lookup default
//
// The `local` table (255) holds the namespace's own addresses (route type `local`) and broadcast
// addresses; the kernel fills it whenever an address is added (fib_add_ifaddr in
// net/ipv4/fib_frontend.c). A `local` route is what makes an address "ours": a packet whose route
// is local is delivered to a socket of this namespace, whatever interface it arrived on. TPROXY
// relies on that: table 133's `local default dev lo` turns every marked packet into a local one.
//
// Addresses are kept as text in the forms iproute2 prints; ./addr.ts turns them into numbers for
// the hot paths. IPv4 is complete; IPv6 structures exist where they cost nothing.

export type IpFamily = 'ipv4' | 'ipv6';

/** `scope` as `ip addr` and `ip route` print it (rtnetlink RT_SCOPE_*). */
export type Scope = 'global' | 'site' | 'link' | 'host' | 'nowhere';

/** One `inet`/`inet6` line of `ip addr`: `inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0`. */
export interface IfAddress {
	readonly family: IpFamily;
	readonly local: string;
	readonly prefix: number;
	readonly scope: Scope;
	/** IPv4 broadcast (`brd`), only when it was given (`ip addr add ... brd +`). */
	readonly broadcast?: string;
	/** A second address in a subnet the interface already has (IFA_F_SECONDARY). */
	readonly secondary?: boolean;
}

export type LinkKind = 'loopback' | 'veth' | 'bridge' | 'dummy' | 'ethernet';

/** One interface as `ip link`/`ip addr` shows it. Addresses keep the order they were added in. */
export interface Interface {
	readonly index: number;
	readonly name: string;
	readonly kind: LinkKind;
	/** `<LOOPBACK,UP,LOWER_UP>`, `<BROADCAST,MULTICAST,UP,LOWER_UP>`. */
	readonly flags: readonly string[];
	readonly mtu: number;
	readonly mac: string;
	readonly addresses: readonly IfAddress[];
}

/** Route types (rtnetlink RTN_*) the simulator uses. */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

/** Well-known table ids (include/uapi/linux/rtnetlink.h, rt_class_t). */
export const RT_TABLE = { default: 253, main: 254, local: 255 } as const;

export interface Route {
	readonly table: number;
	readonly type: RouteType;
	/** Destination network, already masked; `0.0.0.0` with prefix 0 is `default`. */
	readonly dst: string;
	readonly prefix: number;
	readonly family: IpFamily;
	readonly dev?: string;
	readonly via?: string;
	/** Preferred source address (`src`). */
	readonly src?: string;
	readonly proto?: 'kernel' | 'boot' | 'static';
	readonly scope: Scope;
	readonly metric?: number;
}

/** One `ip rule`: selectors, then the action (only `lookup TABLE` is modelled). */
export interface PolicyRule {
	readonly priority: number;
	readonly family: IpFamily;
	readonly fwmark?: { readonly value: number; readonly mask: number };
	readonly from?: { readonly address: string; readonly prefix: number };
	readonly to?: { readonly address: string; readonly prefix: number };
	readonly iif?: string;
	readonly oif?: string;
	readonly table: number;
}

/** A network namespace: everything `ip` shows, nothing netfilter holds. */
export interface Netns {
	readonly name: string;
	readonly interfaces: readonly Interface[];
	readonly routes: readonly Route[];
	readonly rules: readonly PolicyRule[];
	/** net.ipv4.ip_forward: pods leave it off, so packets for foreign addresses are dropped. */
	readonly ipForward: boolean;
}

/** An error worded as iproute2 prints it (`RTNETLINK answers: File exists`), exit status 2. */
export interface NetnsError {
	readonly message: string;
}

export type NetnsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: NetnsError };
