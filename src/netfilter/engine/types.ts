// The vocabulary of packet evaluation: read this file first, then ../types.ts for the rules.
//
// A connection's first packet (the SYN) is walked through the hooks the way the kernel walks it:
//
//   arriving on eth0:  PREROUTING -> routing -> INPUT -> socket        (or FORWARD -> POSTROUTING)
//   started locally:   route -> OUTPUT -> POSTROUTING -> eth0 ...
//                                                   \-> lo -> PREROUTING -> INPUT -> socket
//
// At each hook the tables run in priority order, with conntrack between raw and mangle
// (./stages.ts). Every rule looked at, matched or not, becomes a TraceStep; counters, the `trace`
// command and the lesson diagrams are all derived from the trace (./counters.ts), never kept twice.

import type { ConntrackTable, Direction } from '../../conntrack/types';
import type { Netns } from '../../netns/types';
import type { Backend, Family, Hook, NetfilterState, Rule, TableName } from '../types';

export interface Endpoint {
	readonly address: string;
	readonly port: number;
}

/** Who owns a local socket: what `-m owner` compares (the socket file's fsuid/fsgid). */
export interface SocketOwner {
	readonly uid: number;
	readonly gid: number;
	readonly groups?: readonly number[];
}

/** A socket of the namespace: a listener, or one end of an established connection. */
export interface Socket {
	readonly kind: 'listen' | 'established';
	readonly proto: 'tcp' | 'udp';
	/** Bound address: `0.0.0.0` or `::` for a wildcard listener. */
	readonly local: Endpoint;
	/** Established sockets only. */
	readonly remote?: Endpoint;
	readonly owner: SocketOwner;
	/** IP_TRANSPARENT: may accept connections for foreign addresses (TPROXY needs it). */
	readonly transparent?: boolean;
	/** An IPv6 listener with IPV6_V6ONLY does not take IPv4 connections. */
	readonly v6only?: boolean;
	/** A label for traces and lessons, e.g. `envoy/virtualInbound`. */
	readonly name?: string;
}

/** The packet fields rules can look at (the skb and its metadata at one point of its path). */
export interface Packet {
	readonly family: Family;
	/** IP protocol: 6 tcp, 17 udp, 1 icmp. */
	readonly proto: number;
	readonly src: string;
	readonly dst: string;
	readonly sport: number;
	readonly dport: number;
	/** TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10). */
	readonly flags: number;
	/** IP total length: what counters add to their byte count (a TCP SYN with options: 60). */
	readonly length: number;
	/** Data bytes after the TCP/UDP header. */
	readonly payload: number;
	/** fwmark (skb->mark). */
	readonly mark: number;
	readonly inIface?: string;
	readonly outIface?: string;
	/** The sending socket's owner; only locally generated packets have one. */
	readonly owner?: SocketOwner;
}

/** The conntrack state rules see (xt_conntrack's --ctstate and --ctstatus). */
export interface CtView {
	readonly state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
	readonly dir?: Direction;
	readonly mark: number;
	readonly dnat: boolean;
	readonly snat: boolean;
	readonly seenReply: boolean;
	readonly assured: boolean;
	readonly confirmed: boolean;
	readonly proto: number;
}

/** What a match extension is given: the packet and what the kernel knows about it. */
export interface MatchContext {
	readonly hook: Hook;
	readonly packet: Packet;
	readonly netns: Netns;
	readonly ct: CtView | undefined;
	/** undefined: the world does not model sockets; lookups then assume a socket exists. */
	readonly sockets: readonly Socket[] | undefined;
	/** The injected random source in [0, 1) (`-m statistic --mode random`); undefined reads 0. */
	readonly random?: (() => number) | undefined;
}

/** Why a rule did not match: the first selector that failed, in the rule's own terms. */
export interface Reason {
	readonly code: ReasonCode;
	/** The packet's value, as text (`10.96.0.50`, `eth0`, `0`, `NEW`). */
	readonly actual: string;
	/** The rule's selector, as text (`127.0.0.1/32`, `lo`, `1337`, `RELATED,ESTABLISHED`). */
	readonly spec: string;
	/** The rule says `!`: the packet matched the selector and was excluded by it. */
	readonly invert: boolean;
}

