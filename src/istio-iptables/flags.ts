// The istio-iptables command line as data: every flag the pilot-agent sub-command registers at the
// snapshot commit (tools/istio-iptables/pkg/cmd/root.go), in registration order, with the
// environment variables that can preset it. Usage strings are Istio's, since `--help` prints them.

import type { IptablesConfig } from './config';

export type FlagType = 'string' | 'bool' | 'uint16' | 'duration';

/** Config fields a flag can set, by the type of value it carries. */
type FieldOf<T> = { [K in keyof IptablesConfig]: IptablesConfig[K] extends T ? K : never }[keyof IptablesConfig];

export type FlagSpec =
	| { type: 'string'; field: FieldOf<string> } & FlagCommon
	| { type: 'bool'; field: FieldOf<boolean> } & FlagCommon
	| { type: 'uint16'; field: 'iptablesProbePort' } & FlagCommon
	| { type: 'duration'; field: 'probeTimeoutNs' } & FlagCommon;

interface FlagCommon {
	readonly name: string;
	readonly short?: string;
	readonly usage: string;
	/**
	 * flag.BindEnv: the variable named after the flag (upper case, `-` -> `_`) presets it.
	 * --envoy-port is the one flag bound without it (flag.Bind).
	 */
	readonly bindEnv: boolean;
	/** flag.AdditionalEnv: a second variable, applied after the first, so it wins. */
	readonly extraEnv?: string;
}

