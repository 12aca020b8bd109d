// The istio-iptables configuration model: one field per setting of Istio's config.Config, kept as
// the strings the user typed (Istio does not validate ports or UIDs; a bad one only fails later
// inside iptables-restore, and the simulator must show that same failure).

import { goQuote, goStringSlice } from './go-text';
import { formatAddr, formatPrefix, isLoopback, parsePrefix, type Prefix } from './netip';
import { err, ok, type Result } from './types';

export interface IptablesConfig {
	/** -p: Envoy's outbound listener (ISTIO_REDIRECT --to-ports). */
	proxyPort: string;
	/** -z: Envoy's inbound listener (ISTIO_IN_REDIRECT --to-ports, TPROXY --on-port). */
	inboundCapturePort: string;
	/** -e: HBONE port that inbound and the loopback redirect always leave alone. */
	inboundTunnelPort: string;
	/** -u / -g: comma lists; traffic of these owners is never captured (no loops through Envoy). */
	proxyUID: string;
	proxyGID: string;
	/** -m: only "TPROXY" changes anything; every other value behaves as REDIRECT. */
	inboundInterceptionMode: string;
	/** -t / -r: fwmark and policy-routing table of TPROXY mode. */
	inboundTProxyMark: string;
	inboundTProxyRouteTable: string;
	/** -b: inbound ports to capture, `*` for all, empty for none. */
	inboundPortsInclude: string;
	/** -d: inbound ports to skip, only read when -b is `*`. */
	inboundPortsExclude: string;
	/** ISTIO_OUTBOUND_OWNER_GROUPS / _EXCLUDE (environment only). */
	ownerGroupsInclude: string;
	ownerGroupsExclude: string;
	/** -q / -o: outbound ports always captured / never captured. */
	outboundPortsInclude: string;
	outboundPortsExclude: string;
	/** -i / -x: outbound destination CIDRs to capture (`*` for all) / never to capture. */
	outboundIPRangesInclude: string;
	outboundIPRangesExclude: string;
	/** -k: virtual NICs (KubeVirt) whose inbound traffic is handled like outbound. */
	rerouteVirtualInterfaces: string;
	/** -c: NICs never captured in either direction. */
	excludeInterfaces: string;
	iptablesProbePort: number;
	/** --probe-timeout, in nanoseconds like Go's time.Duration. */
	probeTimeoutNs: number;
	dryRun: boolean;
	skipRuleApply: boolean;
	runValidation: boolean;
	redirectDNS: boolean;
	dropInvalid: boolean;
	captureAllDNS: boolean;
	/** Not a flag: true when the pod's first usable address is IPv6 (environment.ts). */
	enableIPv6: boolean;
	/** Not flags: nameservers from /etc/resolv.conf, read only for --redirect-dns. */
	dnsServersV4: string[];
	dnsServersV6: string[];
	networkNamespace: string;
	/** --cni-mode (Istio's HostFilesystemPodNetwork). */
	cniMode: boolean;
	dualStack: boolean;
	/** ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR (environment only). */
	hostIPv4LoopbackCidr: string;
	reconcile: boolean;
	cleanupOnly: boolean;
	forceApply: boolean;
	nativeNftables: boolean;
	forceIptablesBinary: string;
}

/** Defaults of the environment-only settings (constants.go). */
export const ENV_ONLY_DEFAULTS = {
	ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/32',
	ISTIO_OUTBOUND_OWNER_GROUPS: '*',
	ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: '',
	ENVOY_USER: 'istio-proxy',
} as const;

/** Istio's DefaultProxyUID: used when ENVOY_USER cannot be looked up. */
export const DEFAULT_PROXY_UID = '1337';

/** What the binary starts from before flags and environment (config.DefaultConfig()). */
export function defaultConfig(): IptablesConfig {
	return {
		proxyPort: '15001',
		inboundCapturePort: '15006',
		inboundTunnelPort: '15008',
		proxyUID: '',
		proxyGID: '',
		inboundInterceptionMode: '',
		inboundTProxyMark: '1337',
		inboundTProxyRouteTable: '133',
		inboundPortsInclude: '',
		inboundPortsExclude: '',
		ownerGroupsInclude: ENV_ONLY_DEFAULTS.ISTIO_OUTBOUND_OWNER_GROUPS,
		ownerGroupsExclude: ENV_ONLY_DEFAULTS.ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE,
		outboundPortsInclude: '',
		outboundPortsExclude: '',
		outboundIPRangesInclude: '',
		outboundIPRangesExclude: '',
		rerouteVirtualInterfaces: '',
		excludeInterfaces: '',
		iptablesProbePort: 15002,
		probeTimeoutNs: 5e9,
		dryRun: false,
		skipRuleApply: false,
		runValidation: false,
		redirectDNS: false,
		dropInvalid: false,
		captureAllDNS: false,
		enableIPv6: false,
		dnsServersV4: [],
		dnsServersV6: [],
		networkNamespace: '',
		cniMode: false,
		dualStack: false,
		hostIPv4LoopbackCidr: ENV_ONLY_DEFAULTS.ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR,
		reconcile: false,
		cleanupOnly: false,
		forceApply: false,
		nativeNftables: false,
		forceIptablesBinary: '',
	};
}

