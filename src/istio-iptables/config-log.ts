// The two configuration dumps istio-iptables logs before programming anything (capture/run.go
// logConfig and config.Print). They are the first thing a learner sees in `kubectl logs istio-init`.

import type { IptablesConfig } from './config';
import { goStringSlice } from './go-text';

/** Variables echoed verbatim from the process environment (empty when unset), in Istio's order. */
const ECHOED_ENV = [
	'ENVOY_PORT',
	'INBOUND_CAPTURE_PORT',
	'ISTIO_INBOUND_INTERCEPTION_MODE',
	'ISTIO_INBOUND_TPROXY_ROUTE_TABLE',
	'ISTIO_INBOUND_PORTS',
	'ISTIO_OUTBOUND_PORTS',
	'ISTIO_LOCAL_EXCLUDE_PORTS',
	'ISTIO_EXCLUDE_INTERFACES',
	'ISTIO_SERVICE_CIDR',
	'ISTIO_SERVICE_EXCLUDE_CIDR',
	'ISTIO_META_DNS_CAPTURE',
	'INVALID_DROP',
] as const;

export function environmentDump(env: Readonly<Record<string, string>>): string {
	return `Istio iptables environment:\n${ECHOED_ENV.map((name) => `${name}=${env[name] ?? ''}\n`).join('')}`;
}

/** config.Print: the effective configuration after flags and environment. */
export function configDump(c: IptablesConfig): string {
	const rows: [string, string | boolean][] = [
		['PROXY_PORT', c.proxyPort],
		['PROXY_INBOUND_CAPTURE_PORT', c.inboundCapturePort],
		['PROXY_TUNNEL_PORT', c.inboundTunnelPort],
		['PROXY_UID', c.proxyUID],
		['PROXY_GID', c.proxyGID],
		['INBOUND_INTERCEPTION_MODE', c.inboundInterceptionMode],
		['INBOUND_TPROXY_MARK', c.inboundTProxyMark],
		['INBOUND_TPROXY_ROUTE_TABLE', c.inboundTProxyRouteTable],
		['INBOUND_PORTS_INCLUDE', c.inboundPortsInclude],
		['INBOUND_PORTS_EXCLUDE', c.inboundPortsExclude],
		['OUTBOUND_OWNER_GROUPS_INCLUDE', c.ownerGroupsInclude],
		['OUTBOUND_OWNER_GROUPS_EXCLUDE', c.ownerGroupsExclude],
		['OUTBOUND_IP_RANGES_INCLUDE', c.outboundIPRangesInclude],
		['OUTBOUND_IP_RANGES_EXCLUDE', c.outboundIPRangesExclude],
		['OUTBOUND_PORTS_INCLUDE', c.outboundPortsInclude],
		['OUTBOUND_PORTS_EXCLUDE', c.outboundPortsExclude],
		['KUBE_VIRT_INTERFACES', c.rerouteVirtualInterfaces],
		['ENABLE_INBOUND_IPV6', c.enableIPv6],
		['DUAL_STACK', c.dualStack],
		['DNS_CAPTURE', c.redirectDNS],
		['DROP_INVALID', c.dropInvalid],
		['CAPTURE_ALL_DNS', c.captureAllDNS],
		['DNS_SERVERS', `${goStringSlice(c.dnsServersV4)},${goStringSlice(c.dnsServersV6)}`],
		['NETWORK_NAMESPACE', c.networkNamespace],
		['CNI_MODE', c.cniMode],
		['EXCLUDE_INTERFACES', c.excludeInterfaces],
		['RECONCILE', c.reconcile],
		['CLEANUP_ONLY', c.cleanupOnly],
		['FORCE_APPLY', c.forceApply],
		['NATIVE_NFTABLES', c.nativeNftables],
		['FORCE_IPTABLES_BINARY', c.forceIptablesBinary],
	];
	return `Istio config:\n${rows.map(([k, v]) => `${k}=${String(v)}\n`).join('')}`;
}
