// What istio-iptables learns from the pod rather than from flags (config.FillConfigFromEnvironment):
// environment-only settings, the proxy UID from /etc/passwd, whether the pod is IPv6 (from its
// interface addresses) and, for DNS capture, the resolv.conf nameservers. The pod is passed in as
// data so the simulator stays pure.

import { DEFAULT_PROXY_UID, ENV_ONLY_DEFAULTS, type IptablesConfig } from './config';
import { formatAddr, isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, parseAddr, unmap } from './netip';
import { err, ok, type Result } from './types';

export interface PodEnvironment {
	/** The init container's environment variables. */
	readonly env: Readonly<Record<string, string>>;
	/** net.InterfaceAddrs() of the pod, in kernel order, as `address/prefix` or bare addresses. */
	readonly interfaceAddrs: readonly string[];
	/** Contents of /etc/resolv.conf; undefined when the file does not exist. */
	readonly resolvConf?: string;
	/** /etc/passwd as name -> UID (the proxyv2 image has istio-proxy = 1337). */
	readonly users: Readonly<Record<string, string>>;
}

/** A typical single-stack pod: loopback, then eth0 (the proxyv2 image's passwd entry). */
export const DEFAULT_POD_ENVIRONMENT: PodEnvironment = {
	env: {},
	interfaceAddrs: ['127.0.0.1/8', '10.244.0.7/24', '::1/128', 'fe80::a8b1:2cff:fe3d:4e5f/64'],
	resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
	users: { 'istio-proxy': '1337' },
};

/** istio.io/pkg/env semantics: an unset variable gives the default, a set one (even empty) wins. */
export function envOr(env: Readonly<Record<string, string>>, name: string, fallback: string): string {
	return Object.hasOwn(env, name) ? (env[name] ?? fallback) : fallback;
}

/**
 * getLocalIP: the first address that is not loopback or link-local decides the family. With
 * --dual-stack every such address is collected until the first IPv6 one, which turns IPv6 on.
 */
export function detectIPv6(addrs: readonly string[], dualStack: boolean): Result<boolean> {
	let found = false;
	let isIPv6 = false;
	for (const text of addrs) {
		const parsed = parseAddr(text.split('/')[0] ?? '');
		if (!parsed.ok) continue;
		const addr = unmap(parsed.value);
		if (isLoopback(addr) || isLinkLocalUnicast(addr) || isLinkLocalMulticast(addr)) continue;
		found = true;
		isIPv6 = addr.family === 'ipv6';
		if (!dualStack || isIPv6) return ok(isIPv6);
	}
	return found ? ok(isIPv6) : err('no valid local IP address found');
}

/** miekg/dns ClientConfigFromFile: every `nameserver X` line, then netutil.IPsSplitV4V6. */
export function resolvConfServers(text: string): { ipv4: string[]; ipv6: string[] } {
	const servers = { ipv4: [] as string[], ipv6: [] as string[] };
	for (const line of text.split('\n')) {
		const fields = line.trim().split(/\s+/);
		if (fields[0] !== 'nameserver' || fields[1] === undefined) continue;
		// Unparsable entries are skipped (logged at debug level only).
		const addr = parseAddr(fields[1]);
		if (addr.ok) servers[addr.value.family].push(formatAddr(addr.value));
	}
	return servers;
}

/** Fills the settings flags cannot give, in Istio's order; fails like the binary does. */
export function fillFromEnvironment(cfg: IptablesConfig, pod: PodEnvironment): Result<IptablesConfig> {
	const out: IptablesConfig = {
		...cfg,
		ownerGroupsInclude: envOr(pod.env, 'ISTIO_OUTBOUND_OWNER_GROUPS', ENV_ONLY_DEFAULTS.ISTIO_OUTBOUND_OWNER_GROUPS),
		ownerGroupsExclude: envOr(pod.env, 'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE', ENV_ONLY_DEFAULTS.ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE),
		hostIPv4LoopbackCidr: envOr(pod.env, 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR', ENV_ONLY_DEFAULTS.ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR),
	};
	// No -u: the UID of $ENVOY_USER, or 1337 when that user does not exist. No -g: same as -u
	// (the proxy runs with UID = GID).
	if (out.proxyUID === '') {
		const user = envOr(pod.env, 'ENVOY_USER', ENV_ONLY_DEFAULTS.ENVOY_USER);
		out.proxyUID = pod.users[user] ?? DEFAULT_PROXY_UID;
	}
	if (out.proxyGID === '') out.proxyGID = out.proxyUID;

	const ipv6 = detectIPv6(pod.interfaceAddrs, out.dualStack);
	if (!ipv6.ok) return err(ipv6.error);
	out.enableIPv6 = ipv6.value;

	// resolv.conf is only read when the rules will name servers.
	if (out.redirectDNS && !out.captureAllDNS) {
		if (pod.resolvConf === undefined) {
			return err('failed to load /etc/resolv.conf: open /etc/resolv.conf: no such file or directory');
		}
		const servers = resolvConfServers(pod.resolvConf);
		out.dnsServersV4 = servers.ipv4;
		out.dnsServersV6 = servers.ipv6;
	}
	return ok(out);
}
