// The connection-tracking vocabulary: read this file first.
//
// Conntrack remembers every connection a namespace has seen as an entry with two tuples: the
// ORIGINAL one (the first packet as it arrived, before any NAT) and the REPLY one (what an answer
// looks like, after NAT). NAT writes its decision into the reply tuple, which is how REDIRECT is
// visible in `conntrack -L`:
//
//   src=10.244.1.6 dst=10.244.1.5 sport=41234 dport=9080     original: peer -> app port
//   src=10.244.1.5 dst=10.244.1.6 sport=15006 dport=41234    reply: Envoy's inbound port answers
//
// and how SO_ORIGINAL_DST works: Envoy's accepted socket finds the entry by its reply tuple and
// reads the original destination. The nat table is consulted only while an entry is NEW and NAT
// for that direction of manipulation (source or destination) is not set up yet
// (nf_nat_inet_fn in net/netfilter/nf_nat_core.c); later packets are rewritten from the entry.

export type CtFamily = 'ipv4' | 'ipv6';

export interface Tuple {
	readonly family: CtFamily;
	/** IP protocol number: 6 tcp, 17 udp. */
	readonly proto: number;
	readonly src: string;
	readonly dst: string;
	readonly sport: number;
	readonly dport: number;
}

/** TCP conntrack states in the kernel's order (enum tcp_conntrack). */
export const TCP_STATES = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'] as const;
export type TcpState = (typeof TCP_STATES)[number];

/**
 * Default timeouts in seconds (net/netfilter/nf_conntrack_proto_tcp.c tcp_timeouts,
 * nf_conntrack_proto_udp.c udp_timeouts). `conntrack -L` shows what is left, so a fresh
 * ESTABLISHED entry reads 431999, TIME_WAIT 119 and CLOSE 9 (kernel-notes.md, fact 13).
 */
export const TCP_TIMEOUTS: Readonly<Record<TcpState, number>> = {
	NONE: 0,
	SYN_SENT: 120,
	SYN_RECV: 60,
	ESTABLISHED: 432000,
	FIN_WAIT: 120,
	CLOSE_WAIT: 60,
	LAST_ACK: 30,
	TIME_WAIT: 120,
	CLOSE: 10,
	SYN_SENT2: 120,
};
/** Unacknowledged data caps the timeout at 5 minutes (TCP_CONNTRACK_UNACK). */
export const TCP_UNACK_TIMEOUT = 300;
/** UDP: 30 s until the flow has lasted two seconds in both directions, then 120 s and ASSURED. */
export const UDP_TIMEOUTS = { unreplied: 30, stream: 120, streamAfter: 2 } as const;
/** Other protocols (nf_conntrack_generic_timeout). */
export const GENERIC_TIMEOUT = 600;

/** The direction of a packet relative to its entry (enum ip_conntrack_dir). */
export type Direction = 'original' | 'reply';

export interface CtEntry {
	/** Allocation order; the simulator lists entries in this order (the kernel's is hash order). */
	readonly id: number;
	readonly orig: Tuple;
	readonly reply: Tuple;
	/** TCP only. */
	readonly tcp?: TcpState;
	/** IPS_SEEN_REPLY: a packet went the other way. */
	readonly seenReply: boolean;
	/** IPS_ASSURED: shown as [ASSURED]; the entry survives table pressure. */
	readonly assured: boolean;
	/** IPS_DST_NAT / IPS_SRC_NAT: a translation was set up (-g/--dst-nat, -n/--src-nat filters). */
	readonly dstNat: boolean;
	readonly srcNat: boolean;
	/** IPS_DST_NAT_DONE / IPS_SRC_NAT_DONE: NAT for that manipulation is decided, rule or not. */
	readonly dstNatDone: boolean;
	readonly srcNatDone: boolean;
	/** ctmark (CONNMARK); printed in decimal as `mark=1337`. */
	readonly mark: number;
	/** Conntrack zone (CT --zone); printed as `zone=N` only when not 0. */
	readonly zone: number;
	/** Expiry on the injected clock, in milliseconds. */
	readonly expires: number;
	/** First packet's time, in milliseconds (UDP streams are told apart by age). */
	readonly created: number;
	/** Data sent in a direction that the other side has not acknowledged yet. */
	readonly unacked: { readonly original: boolean; readonly reply: boolean };
}

export interface ConntrackTable {
	readonly entries: readonly CtEntry[];
	readonly nextId: number;
	/** Lookup index by tuple (./table.ts); optional, rebuilt when absent. Not part of the value. */
	readonly index?: CtIndex;
}

/** Tuple key -> positions in `entries`; `covers` is the length of the newest array it indexes. */
export interface CtIndex {
	readonly map: Map<string, number[]>;
	covers: number;
}

export const EMPTY_TABLE: ConntrackTable = { entries: [], nextId: 1 };

export const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 136: 'udplite', 33: 'dccp' };
