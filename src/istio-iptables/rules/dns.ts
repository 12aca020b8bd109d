// DNS capture (--redirect-dns, ISTIO_META_DNS_CAPTURE): the app's port-53 traffic goes to
// pilot-agent's DNS proxy on 15053, and UDP DNS is split into two conntrack zones.

import { splitList } from '../config';
import type { RuleBuilder } from '../rule-builder';
import { AGENT_DNS_PORT, Chain, type Family } from '../types';
import type { PlanContext } from './context';

/** Each family's servers with the host prefix Istio appends (servers are single addresses). */
function serversOf(ctx: PlanContext, family: Family): { server: string; cidr: string }[] {
	const servers = family === 'ipv4' ? ctx.cfg.dnsServersV4 : ctx.cfg.dnsServersV6;
	const bits = family === 'ipv4' ? '/32' : '/128';
	return servers.map((server) => ({ server, cidr: server + bits }));
}

/**
 * nat: ISTIO_OUTPUT jumps to ISTIO_OUTPUT_DNS only in a family that has something to redirect,
 * so an IPv4-only resolv.conf leaves no empty jump in ip6tables. With --capture-all-dns (the CNI
 * plugin's choice, it cannot read the pod's resolv.conf) every port-53 packet is redirected;
 * otherwise only those to the resolv.conf servers, so a local dnsmasq forwarding to an upstream
 * is not looped back into the agent. TCP rules come before UDP ones. Note Istio's spelling:
 * `--to-ports` for TCP, `--to-port` for UDP (iptables accepts both).
 */
function redirectToAgent(b: RuleBuilder, ctx: PlanContext): void {
	const all = ctx.cfg.captureAllDNS;
	for (const family of ['ipv4', 'ipv6'] as const) {
		if (all || serversOf(ctx, family).length > 0) b.append('nat', Chain.Output, ['-j', Chain.OutputDns], family);
	}
	for (const [proto, toPort] of [
		['tcp', '--to-ports'],
		['udp', '--to-port'],
	] as const) {
		if (all) {
			b.append('nat', Chain.OutputDns, ['-p', proto, '--dport', '53', '-j', 'REDIRECT', toPort, AGENT_DNS_PORT]);
			continue;
		}
		for (const family of ['ipv4', 'ipv6'] as const) {
			for (const { cidr } of serversOf(ctx, family)) {
				const rule = ['-p', proto, '--dport', '53', '-d', cidr, '-j', 'REDIRECT', toPort, AGENT_DNS_PORT];
				b.append('nat', Chain.OutputDns, rule, family);
			}
		}
	}
}

/**
 * raw: UDP has no connection to key on, so the two legs of a proxied query (app <-> agent on
 * 15053, agent <-> upstream on 53) could collide in conntrack when they share a 5-tuple. Istio
 * puts the agent's upstream queries and their answers in zone 1 and the app-facing leg in zone 2.
 * Zone rules for the proxy's own packets are added for every UID/GID; the server-specific ones
 * (and the PREROUTING jump that catches answers) only where a family has servers.
 */
function conntrackZones(b: RuleBuilder, ctx: PlanContext): void {
	const { cfg } = ctx;
	b.append('raw', 'OUTPUT', ['-j', Chain.OutputDns]);
	const owners = [
		...splitList(cfg.proxyUID).map((uid) => ['--uid-owner', uid] as const),
		...splitList(cfg.proxyGID).map((gid) => ['--gid-owner', gid] as const),
	];
	for (const [kind, owner] of owners) {
		b.append('raw', Chain.OutputDns, ['-p', 'udp', '--dport', '53', '-m', 'owner', kind, owner, '-j', 'CT', '--zone', '1']);
		b.append('raw', Chain.OutputDns, ['-p', 'udp', '--sport', AGENT_DNS_PORT, '-m', 'owner', kind, owner, '-j', 'CT', '--zone', '2']);
	}
	if (cfg.captureAllDNS) {
		b.append('raw', 'PREROUTING', ['-j', Chain.Inbound]);
		b.append('raw', Chain.OutputDns, ['-p', 'udp', '--dport', '53', '-j', 'CT', '--zone', '2']);
		b.append('raw', Chain.Inbound, ['-p', 'udp', '--sport', '53', '-j', 'CT', '--zone', '1']);
		return;
	}
	for (const family of ['ipv4', 'ipv6'] as const) {
		const servers = serversOf(ctx, family);
		// No jump to an ISTIO_INBOUND that would stay empty (Istio's reconciler would not clean it).
		if (servers.length > 0) b.append('raw', 'PREROUTING', ['-j', Chain.Inbound], family);
		for (const { cidr } of servers) {
			b.append('raw', Chain.OutputDns, ['-p', 'udp', '--dport', '53', '-d', cidr, '-j', 'CT', '--zone', '2'], family);
			b.append('raw', Chain.Inbound, ['-p', 'udp', '--sport', '53', '-s', cidr, '-j', 'CT', '--zone', '1'], family);
		}
	}
}

export function dnsCapture(b: RuleBuilder, ctx: PlanContext): void {
	if (!ctx.redirectDNS) return;
	redirectToAgent(b, ctx);
	conntrackZones(b, ctx);
}
