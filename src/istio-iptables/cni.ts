// The istio-cni node plugin's sidecar path (cni/pkg/plugin/sidecar_redirect.go and
// sidecar_iptables_linux.go): when a sidecar pod's sandbox is created, the plugin reads the pod's
// annotations and its istio-proxy container, and programs the same rules istio-init would, from
// the host. Differences from istio-init worth teaching: outbound port 15020 is excluded by
// default, DNS capture means "all port 53" (the plugin cannot read the pod's resolv.conf), and the
// proxy UID/GID come from the container's securityContext.

import { portError, cidrListError, interfaceNamesError } from './annotation-checks';
import { defaultConfig, type IptablesConfig } from './config';
import { DEFAULT_POD_ENVIRONMENT, fillFromEnvironment, type PodEnvironment } from './environment';
import { goQuote, parseGoBool } from './go-text';
import { err, ok, type Result } from './types';

/** What the plugin reads from the Kubernetes API about a sidecar pod. */
export interface SidecarPod {
	readonly annotations: Readonly<Record<string, string>>;
	/** Environment of the istio-proxy container (ISTIO_META_DNS_CAPTURE, INVALID_DROP, ISTIO_DUAL_STACK). */
	readonly proxyEnv: Readonly<Record<string, string>>;
	/** istio-proxy securityContext.runAsUser / runAsGroup; unset or 0 means 1337. */
	readonly runAsUser?: number;
	readonly runAsGroup?: number;
}

type Check = (value: string) => string | null;

function portList(ports: string): string | null {
	const trimmed = ports.trim();
	if (trimmed === '') return null;
	for (const port of trimmed.split(',')) {
		const e = portError(port);
		if (e !== null) return `portList ${goQuote(ports)} invalid: failed parsing port ${goQuote(port)}: ${e}`;
	}
	return null;
}

const portListOrWildcard: Check = (v) => (v === '*' ? null : portList(v));
const cidrsOrWildcard: Check = (v) => {
	if (v === '*') return null;
	const e = cidrListError(v);
	return e === null ? null : `IPRanges invalid: ${e}`;
};

/** The plugin's annotation registry: annotation, default when absent, check when present. */
const ANNOTATIONS = {
	redirectMode: ['sidecar.istio.io/interceptionMode', 'REDIRECT', (v: string) => (v === 'REDIRECT' || v === 'TPROXY' ? null : `interceptionMode invalid: ${v}`)],
	includeIPCidrs: ['traffic.sidecar.istio.io/includeOutboundIPRanges', '*', cidrsOrWildcard],
	excludeIPCidrs: ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '', cidrListError],
	excludeInboundPorts: ['traffic.sidecar.istio.io/excludeInboundPorts', '15020', portListOrWildcard],
	includeInboundPorts: ['traffic.sidecar.istio.io/includeInboundPorts', '*', portListOrWildcard],
	// The plugin's default reuses the status-port constant (defaultRedirectExcludePort = 15020),
	// which istio-init's arguments never set: the visible CNI-only `-p tcp/udp --dport 15020 RETURN`.
	excludeOutboundPorts: ['traffic.sidecar.istio.io/excludeOutboundPorts', '15020', portListOrWildcard],
	includeOutboundPorts: ['traffic.sidecar.istio.io/includeOutboundPorts', '', portListOrWildcard],
	excludeInterfaces: ['traffic.sidecar.istio.io/excludeInterfaces', '', interfaceNamesError],
	'reroute-virtual-interfaces': ['istio.io/reroute-virtual-interfaces', '', interfaceNamesError],
	kubevirtInterfaces: ['traffic.sidecar.istio.io/kubevirtInterfaces', '', interfaceNamesError],
} as const satisfies Record<string, readonly [string, string, Check]>;

type AnnotationName = keyof typeof ANNOTATIONS;

/** getAnnotationOrDefault, with NewRedirect's error wording. */
function annotation(pod: SidecarPod, name: AnnotationName): Result<{ found: boolean; value: string }> {
	const [key, fallback, check] = ANNOTATIONS[name];
	if (!Object.hasOwn(pod.annotations, key)) return ok({ found: false, value: fallback });
	const value = pod.annotations[key] ?? '';
	const problem = (check as Check)(value);
	if (problem !== null) return err(`annotation value error for value ${name}; annotationFound = true: ${problem}`);
	return ok({ found: true, value });
}

