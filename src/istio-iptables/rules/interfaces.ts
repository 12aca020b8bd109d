// Interface-based short cuts: NICs that Istio must never touch (-c) and KubeVirt-style virtual
// NICs (-k) whose traffic comes from a VM behind the pod rather than from outside.

import { splitList } from '../config';
import type { RuleBuilder } from '../rule-builder';
import { Chain } from '../types';
import type { PlanContext } from './context';

/**
 * -c: traffic on an excluded NIC returns before any Istio chain, in both directions. Appended
 * (not inserted) because these are the first rules Istio adds. In TPROXY mode the mangle table
 * needs the same escape, since inbound capture happens there.
 */
export function excludeInterfaces(b: RuleBuilder, { cfg, tproxy }: PlanContext): void {
	const nics = splitList(cfg.excludeInterfaces);
	for (const nic of nics) {
		b.append('nat', 'PREROUTING', ['-i', nic, '-j', 'RETURN']);
		b.append('nat', 'OUTPUT', ['-o', nic, '-j', 'RETURN']);
	}
	if (!tproxy) return;
	for (const nic of nics) {
		b.append('mangle', 'PREROUTING', ['-i', nic, '-j', 'RETURN']);
		b.append('mangle', 'OUTPUT', ['-o', nic, '-j', 'RETURN']);
	}
}

/**
 * -k: packets arriving from a virtual NIC are really the VM's outbound traffic, so they must not
 * enter ISTIO_INBOUND. Inserted at position 1, so each later NIC ends up above the previous one;
 * the outbound include step later inserts the ISTIO_REDIRECT jumps above these (outbound.ts).
 */
export function shortCircuitVirtualInterfaces(b: RuleBuilder, { cfg }: PlanContext): void {
	for (const nic of splitList(cfg.rerouteVirtualInterfaces)) {
		b.insert('nat', 'PREROUTING', 1, ['-i', nic, '-j', 'RETURN']);
	}
}

/**
 * --drop-invalid: conntrack marks as INVALID the out-of-window packets that REDIRECT cannot map
 * back to a connection; without this rule the kernel answers them with a RST that kills the
 * app's connection. Dropping them in mangle PREROUTING lets TCP retransmit instead.
 */
export function dropInvalid(b: RuleBuilder, { cfg }: PlanContext): void {
	if (!cfg.dropInvalid) return;
	b.append('mangle', 'PREROUTING', ['-m', 'conntrack', '--ctstate', 'INVALID', '-j', Chain.Drop]);
	b.append('mangle', Chain.Drop, ['-j', 'DROP']);
}