export type ReasonCode =
	| 'src' | 'dst' | 'in' | 'out' | 'proto' | 'fragment'
	| 'sport' | 'dport' | 'ports' | 'tcp-flags' | 'tcp-option'
	| 'uid' | 'gid' | 'no-owner' | 'socket-exists'
	| 'mark' | 'connmark' | 'ctstate' | 'ctstatus' | 'ctproto' | 'ctdir' | 'no-conntrack'
	| 'src-type' | 'dst-type' | 'socket' | 'statistic' | 'unsupported';

export type MatchResult = { readonly ok: true } | { readonly ok: false; readonly reason: Reason };

export const MATCHED: MatchResult = { ok: true };

export function noMatch(code: ReasonCode, actual: string, spec: string, invert = false): MatchResult {
	return { ok: false, reason: { code, actual, spec, invert } };
}

/** What a target extension asks for (xt_target's return value and its side effects). */
export type TargetResult =
	/** XT_CONTINUE: go on with the next rule, after the effect (MARK, CONNMARK, CT, LOG). */
	| { readonly kind: 'continue'; readonly effect?: Effect }
	/** NF_ACCEPT from the target itself (TPROXY after assigning the socket). */
	| { readonly kind: 'accept'; readonly effect?: Effect }
	| { readonly kind: 'drop'; readonly why: 'no-address' | 'no-socket' | 'rule' }
	| { readonly kind: 'reject'; readonly with: string }
	/**
	 * A NAT decision (REDIRECT, DNAT, SNAT, MASQUERADE): the engine records it on the conntrack
	 * entry and rewrites. Without `request` the endpoint is final (REDIRECT); with it the engine
	 * makes the tuple unique first (./nat.ts, get_unique_tuple).
	 */
	| { readonly kind: 'nat'; readonly manip: 'dst' | 'src'; readonly to: Endpoint; readonly request?: NatRequest };

/** What get_unique_tuple needs of a NAT target's range besides the address it picked. */
export interface NatRequest {
	/** The rule's address range (NF_NAT_RANGE_MAP_IPS), when it has one. */
	readonly addresses?: { readonly min: string; readonly max: string };
	/** The rule's port range (NF_NAT_RANGE_PROTO_SPECIFIED), with a base for a shifted map. */
	readonly ports?: { readonly lo: number; readonly hi: number; readonly base?: number };
	/** --random or --random-fully (NF_NAT_RANGE_PROTO_RANDOM_ALL): always pick a random port. */
	readonly randomAll: boolean;
}

export interface Effect {
	readonly mark?: number;
	readonly ctmark?: number;
	readonly zone?: number;
	readonly notrack?: boolean;
	/** TPROXY: the socket the packet is assigned to (nf_tproxy_assign_sock). */
	readonly socket?: Socket | 'assumed';
	readonly log?: string;
}

/** What a target extension is given. */
export interface TargetContext extends MatchContext {
	readonly ctmark: number;
}

export type RuleAction =
	| { readonly kind: 'count' }
	| { readonly kind: 'accept' }
	| { readonly kind: 'drop' }
	| { readonly kind: 'return' }
	| { readonly kind: 'jump'; readonly chain: string }
	| { readonly kind: 'goto'; readonly chain: string }
	| { readonly kind: 'target'; readonly name: string; readonly result: TargetResult };

interface Where {
	readonly hook: Hook;
	readonly table: TableName;
	readonly backend: Backend;
	readonly family: Family;
	readonly chain: string;
	/** Nesting: 0 in the built-in chain, +1 per jump. */
	readonly depth: number;
}

