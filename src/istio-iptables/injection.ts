// Pod annotations -> the istio-init container's arguments, as the sidecar injector's template
// (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml) writes them at the
// snapshot commit. The template reads each setting from the pod's annotation when present (even
// if empty) and otherwise from the mesh-wide Helm values; istio-iptables never sees annotations.

import { cidrListError, interfaceNamesError, portError } from './annotation-checks';
import { err, ok, type Result } from './types';

/** The Helm values and mesh config the template falls back on (values.yaml defaults). */
export interface InjectionValues {
	/** meshConfig.defaultConfig.interceptionMode (ProxyConfig.InterceptionMode). */
	readonly interceptionMode: string;
	/** meshConfig.proxyListenPort / proxyInboundListenPort; 0 means unset (template default). */
	readonly proxyListenPort: number;
	readonly proxyInboundListenPort: number;
	/** The injector's ProxyUID (1337 unless the platform assigns one). */
	readonly proxyUID: string;
	/** global.proxy.* */
	readonly includeIPRanges: string;
	readonly excludeIPRanges: string;
	readonly includeInboundPorts: string;
	readonly excludeInboundPorts: string;
	readonly statusPort: number;
	readonly includeOutboundPorts: string;
	readonly excludeOutboundPorts: string;
	/** global.logging.level, global.logAsJson */
	readonly logLevel: string;
	readonly logAsJson: boolean;
	/** pilot.cni.enabled: the init container only validates (istio-validation). */
	readonly cniEnabled: boolean;
	/** global.proxy_init.forceApplyIptables, global.nativeNftables */
	readonly forceApplyIptables: boolean;
	readonly nativeNftables: boolean;
}

export const DEFAULT_INJECTION_VALUES: InjectionValues = {
	interceptionMode: 'REDIRECT',
	proxyListenPort: 0,
	proxyInboundListenPort: 0,
	proxyUID: '1337',
	includeIPRanges: '*',
	excludeIPRanges: '',
	includeInboundPorts: '*',
	excludeInboundPorts: '',
	statusPort: 15020,
	includeOutboundPorts: '',
	excludeOutboundPorts: '',
	logLevel: 'default:info',
	logAsJson: false,
	cniEnabled: false,
	forceApplyIptables: false,
	nativeNftables: false,
};

export const ANNOTATION = {
	interceptionMode: 'sidecar.istio.io/interceptionMode',
	statusPort: 'status.sidecar.istio.io/port',
	includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
	excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
	includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
	excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
	includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
	excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
	kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
	rerouteVirtualInterfaces: 'istio.io/reroute-virtual-interfaces',
	excludeInterfaces: 'traffic.sidecar.istio.io/excludeInterfaces',
	agentLogLevel: 'sidecar.istio.io/agentLogLevel',
} as const;

type Annotations = Readonly<Record<string, string>>;

/** validate.go's validatePortList: each port wrapped twice, as Istio does. */
function portListProblem(parameter: string, ports: string): string | null {
	const trimmed = ports.trim();
	if (trimmed === '') return null;
	for (const port of trimmed.split(',')) {
		const e = portError(port);
		if (e !== null) return `${parameter} invalid: failed parsing port '${port}': failed parsing port '${port}': ${e}`;
	}
	return null;
}

