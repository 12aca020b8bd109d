// Outbound capture: the nat ISTIO_OUTPUT chain, read top to bottom by every locally generated
// packet. Everything that must NOT reach Envoy returns first; what is left is redirected to 15001.
// reference/127-0-0-6.md walks through the resulting chain rule by rule.

import { splitList } from '../config';
import type { RuleBuilder } from '../rule-builder';
import { Chain, INBOUND_PASSTHROUGH_SOURCE, type Family } from '../types';
import type { PlanContext } from './context';

/** Every protocol enters ISTIO_OUTPUT (since 1.25; UDP is needed for the DNS rules). */
export function outputJump(b: RuleBuilder): void {
	b.append('nat', 'OUTPUT', ['-j', Chain.Output]);
}

/**
 * -o: ports never captured, for TCP and UDP alike. They come first so that even Envoy's own
 * loopback redirect below cannot catch them (the CNI plugin puts 15020 here).
 */
export function outboundPortExclusions(b: RuleBuilder, { cfg }: PlanContext): void {
	for (const port of splitList(cfg.outboundPortsExclude)) {
		b.append('nat', Chain.Output, ['-p', 'tcp', '--dport', port, '-j', 'RETURN']);
		b.append('nat', Chain.Output, ['-p', 'udp', '--dport', port, '-j', 'RETURN']);
	}
}

/**
 * Envoy's inbound side connects to the app from 127.0.0.6 (::6). Those connections already went
 * through 15006; returning them here keeps the loopback redirect below from sending them back in.
 */
export function passthroughSource(b: RuleBuilder): void {
	b.appendPerFamily('nat', Chain.Output, (family) => ['-o', 'lo', '-s', INBOUND_PASSTHROUGH_SOURCE[family], '-j', 'RETURN']);
}

/** Rules for one proxy UID or GID; see proxyOwners for why there are three. */
function ownerRules(b: RuleBuilder, ctx: PlanContext, kind: '--uid-owner' | '--gid-owner', owner: string): void {
	const { cfg } = ctx;
	// Port 53 stays with pilot-agent's DNS proxy when DNS is captured. Istio only widens the UID
	// rule to a multiport match; the GID rule keeps the single tunnel-port test.
	const notTunnel =
		ctx.redirectDNS && kind === '--uid-owner'
			? ['-m', 'multiport', '!', '--dports', `53,${cfg.inboundTunnelPort}`]
			: ['!', '--dport', cfg.inboundTunnelPort];
	b.appendPerFamily('nat', Chain.Output, (family: Family) => [
		'-o',
		'lo',
		'!',
		'-d',
		ctx.loopback(family),
		'-p',
		'tcp',
		...notTunnel,
		'-m',
		'owner',
		kind,
		owner,
		'-j',
		Chain.InRedirect,
	]);
	// Listing a loopback CIDR in -i means the user wants app-to-localhost traffic captured too.
	if (!ctx.include.ipv4.hasLoopback && !ctx.include.ipv6.hasLoopback) {
		// With DNS capture, TCP to a local DNS server must still reach the redirect further down.
		const notDns = ctx.redirectDNS ? ['-p', 'tcp', '!', '--dport', '53'] : [];
		b.append('nat', Chain.Output, ['-o', 'lo', ...notDns, '-m', 'owner', '!', kind, owner, '-j', 'RETURN']);
	}
	b.append('nat', Chain.Output, ['-m', 'owner', kind, owner, '-j', 'RETURN']);
}

/**
 * For each proxy UID, then each GID, three rules:
 * 1. Envoy calling its own pod IP over lo (app -> Service VIP -> Envoy picks its own pod) goes to
 *    the inbound listener, so inbound policy applies to the hairpin;
 * 2. anything else over lo from another owner (the app talking to itself) is left alone;
 * 3. everything else the proxy sends, any protocol, is never captured: that would loop.
 */
export function proxyOwners(b: RuleBuilder, ctx: PlanContext): void {
	for (const uid of splitList(ctx.cfg.proxyUID)) ownerRules(b, ctx, '--uid-owner', uid);
	for (const gid of splitList(ctx.cfg.proxyGID)) ownerRules(b, ctx, '--gid-owner', gid);
}

/**
 * ISTIO_OUTBOUND_OWNER_GROUPS(_EXCLUDE): only some groups' traffic is captured. Excluded groups
 * return one rule each; an include list becomes a single rule "none of these groups -> RETURN".
 */
export function ownerGroups(b: RuleBuilder, { ownerGroups: filter }: PlanContext): void {
	if (filter.except) {
		for (const group of filter.values) {
			b.append('nat', Chain.Output, ['-m', 'owner', '--gid-owner', group, '-j', 'RETURN']);
		}
		return;
	}
	const noneOf = filter.values.flatMap((group) => ['-m', 'owner', '!', '--gid-owner', group]);
	b.append('nat', Chain.Output, [...noneOf, '-j', 'RETURN']);
}

/** Apps and sidecars that talk over localhost on purpose are never captured. */
export function loopbackReturn(b: RuleBuilder, ctx: PlanContext): void {
	b.appendPerFamily('nat', Chain.Output, (family) => ['-d', ctx.loopback(family), '-j', 'RETURN']);
}

/** -x: each family gets only its own excluded CIDRs; they must precede the inclusions. */
export function cidrExclusions(b: RuleBuilder, { exclude }: PlanContext): void {
	for (const family of ['ipv4', 'ipv6'] as const) {
		for (const cidr of exclude[family].cidrs) b.append('nat', Chain.Output, ['-d', cidr, '-j', 'RETURN'], family);
	}
}

/** -q: ports captured whatever their destination (as long as nothing above returned them). */
export function outboundPortInclusions(b: RuleBuilder, { cfg }: PlanContext): void {
	for (const port of splitList(cfg.outboundPortsInclude)) {
		b.append('nat', Chain.Output, ['-p', 'tcp', '--dport', port, '-j', Chain.Redirect]);
	}
}

/**
 * -i: `*` ends ISTIO_OUTPUT with an unconditional jump to ISTIO_REDIRECT; a CIDR list with one
 * jump per CIDR. Virtual NICs (-k) get the same redirect, inserted at the top of PREROUTING, since
 * their "inbound" packets are the VM's outbound traffic. IPv4 first, then IPv6.
 */
export function cidrInclusions(b: RuleBuilder, { cfg, include }: PlanContext): void {
	const nics = splitList(cfg.rerouteVirtualInterfaces);
	for (const family of ['ipv4', 'ipv6'] as const) {
		const range = include[family];
		if (range.isWildcard) {
			b.append('nat', Chain.Output, ['-j', Chain.Redirect], family);
			for (const nic of nics) b.insert('nat', 'PREROUTING', 1, ['-i', nic, '-j', Chain.Redirect], family);
			continue;
		}
		for (const cidr of range.cidrs) {
			for (const nic of nics) b.insert('nat', 'PREROUTING', 1, ['-i', nic, '-d', cidr, '-j', Chain.Redirect], family);
			b.append('nat', Chain.Output, ['-d', cidr, '-j', Chain.Redirect], family);
		}
	}
}