/** Keeps the first occurrence of each port (dedupPorts). */
function dedup(ports: string[]): string[] {
	return ports.filter((p, i) => ports.indexOf(p) === i);
}

/** A boolean from the proxy's environment; an unparsable value is logged and counts as false. */
function proxyFlag(pod: SidecarPod, name: string, what: string, warnings: string[]): boolean {
	const value = pod.proxyEnv[name];
	if (value === undefined) return false;
	const parsed = parseGoBool(value);
	if (!parsed.ok) warnings.push(`cannot parse ${what} environment variable ${parsed.error}`);
	return parsed.ok && parsed.value;
}

export interface CniRedirect {
	readonly config: IptablesConfig;
	/** Plugin log lines (unparsable environment values). */
	readonly warnings: readonly string[];
}

/** NewRedirect + Program: the configuration the plugin hands to the rule builder. */
export function cniRedirect(pod: SidecarPod, netns = '/var/run/netns/pod'): Result<CniRedirect> {
	const values: Partial<Record<AnnotationName, string>> = {};
	for (const name of ['redirectMode', 'includeIPCidrs', 'excludeIPCidrs', 'excludeInboundPorts', 'includeInboundPorts', 'excludeOutboundPorts', 'includeOutboundPorts', 'excludeInterfaces'] as const) {
		const a = annotation(pod, name);
		if (!a.ok) return err(a.error);
		values[name] = a.value.value;
	}
	// The current annotation wins; the deprecated kubevirtInterfaces is read only without it.
	const reroute = annotation(pod, 'reroute-virtual-interfaces');
	if (!reroute.ok) return err(reroute.error);
	const virt = reroute.value.found ? reroute : annotation(pod, 'kubevirtInterfaces');
	if (!virt.ok) return err(virt.error);

	// Envoy's metrics (15090), health (15021) and agent (15020) ports are never captured inbound,
	// matching the injector's -d; the user's list comes first.
	let excludeInbound = (values.excludeInboundPorts ?? '').trim();
	if (excludeInbound !== '' && !excludeInbound.endsWith(',')) excludeInbound += ',';
	excludeInbound = dedup(`${excludeInbound}15020,15021,15090`.split(',')).join(',');

	const warnings: string[] = [];
	const dns = proxyFlag(pod, 'ISTIO_META_DNS_CAPTURE', 'DNS capture', warnings);
	const dualStack = proxyFlag(pod, 'ISTIO_DUAL_STACK', 'dual stack', warnings);
	const invalidDrop = proxyFlag(pod, 'INVALID_DROP', 'invalid drop', warnings);
	const owner = (id: number | undefined): string => (id === undefined || id === 0 ? '1337' : String(id));

	const config: IptablesConfig = {
		...defaultConfig(),
		cniMode: true,
		networkNamespace: netns,
		proxyPort: '15001',
		proxyUID: owner(pod.runAsUser),
		proxyGID: owner(pod.runAsGroup),
		inboundInterceptionMode: values.redirectMode ?? 'REDIRECT',
		outboundIPRangesInclude: values.includeIPCidrs ?? '*',
		inboundPortsExclude: excludeInbound,
		inboundPortsInclude: values.includeInboundPorts ?? '*',
		excludeInterfaces: values.excludeInterfaces ?? '',
		outboundPortsExclude: values.excludeOutboundPorts ?? '15020',
		outboundPortsInclude: values.includeOutboundPorts ?? '',
		outboundIPRangesExclude: values.excludeIPCidrs ?? '',
		rerouteVirtualInterfaces: virt.value.value,
		redirectDNS: dns,
		captureAllDNS: dns,
		dropInvalid: invalidDrop,
		dualStack,
	};
	return ok({ config, warnings });
}

/**
 * The whole plugin step up to the rule builder: the Redirect, then FillConfigFromEnvironment run
 * inside the pod's network namespace (so IPv6 follows the pod's addresses) with the plugin
 * process's own environment (owner groups, loopback CIDR).
 */
export function cniPluginConfig(pod: SidecarPod, netnsEnv: PodEnvironment = { ...DEFAULT_POD_ENVIRONMENT, env: {} }): Result<IptablesConfig> {
	const redirect = cniRedirect(pod);
	if (!redirect.ok) return err(redirect.error);
	return fillFromEnvironment(redirect.value.config, netnsEnv);
}