export const ISTIO_IPTABLES_FLAGS: readonly FlagSpec[] = [
	{ name: 'envoy-port', short: 'p', type: 'string', field: 'proxyPort', bindEnv: false, usage: 'Specify the envoy port to which redirect all TCP traffic.' },
	{ name: 'inbound-capture-port', short: 'z', type: 'string', field: 'inboundCapturePort', bindEnv: true, usage: 'Port to which all inbound TCP traffic to the pod/VM should be redirected to.' },
	{ name: 'inbound-tunnel-port', short: 'e', type: 'string', field: 'inboundTunnelPort', bindEnv: true, usage: 'Specify the istio tunnel port for inbound tcp traffic.' },
	{ name: 'proxy-uid', short: 'u', type: 'string', field: 'proxyUID', bindEnv: true, usage: 'Specify the UID of the user for which the redirection is not applied. Typically, this is the UID of the proxy container.' },
	{ name: 'proxy-gid', short: 'g', type: 'string', field: 'proxyGID', bindEnv: true, usage: 'Specify the GID of the user for which the redirection is not applied (same default value as -u param).' },
	{ name: 'istio-inbound-interception-mode', short: 'm', type: 'string', field: 'inboundInterceptionMode', bindEnv: true, usage: 'The mode used to redirect inbound connections to Envoy, either "REDIRECT" or "TPROXY".' },
	{ name: 'istio-inbound-ports', short: 'b', type: 'string', field: 'inboundPortsInclude', bindEnv: true, usage: 'Comma separated list of inbound ports for which traffic is to be redirected to Envoy (optional). The wildcard character "*" can be used to configure redirection for all ports. An empty list will disable.' },
	{ name: 'istio-local-exclude-ports', short: 'd', type: 'string', field: 'inboundPortsExclude', bindEnv: true, usage: 'Comma separated list of inbound ports to be excluded from redirection to Envoy (optional). Only applies when all inbound traffic (i.e. "*") is being redirected.' },
	{ name: 'istio-exclude-interfaces', short: 'c', type: 'string', field: 'excludeInterfaces', bindEnv: true, usage: 'Comma separated list of NIC (optional). Neither inbound nor outbound traffic will be captured.' },
	{ name: 'istio-service-cidr', short: 'i', type: 'string', field: 'outboundIPRangesInclude', bindEnv: true, usage: 'Comma separated list of IP ranges in CIDR form to redirect to envoy (optional). The wildcard character "*" can be used to redirect all outbound traffic. An empty list will disable all outbound.' },
	// The double space after "all" is in Istio's source.
	{ name: 'istio-service-exclude-cidr', short: 'x', type: 'string', field: 'outboundIPRangesExclude', bindEnv: true, usage: 'Comma separated list of IP ranges in CIDR form to be excluded from redirection. Only applies when all  outbound traffic (i.e. "*") is being redirected.' },
	{ name: 'istio-outbound-ports', short: 'q', type: 'string', field: 'outboundPortsInclude', bindEnv: true, usage: 'Comma separated list of outbound ports to be explicitly included for redirection to Envoy.' },
	{ name: 'istio-local-outbound-ports-exclude', short: 'o', type: 'string', field: 'outboundPortsExclude', bindEnv: true, usage: 'Comma separated list of outbound ports to be excluded from redirection to Envoy.' },
	{ name: 'kube-virt-interfaces', short: 'k', type: 'string', field: 'rerouteVirtualInterfaces', bindEnv: true, usage: 'Comma separated list of virtual interfaces whose inbound traffic (from VM) will be treated as outbound.' },
	{ name: 'istio-inbound-tproxy-mark', short: 't', type: 'string', field: 'inboundTProxyMark', bindEnv: true, usage: '' },
	{ name: 'istio-inbound-tproxy-route-table', short: 'r', type: 'string', field: 'inboundTProxyRouteTable', bindEnv: true, usage: '' },
	{ name: 'dry-run', short: 'n', type: 'bool', field: 'dryRun', bindEnv: true, usage: 'Do not call any external dependencies like iptables.' },
	{ name: 'iptables-probe-port', type: 'uint16', field: 'iptablesProbePort', bindEnv: true, usage: 'Set listen port for failure detection.' },
	{ name: 'probe-timeout', type: 'duration', field: 'probeTimeoutNs', bindEnv: true, usage: 'Failure detection timeout.' },
	{ name: 'skip-rule-apply', type: 'bool', field: 'skipRuleApply', bindEnv: true, usage: 'Skip iptables apply.' },
	{ name: 'run-validation', type: 'bool', field: 'runValidation', bindEnv: true, usage: 'Validate iptables.' },
	{ name: 'redirect-dns', type: 'bool', field: 'redirectDNS', bindEnv: true, extraEnv: 'ISTIO_META_DNS_CAPTURE', usage: 'Enable capture of dns traffic by istio-agent.' },
	{ name: 'drop-invalid', type: 'bool', field: 'dropInvalid', bindEnv: true, extraEnv: 'INVALID_DROP', usage: 'Enable invalid drop in the iptables rules.' },
	{ name: 'dual-stack', type: 'bool', field: 'dualStack', bindEnv: true, extraEnv: 'ISTIO_DUAL_STACK', usage: 'Enable ipv4/ipv6 redirects for dual-stack.' },
	{ name: 'capture-all-dns', type: 'bool', field: 'captureAllDNS', bindEnv: true, usage: 'Instead of only capturing DNS traffic to DNS server IP, capture all DNS traffic at port 53. This setting is only effective when redirect dns is enabled.' },
	{ name: 'network-namespace', type: 'string', field: 'networkNamespace', bindEnv: true, usage: 'The network namespace that iptables rules should be applied to.' },
	{ name: 'cni-mode', type: 'bool', field: 'cniMode', bindEnv: true, usage: 'Whether to run as CNI plugin.' },
	{ name: 'reconcile', type: 'bool', field: 'reconcile', bindEnv: true, usage: 'Reconcile pre-existing and incompatible iptables rules instead of failing if drift is detected.' },
	{ name: 'cleanup-only', type: 'bool', field: 'cleanupOnly', bindEnv: true, usage: 'Perform a forced cleanup without creating new iptables chains or rules.' },
	{ name: 'force-apply', type: 'bool', field: 'forceApply', bindEnv: true, usage: 'Apply iptables changes even if they appear to already be in place.' },
	{ name: 'native-nftables', type: 'bool', field: 'nativeNftables', bindEnv: true, usage: 'Use native nftables instead of iptables rules.' },
	{ name: 'force-iptables-binary', type: 'string', field: 'forceIptablesBinary', bindEnv: true, usage: 'Break glass option to choose which iptables binary to use.' },
];

/** Environment variable flag.BindEnv reads for a flag: dry-run -> DRY_RUN. */
export function envNameOf(flagName: string): string {
	return flagName.replaceAll('-', '_').toUpperCase();
}

/**
 * pilot-agent's persistent flags, inherited by the sub-command: Istio's logging options
 * (pkg/log/options.go) and --vklog (pkg/log/klog.go). They are accepted and, apart from
 * --log_output_level's effect on which lines print, not modelled.
 */
export interface GlobalFlagSpec {
	readonly name: string;
	readonly type: 'string' | 'bool' | 'stringArray' | 'level';
}

export const PILOT_AGENT_GLOBAL_FLAGS: readonly GlobalFlagSpec[] = [
	{ name: 'log_as_json', type: 'bool' },
	{ name: 'log_caller', type: 'string' },
	{ name: 'log_output_level', type: 'string' },
	{ name: 'log_stacktrace_level', type: 'string' },
	{ name: 'log_target', type: 'stringArray' },
	{ name: 'vklog', type: 'level' },
];