/**
 * The baseline of Istio's capture golden tests (run_test.go constructTestConfig): defaults plus
 * UID = GID = 1337. Inbound (-b) and outbound (-i) capture lists stay empty, unlike a real
 * sidecar, so the goldens show the skeleton without PREROUTING/final ISTIO_REDIRECT jumps.
 */
export function harnessBaseline(): IptablesConfig {
	return { ...defaultConfig(), proxyUID: DEFAULT_PROXY_UID, proxyGID: DEFAULT_PROXY_UID };
}

/**
 * What the injector's istio-init arguments amount to for a default pod
 * (`istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`),
 * once the binary filled in GID = UID. See injection.ts for how the arguments are built.
 */
export function injectedSidecarDefaults(): IptablesConfig {
	return {
		...defaultConfig(),
		proxyUID: DEFAULT_PROXY_UID,
		proxyGID: DEFAULT_PROXY_UID,
		inboundInterceptionMode: 'REDIRECT',
		outboundIPRangesInclude: '*',
		inboundPortsInclude: '*',
		inboundPortsExclude: '15090,15021,15020',
	};
}

/** config.Split: comma list, empty items dropped, no trimming (Istio does not trim either). */
export function splitList(s: string): string[] {
	return s === '' ? [] : s.split(',').filter((item) => item !== '');
}

/** Owner-group filter (config.ParseInterceptFilter): capture only `values`, or all except them. */
export interface InterceptFilter {
	readonly values: readonly string[];
	readonly except: boolean;
}

export function parseInterceptFilter(include: string, exclude: string): InterceptFilter {
	if (include === '*') return { values: splitList(exclude), except: true };
	return { values: splitList(include), except: false };
}

/** One family's half of an -i or -x list (config.NetworkRange). */
export interface NetworkRange {
	readonly isWildcard: boolean;
	/** Prefixes as netip prints them (host bits kept). */
	readonly cidrs: readonly string[];
	readonly hasLoopback: boolean;
}

const WILDCARD: NetworkRange = { isWildcard: true, cidrs: [], hasLoopback: false };

/** config.SeparateV4V6: `*` is a wildcard for both families; anything else must parse as CIDRs. */
export function separateV4V6(list: string): Result<{ ipv4: NetworkRange; ipv6: NetworkRange }> {
	if (list === '*') return ok({ ipv4: WILDCARD, ipv6: WILDCARD });
	const parsed: Prefix[] = [];
	for (const item of splitList(list)) {
		const prefix = parsePrefix(item);
		if (!prefix.ok) return err(prefix.error);
		parsed.push(prefix.value);
	}
	const half = (family: 'ipv4' | 'ipv6'): NetworkRange => {
		const mine = parsed.filter((p) => p.addr.family === family);
		return { isWildcard: false, cidrs: mine.map(formatPrefix), hasLoopback: mine.some((p) => isLoopback(p.addr)) };
	};
	return ok({ ipv4: half('ipv4'), ipv6: half('ipv6') });
}

/** All included groups share one rule of `-m owner ! --gid-owner` matches (validation.go). */
const MAX_OWNER_GROUPS_INCLUDE = 64;

/** config.Validate: the checks the binary makes before building any rule. */
export function validateConfig(cfg: IptablesConfig): Result<IptablesConfig> {
	const filter = parseInterceptFilter(cfg.ownerGroupsInclude, cfg.ownerGroupsExclude);
	if (!filter.except && filter.values.length > MAX_OWNER_GROUPS_INCLUDE) {
		return err(
			'number of owner groups whose outgoing traffic should be redirected to Envoy cannot exceed ' +
				`${MAX_OWNER_GROUPS_INCLUDE}, got ${filter.values.length}: ${goStringSlice(filter.values)}`,
		);
	}
	if (!['', 'legacy', 'nft'].includes(cfg.forceIptablesBinary)) {
		return err(`invalid FORCE_IPTABLES_BINARY value ${goQuote(cfg.forceIptablesBinary)}`);
	}
	const loopback = validateLoopbackCidr(cfg.hostIPv4LoopbackCidr);
	return loopback.ok ? ok(cfg) : err(loopback.error);
}

/** ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR must be an IPv4 loopback prefix of /8 to /32. */
function validateLoopbackCidr(cidr: string): Result<string> {
	const prefix = parsePrefix(cidr);
	if (!prefix.ok) return err(`failed to parse CIDR ${cidr}: ${prefix.error}`);
	const { addr, bits } = prefix.value;
	if (addr.family !== 'ipv4' || !isLoopback(addr)) {
		return err(`expected valid IPv4 loopback address in CIDR ${cidr}; found ${formatAddr(addr)}`);
	}
	if (bits < 8 || bits > 32) return err(`expected CIDR ${cidr} to have mask in range [8, 32]; found ${bits}`);
	return ok(cidr);
}
