// The compiled form of a filter expression: a small tree of primitives joined by and/or/not,
// evaluated against each captured packet by ./eval.ts. Names are already resolved (hosts, services)
// and every value checked, so evaluation cannot fail.

export type Dir = 'src' | 'dst' | 'src or dst' | 'src and dst';

/** Transport protocols a `port` primitive may be limited to. */
export type PortProto = 'tcp' | 'udp' | 'sctp';

export type Filter =
	| { readonly kind: 'true' }
	| { readonly kind: 'and' | 'or'; readonly left: Filter; readonly right: Filter }
	| { readonly kind: 'not'; readonly expr: Filter }
	/** IPv4 address under a mask (a host is a /32 net); `ip6` addresses never match IPv4 packets. */
	| { readonly kind: 'net4'; readonly dir: Dir; readonly net: number; readonly mask: number }
	| { readonly kind: 'net6'; readonly dir: Dir }
	| { readonly kind: 'port'; readonly dir: Dir; readonly proto: PortProto | undefined; readonly family: 'ip' | 'ip6' | undefined; readonly lo: number; readonly hi: number }
	/** `ip`, `ip6`, `arp`, `tcp`, `udp`, `icmp`, `sctp`; `broadcast`, `vlan`... (never in this world). */
	| { readonly kind: 'proto'; readonly name: string }
	/** `inbound` / `outbound`: the direction the packet was captured in. */
	| { readonly kind: 'direction'; readonly direction: 'in' | 'out' }
	/** `ip proto N`, `ip6 proto N`, `proto N`. */
	| { readonly kind: 'ipproto'; readonly family: 'ip' | 'ip6' | undefined; readonly num: number }
	| { readonly kind: 'rel'; readonly op: RelOp; readonly left: Arith; readonly right: Arith };

export type RelOp = '>' | '<' | '>=' | '<=' | '=' | '!=';

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';

export type Arith =
	| { readonly kind: 'num'; readonly value: number }
	| { readonly kind: 'len' }
	| { readonly kind: 'neg'; readonly arg: Arith }
	| { readonly kind: 'bin'; readonly op: ArithOp; readonly left: Arith; readonly right: Arith }
	/** `tcp[13]`, `ip[2:2]`: bytes at an offset from the start of the protocol's header. */
	| { readonly kind: 'load'; readonly proto: string; readonly offset: Arith; readonly size: 1 | 2 | 4 };

/** An error worded as tcpdump prints it after "tcpdump: ". */
export interface FilterError {
	readonly message: string;
}

export type Compiled = { readonly ok: true; readonly filter: Filter } | { readonly ok: false; readonly error: FilterError };
