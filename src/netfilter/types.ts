// The netfilter vocabulary of the simulator: read this file first.
//
// A packet crosses up to five hooks. Each hook runs the chains of the same name of several tables,
// in a fixed priority order (raw, mangle, nat, filter: see TABLES_AT_HOOK). Only built-in chains
// are attached to hooks; user chains run only when a rule jumps (-j) or goes (-g) to them.
//
//                 +-----------+                       +-----------+
//   packet in --->| PREROUTING|--> routing --+------->|  FORWARD  |---+
//   (from a NIC)  +-----------+   decision   |        +-----------+   |
//                                            v                        v
//                                      +-----------+           +-------------+
//                                      |   INPUT   |           | POSTROUTING |---> packet out
//                                      +-----------+           +-------------+     (to a NIC)
//                                            |                        ^
//                                            v                        |
//                                     local process            +-----------+
//                                    (Envoy, the app) -------->|  OUTPUT   |
//                                                              +-----------+
//
// A connection started inside the pod towards 127.0.0.1 goes OUTPUT -> POSTROUTING over `lo` and
// then comes back in through PREROUTING -> INPUT of `lo` (kernel-notes.md, facts 2 and 3).
//
// This module only models rules and their text forms (iptables-save, -S, -L). Evaluating packets
// against them is built on top of these types elsewhere.

export type Family = 'ipv4' | 'ipv6';

/** Which kernel back end a tool talks to: iptables-nft (nf_tables) or iptables-legacy (x_tables). */
export type Backend = 'nft' | 'legacy';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';

export enum Hook {
	Prerouting = 'PREROUTING',
	Input = 'INPUT',
	Forward = 'FORWARD',
	Output = 'OUTPUT',
	Postrouting = 'POSTROUTING',
}

/** Built-in chains of each table, in the order iptables lists them (-L, -S, iptables-save). */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly Hook[]>> = {
	raw: [Hook.Prerouting, Hook.Output],
	mangle: [Hook.Prerouting, Hook.Input, Hook.Forward, Hook.Output, Hook.Postrouting],
	nat: [Hook.Prerouting, Hook.Input, Hook.Output, Hook.Postrouting],
	filter: [Hook.Input, Hook.Forward, Hook.Output],
	security: [Hook.Input, Hook.Forward, Hook.Output],
};

/**
 * Tables attached to each hook, in the order the kernel runs them (by hook priority:
 * raw -300, mangle -150, nat dst -100, filter 0, security 50, nat src +100;
 * include/uapi/linux/netfilter_ipv4.h).
 */
export const TABLES_AT_HOOK: Readonly<Record<Hook, readonly TableName[]>> = {
	[Hook.Prerouting]: ['raw', 'mangle', 'nat'],
	[Hook.Input]: ['mangle', 'filter', 'security', 'nat'],
	[Hook.Forward]: ['mangle', 'filter', 'security'],
	[Hook.Output]: ['raw', 'mangle', 'nat', 'filter', 'security'],
	[Hook.Postrouting]: ['mangle', 'nat'],
};

/**
 * Order in which iptables-nft-save prints the tables that exist: the order of iptables' own
 * table list (mangle, security, raw, filter, nat), observed with 1.8.9 whatever the creation order.
 * iptables-legacy-save instead prints /proc/net/ip_tables_names, which lists the most recently
 * registered table first (the kernel adds each table at the head of its list).
 */
export const NFT_TABLE_ORDER: readonly TableName[] = ['mangle', 'security', 'raw', 'filter', 'nat'];

export const ALL_TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

/** Verdicts a rule or a built-in chain's policy can give directly. */
export type Verdict = 'ACCEPT' | 'DROP' | 'RETURN';
export type Policy = 'ACCEPT' | 'DROP';

/** Kernel counters are 64-bit; bigint keeps them exact (iptables prints up to 2^64-1). */
export interface Counters {
	readonly packets: bigint;
	readonly bytes: bigint;
}

export const ZERO: Counters = { packets: 0n, bytes: 0n };

