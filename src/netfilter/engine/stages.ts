// What runs at each hook, in which order, as data. The order is the hook priority
// (include/uapi/linux/netfilter_ipv4.h, enum nf_ip_hook_priorities): lower runs first.

import { Hook, TABLES_AT_HOOK, type Backend, type NetfilterState, type TableName } from '../types';

export const PRIORITY = {
	raw: -300, // NF_IP_PRI_RAW: before conntrack, so CT --notrack / --zone can steer it
	conntrack: -200, // NF_IP_PRI_CONNTRACK: find or create the entry (nf_conntrack_in)
	mangle: -150, // NF_IP_PRI_MANGLE
	natDst: -100, // NF_IP_PRI_NAT_DST: DNAT/REDIRECT in PREROUTING and OUTPUT
	filter: 0, // NF_IP_PRI_FILTER
	security: 50, // NF_IP_PRI_SECURITY
	natSrc: 100, // NF_IP_PRI_NAT_SRC: SNAT in POSTROUTING and INPUT
	confirm: 2147483647, // NF_IP_PRI_CONNTRACK_CONFIRM (INT_MAX): the entry enters the table
} as const;

export type Stage = { readonly kind: 'table'; readonly table: TableName } | { readonly kind: 'conntrack' } | { readonly kind: 'confirm' };

/** Hooks where conntrack looks packets up: where they enter the stack (PREROUTING, OUTPUT). */
const CONNTRACK_AT: readonly Hook[] = [Hook.Prerouting, Hook.Output];
/** Hooks where new entries are confirmed: where packets leave it (INPUT, POSTROUTING). */
const CONFIRM_AT: readonly Hook[] = [Hook.Input, Hook.Postrouting];

function tablePriority(table: TableName, hook: Hook): number {
	if (table === 'nat') return hook === Hook.Prerouting || hook === Hook.Output ? PRIORITY.natDst : PRIORITY.natSrc;
	return PRIORITY[table];
}

function stagesAt(hook: Hook): readonly Stage[] {
	const staged: [number, Stage][] = TABLES_AT_HOOK[hook].map((table) => [tablePriority(table, hook), { kind: 'table', table }]);
	if (CONNTRACK_AT.includes(hook)) staged.push([PRIORITY.conntrack, { kind: 'conntrack' }]);
	if (CONFIRM_AT.includes(hook)) staged.push([PRIORITY.confirm, { kind: 'confirm' }]);
	return staged.sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

/** Stages of every hook, sorted by priority: tables from TABLES_AT_HOOK plus conntrack. */
export const STAGES: Readonly<Record<Hook, readonly Stage[]>> = {
	[Hook.Prerouting]: stagesAt(Hook.Prerouting),
	[Hook.Input]: stagesAt(Hook.Input),
	[Hook.Forward]: stagesAt(Hook.Forward),
	[Hook.Output]: stagesAt(Hook.Output),
	[Hook.Postrouting]: stagesAt(Hook.Postrouting),
};

/** Which manipulation the nat table decides at a hook (nf_nat_inet_fn's maniptype). */
export function manipAt(hook: Hook): 'dst' | 'src' {
	return hook === Hook.Prerouting || hook === Hook.Output ? 'dst' : 'src';
}

/**
 * Both back ends hook the same priorities; the simulator runs iptables-nft's tables first (the
 * images' default back end), then iptables-legacy's. Real kernels order equal priorities by
 * registration time.
 */
export const BACKEND_ORDER: readonly Backend[] = ['nft', 'legacy'];

/** Extensions whose rules make the kernel track connections in the namespace (nf_ct_netns_get). */
const CONNTRACK_MATCHES = new Set(['conntrack', 'connmark', 'state']);
const CONNTRACK_TARGETS = new Set(['CONNMARK', 'CT', 'REDIRECT', 'MASQUERADE', 'DNAT', 'SNAT']);

/**
 * Conntrack runs in a namespace only once something needs it: a nat table, or a rule using a
 * conntrack-based extension. A namespace without NAT rules shows no entries (kernel-notes.md,
 * fact 14).
 */
export function conntrackActive(nf: NetfilterState, family: 'ipv4' | 'ipv6'): boolean {
	for (const backend of BACKEND_ORDER) {
		for (const t of nf[backend][family].tables) {
			if (t.name === 'nat') return true;
			for (const c of t.chains) {
				for (const r of c.rules) {
					if (r.matches.some((m) => CONNTRACK_MATCHES.has(m.name))) return true;
					if (r.target?.kind === 'extension' && CONNTRACK_TARGETS.has(r.target.name)) return true;
				}
			}
		}
	}
	return false;
}

/**
 * NFT_JUMP_STACK_SIZE (include/net/netfilter/nf_tables.h): nft_do_chain drops a packet whose
 * jumps would nest deeper. x_tables sizes its jump stack by the number of user chains
 * (xt_alloc_jumpstack, stacksize counted in translate_table) and drops the same way in
 * ipt_do_table. Both refuse loops when rules are loaded, so this only guards the simulator.
 */
export const NFT_JUMP_STACK_SIZE = 16;
