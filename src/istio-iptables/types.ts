// The istio-iptables vocabulary: read this file first.
//
// istio-iptables (a sub-command of pilot-agent, run by the istio-init container or by the
// istio-cni node plugin) programs the pod's network namespace so that every TCP connection in or
// out of the pod passes through Envoy. It builds a list of rules, one concern at a time (see
// rules/plan.ts), renders them as `iptables-restore --noflush` input per address family, and
// pipes that into iptables-restore (render.ts).
//
// The chains it creates in the nat table, and how packets reach them:
//
//   inbound   PREROUTING --(-b ports)--> ISTIO_INBOUND --> ISTIO_IN_REDIRECT  -> REDIRECT :15006
//                                          | :15008 (HBONE tunnel), -d ports: RETURN
//
//   outbound  OUTPUT --> ISTIO_OUTPUT --+--> RETURN      (-o ports, 127.0.0.6, proxy uid/gid, -x)
//                                       +--> ISTIO_IN_REDIRECT (Envoy calling its own pod IP)
//                                       +--> ISTIO_OUTPUT_DNS  -> REDIRECT :15053 (DNS capture)
//                                       +--> ISTIO_REDIRECT    -> REDIRECT :15001 (-i CIDRs, -q)
//
// With -m TPROXY the inbound half moves to the mangle table (ISTIO_INBOUND -> ISTIO_DIVERT /
// ISTIO_TPROXY, marks 1337/1338); DNS capture adds conntrack zones in the raw table; --drop-invalid
// adds ISTIO_DROP in mangle. Every name and number below is Istio's, from
// tools/istio-iptables/pkg/constants at the snapshot commit 86c9f01f.

/** Same spelling as src/netfilter/types.ts, so plans can be handed over without conversion. */
export type Family = 'ipv4' | 'ipv6';
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';

export const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

/** Chains istio-iptables creates (constants.go). */
export const Chain = {
	Output: 'ISTIO_OUTPUT',
	OutputDns: 'ISTIO_OUTPUT_DNS',
	Inbound: 'ISTIO_INBOUND',
	Divert: 'ISTIO_DIVERT',
	Tproxy: 'ISTIO_TPROXY',
	Redirect: 'ISTIO_REDIRECT',
	InRedirect: 'ISTIO_IN_REDIRECT',
	Drop: 'ISTIO_DROP',
} as const;

/**
 * Names the rule builder never declares with `-N`: the kernel's built-in chains and the verdicts
 * that may follow `-j` (Istio's BuiltInChainsAndTargetsMap).
 */
export const BUILTIN_CHAINS_AND_TARGETS: ReadonlySet<string> = new Set([
	'INPUT',
	'OUTPUT',
	'FORWARD',
	'PREROUTING',
	'POSTROUTING',
	'ACCEPT',
	'RETURN',
	'DROP',
]);

/** pilot-agent's DNS proxy listens here; DNS capture redirects port 53 to it. */
export const AGENT_DNS_PORT = '15053';
/** In TPROXY mode Envoy's outbound-to-own-pod-IP packets carry this mark (constants.OutboundMark). */
export const OUTBOUND_MARK = '1338';
/** Source address of Envoy's inbound passthrough connections (see reference/127-0-0-6.md). */
export const INBOUND_PASSTHROUGH_SOURCE: Readonly<Record<Family, string>> = {
	ipv4: '127.0.0.6/32',
	ipv6: '::6/128',
};
/** The IPv6 loopback is fixed; the IPv4 one comes from ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR. */
export const IPV6_LOOPBACK = '::1/128';
/** Exit code of a failed --run-validation (constants.ValidationErrorCode). */
export const VALIDATION_ERROR_CODE = 126;

/**
 * One rule as the builder recorded it. `position` set means `-I chain position`, otherwise
 * `-A chain`. `params` are the words after the chain (and position), in Istio's own order.
 */
export interface PlannedRule {
	readonly table: TableName;
	readonly chain: string;
	readonly position?: number;
	readonly params: readonly string[];
}

/** Everything one run would program, per family. `ipv6` is false when IPv6 is off. */
export interface RulePlan {
	readonly ipv4: readonly PlannedRule[];
	readonly ipv6: readonly PlannedRule[];
	readonly ipv6Enabled: boolean;
	/** Warnings logged while planning, worded like Istio's log lines. */
	readonly warnings: readonly string[];
}

/** Errors at input boundaries are values (STYLE.md rule 6). */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function ok<T>(value: T): Result<T> {
	return { ok: true, value };
}

export function err<T = never>(error: string): Result<T> {
	return { ok: false, error };
}