/** A source or destination selector (-s/-d) after iptables masked the address with the mask. */
export interface AddressSpec {
	/** Canonical address text, already masked: `10.0.0.0`, `2001:db8::`. */
	readonly address: string;
	/** Prefix length, or null for a non-contiguous IPv4 mask (printed in dotted form). */
	readonly prefix: number | null;
	/** Canonical mask text: `255.255.0.0`, `ffff:ffff::`. */
	readonly mask: string;
	readonly invert: boolean;
}

/** -i/-o; a trailing `+` is a prefix wildcard, kept in the name as iptables prints it. */
export interface InterfaceSpec {
	readonly name: string;
	readonly invert: boolean;
}

/** -p; protocol 0 means "all" and is not stored unless inverted. */
export interface ProtocolSpec {
	readonly number: number;
	readonly invert: boolean;
}

/** One `-m NAME ...` with the options that extension parsed, in the extension's own data shape. */
export interface MatchInstance<D = unknown> {
	readonly name: string;
	readonly data: D;
}

/** What a rule does when it matches. A rule without a target only counts. */
export type Target =
	| { readonly kind: 'verdict'; readonly verdict: Verdict }
	| { readonly kind: 'jump'; readonly chain: string; readonly goto: boolean }
	| { readonly kind: 'extension'; readonly name: string; readonly data: unknown };

/**
 * A rule in canonical form: what iptables stores, not what the user typed. `-s/-d/-i/-o/-p` are
 * fields (they live in the fixed ipt_ip header), the extensions follow in the order they were loaded.
 */
export interface Rule {
	readonly src?: AddressSpec;
	readonly dst?: AddressSpec;
	readonly inIface?: InterfaceSpec;
	readonly outIface?: InterfaceSpec;
	readonly protocol?: ProtocolSpec;
	/** `-f` / `! -f` (IPv4 only). */
	readonly fragment?: { readonly invert: boolean };
	readonly matches: readonly MatchInstance[];
	readonly target?: Target;
	readonly counters: Counters;
}

export interface Chain {
	readonly name: string;
	/** Built-in chains only. */
	readonly policy?: Policy;
	/** Counters of the policy: packets that fell off the end of a built-in chain. */
	readonly counters: Counters;
	/**
	 * nf_tables only: the base chain was created or updated with counters (NFTA_CHAIN_COUNTERS).
	 * iptables-nft sends them when iptables-restore declares the chain (`:PREROUTING ACCEPT [0:0]`),
	 * for -P and for -Z; a chain it creates implicitly (for -A, or a restore without the
	 * declaration) has none and its policy counters stay [0:0] (observed with iptables 1.8.9).
	 * x_tables always counts; the field is absent there.
	 */
	readonly nftCounters?: boolean;
	readonly rules: readonly Rule[];
}

export interface Table {
	readonly name: TableName;
	/** Built-in chains in BUILTIN_CHAINS order, then user chains in creation order. */
	readonly chains: readonly Chain[];
}

/** The rules of one family in one back end. `tables` is in creation order; absent = not created. */
export interface Ruleset {
	readonly family: Family;
	readonly backend: Backend;
	readonly tables: readonly Table[];
}

/** The whole netfilter state a pod's network namespace holds, as the iptables tools see it. */
export type NetfilterState = Readonly<Record<Backend, Readonly<Record<Family, Ruleset>>>>;

export function emptyRuleset(family: Family, backend: Backend): Ruleset {
	return { family, backend, tables: [] };
}

export function emptyState(): NetfilterState {
	return {
		nft: { ipv4: emptyRuleset('ipv4', 'nft'), ipv6: emptyRuleset('ipv6', 'nft') },
		legacy: { ipv4: emptyRuleset('ipv4', 'legacy'), ipv6: emptyRuleset('ipv6', 'legacy') },
	};
}

/** Output of one simulated command run, like a process: bytes on both streams and a status. */
export interface CommandResult {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

/** The kernel limit on chain names: XT_EXTENSION_MAXNAMELEN (29) including the NUL byte. */
export const CHAIN_NAME_MAX = 28;
/** IFNAMSIZ is 16 including the NUL byte. */
export const IFNAME_MAX = 15;