/** One rule looked at. `ruleNumber` is 1-based, as `iptables -L --line-numbers` numbers it. */
export interface RuleStep extends Where {
	readonly kind: 'rule';
	readonly ruleNumber: number;
	readonly rule: Rule;
	/** The rule as `iptables -S` prints it, without `-A CHAIN`. */
	readonly text: string;
	readonly matched: boolean;
	readonly reason?: Reason;
	readonly action?: RuleAction;
}

/** One step of a packet's trace. Rule and policy steps are made as instances of Step and
 * PolicyStep (./steps.ts): counting tells them from the others by their class. */
export type TraceStep =
	| { readonly kind: 'hook'; readonly hook: Hook; readonly packet: Packet }
	| RuleStep
	/** Fell off the end of a built-in chain (or RETURNed from it): the policy applies. */
	| (Where & { readonly kind: 'policy'; readonly policy: 'ACCEPT' | 'DROP'; readonly counted: boolean })
	/** Fell off the end of a user chain: back to the rule after the jump. */
	| (Where & { readonly kind: 'end'; readonly returnTo: string })
	| (Where & { readonly kind: 'loop'; readonly limit: number })
	| { readonly kind: 'conntrack'; readonly hook: Hook; readonly state: CtView['state']; readonly dir?: Direction; readonly entry?: number; readonly created: boolean }
	/** The nat table was not consulted at this hook, and why. */
	| { readonly kind: 'nat-skipped'; readonly hook: Hook; readonly why: 'not-new' | 'already-done' | 'untracked' }
	| { readonly kind: 'rewrite'; readonly hook: Hook; readonly manip: 'dst' | 'src'; readonly from: Endpoint; readonly to: Endpoint; readonly by: 'rule' | 'conntrack' }
	| { readonly kind: 'route'; readonly hook: Hook | 'input' | 'output'; readonly result: RouteSummary; readonly reroute: boolean }
	| { readonly kind: 'loopback' }
	| { readonly kind: 'confirm'; readonly hook: Hook; readonly entry: number };

export interface RouteSummary {
	readonly kind: 'local' | 'unicast' | 'broadcast' | 'forward' | 'unreachable';
	readonly dev?: string;
	readonly via?: string;
	readonly src?: string;
	readonly table?: number;
}

/** Where one packet ended. */
export type Fate =
	| { readonly kind: 'delivered'; readonly socket: Socket | 'assumed'; readonly local: Endpoint }
	| { readonly kind: 'egress'; readonly dev: string; readonly nextHop: string; readonly packet: Packet }
	| { readonly kind: 'dropped'; readonly hook?: Hook; readonly table?: TableName; readonly chain?: string; readonly ruleNumber?: number; readonly why: DropWhy }
	| { readonly kind: 'rejected'; readonly hook: Hook; readonly table: TableName; readonly chain: string; readonly ruleNumber: number; readonly with: string }
	/** No socket: TCP answers with a RST (connection refused), UDP with ICMP port unreachable. */
	| { readonly kind: 'refused'; readonly local: Endpoint };

export type DropWhy = 'rule' | 'policy' | 'loop' | 'no-route' | 'forwarding-off' | 'no-socket' | 'no-address' | 'invalid';

/** One packet's journey: what the counters need (length, family) and every step. */
export interface PacketTrace {
	readonly family: Family;
	readonly length: number;
	readonly direction: Direction;
	readonly flags: number;
	readonly steps: readonly TraceStep[];
	readonly fate: Fate;
}

/** Everything packet evaluation reads and writes. */
export interface EngineState {
	readonly netns: Netns;
	readonly netfilter: NetfilterState;
	readonly conntrack: ConntrackTable;
	/** undefined: sockets are not modelled; every local port is taken to be listening. */
	readonly sockets?: readonly Socket[];
}

/** The clock (milliseconds) and the random source, injected. */
export interface EngineEnv {
	readonly now: number;
	/** In [0, 1): picks ephemeral ports. */
	readonly random?: () => number;
}

export const TCP_SYN_LENGTH = 60;
export const TCP_ACK_LENGTH = 52;
export const UDP_HEADER = 28;