/** The injector's annotation checks relevant to traffic capture (validate.go AnnotationValidation). */
const CHECKS: Readonly<Record<string, (value: string) => string | null>> = {
	[ANNOTATION.interceptionMode]: (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? null : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`),
	[ANNOTATION.statusPort]: (v) => {
		const e = portError(v);
		return e === null ? null : `excludeInboundPorts invalid: failed parsing port '${v}': ${e}`;
	},
	[ANNOTATION.includeOutboundIPRanges]: (v) => {
		const e = v === '*' ? null : cidrListError(v);
		return e === null ? null : `includeIPRanges invalid: ${e}`;
	},
	[ANNOTATION.excludeOutboundIPRanges]: (v) => {
		const e = cidrListError(v);
		return e === null ? null : `excludeIPRanges invalid: ${e}`;
	},
	[ANNOTATION.includeInboundPorts]: (v) => (v === '*' ? null : portListProblem('includeInboundPorts', v)),
	[ANNOTATION.excludeInboundPorts]: (v) => portListProblem('excludeInboundPorts', v),
	[ANNOTATION.excludeOutboundPorts]: (v) => portListProblem('excludeOutboundPorts', v),
	[ANNOTATION.excludeInterfaces]: interfaceNamesError,
	[ANNOTATION.kubevirtInterfaces]: interfaceNamesError,
	[ANNOTATION.rerouteVirtualInterfaces]: interfaceNamesError,
};

/**
 * validateAnnotations: every bad annotation is reported (hashicorp/go-multierror's list format).
 * Go walks the map in random order; we sort by annotation name to stay deterministic.
 */
export function validateAnnotations(annotations: Annotations): string | null {
	const problems: string[] = [];
	for (const name of Object.keys(annotations).sort()) {
		const check = CHECKS[name];
		const value = annotations[name] ?? '';
		const problem = check === undefined ? null : check(value);
		if (problem !== null) problems.push(`invalid value '${value}' for annotation '${name}': ${problem}`);
	}
	if (problems.length === 0) return null;
	const head = problems.length === 1 ? '1 error occurred' : `${problems.length} errors occurred`;
	return `${head}:\n\t${problems.map((p) => `* ${p}`).join('\n\t')}\n\n`;
}

/** The template's `annotation` function: the annotation if present, even empty, else the default. */
function annotationOr(annotations: Annotations, name: string, fallback: string): string {
	return Object.hasOwn(annotations, name) ? (annotations[name] ?? '') : fallback;
}

/**
 * excludeInboundPort: adds the status port (the agent's 15020, whose health/probe endpoints must
 * stay reachable) to the excluded ports unless it is there already; "" or "0" adds nothing.
 */
export function excludeInboundPort(statusPort: string, excluded: string): string {
	const port = statusPort.trim();
	if (port === '' || port === '0') return excluded;
	const kept: string[] = [];
	for (const item of excluded.split(',')) {
		if (item === port) return excluded;
		if (item.trim() !== '') kept.push(item.trim());
	}
	return [...kept, port].join(',');
}

export interface InitContainer {
	/** istio-init programs the rules; with istio-cni, istio-validation only checks them. */
	readonly name: 'istio-init' | 'istio-validation';
	/** args, starting with the sub-command name `istio-iptables`. */
	readonly args: readonly string[];
}

/**
 * The init container the injector adds for `annotations`, or null when interceptionMode is NONE
 * (no traffic capture, so no init container). Invalid annotations make injection fail.
 */
export function injectInitContainer(annotations: Annotations, values: InjectionValues = DEFAULT_INJECTION_VALUES): Result<InitContainer | null> {
	const invalid = validateAnnotations(annotations);
	if (invalid !== null) return err(invalid);
	const get = (name: string, fallback: string): string => annotationOr(annotations, name, fallback);
	const mode = get(ANNOTATION.interceptionMode, values.interceptionMode);
	if (mode === 'NONE') return ok(null);

	// Envoy's metrics (15090) and health (15021) ports are always excluded inbound, plus the
	// status port unless the user's list already has it.
	const statusExcluded = excludeInboundPort(get(ANNOTATION.statusPort, String(values.statusPort)), get(ANNOTATION.excludeInboundPorts, values.excludeInboundPorts));
	const args = [
		'istio-iptables',
		'-p',
		String(values.proxyListenPort || 15001),
		'-z',
		String(values.proxyInboundListenPort || 15006),
		// TPROXY pods always say 1337 here, whatever ProxyUID the injector computed.
		'-u',
		mode === 'TPROXY' ? '1337' : values.proxyUID || '1337',
		'-m',
		mode,
		'-i',
		get(ANNOTATION.includeOutboundIPRanges, values.includeIPRanges),
		'-x',
		get(ANNOTATION.excludeOutboundIPRanges, values.excludeIPRanges),
		'-b',
		get(ANNOTATION.includeInboundPorts, values.includeInboundPorts),
		'-d',
		statusExcluded === '' ? '15090,15021' : `15090,15021,${statusExcluded}`,
	];
	// -q and -o appear only when the annotation exists or the mesh sets a default.
	if (Object.hasOwn(annotations, ANNOTATION.includeOutboundPorts) || values.includeOutboundPorts !== '') {
		args.push('-q', get(ANNOTATION.includeOutboundPorts, values.includeOutboundPorts));
	}
	if (Object.hasOwn(annotations, ANNOTATION.excludeOutboundPorts) || values.excludeOutboundPorts !== '') {
		args.push('-o', get(ANNOTATION.excludeOutboundPorts, values.excludeOutboundPorts));
	}
	// The current virtual-interface annotation wins over the deprecated kubevirtInterfaces.
	const virt = annotations[ANNOTATION.rerouteVirtualInterfaces] ?? annotations[ANNOTATION.kubevirtInterfaces];
	if (virt !== undefined) args.push('-k', virt);
	const excludeNics = annotations[ANNOTATION.excludeInterfaces];
	if (excludeNics !== undefined) args.push('-c', excludeNics);
	args.push(`--log_output_level=${get(ANNOTATION.agentLogLevel, values.logLevel)}`);
	if (values.logAsJson) args.push('--log_as_json');
	// With istio-cni the node plugin already programmed the pod; the container only checks.
	if (values.cniEnabled) args.push('--run-validation', '--skip-rule-apply');
	else if (values.forceApplyIptables) args.push('--force-apply');
	if (values.nativeNftables) args.push('--native-nftables');
	return ok({ name: values.cniEnabled ? 'istio-validation' : 'istio-init', args });
}

/**
 * Shell form of the arguments for display: empty words as "", words with shell-special
 * characters in single quotes (`'*'`), everything else bare.
 */
export function shellQuote(args: readonly string[]): string {
	return args
		.map((a) => {
			if (a === '') return '""';
			if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a)) return a;
			return `'${a.replaceAll("'", "'\\''")}'`;
		})
		.join(' ');
}
