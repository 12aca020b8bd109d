// `istioctl experimental describe pod POD` as istioctl 1.26 prints it (istioctl/pkg/describe):
// the pod (revision, ports, readiness and mesh warnings), each Service selecting it with its
// ports, the DestinationRule/VirtualService/RBAC names the pod's Envoy config points at, the
// effective PeerAuthentication, and the ingress gateway part. The world holds no Istio config
// objects (no DestinationRule, VirtualService, PeerAuthentication, Gateway), so every reference
// found in the dump resolves to nothing, as it would against an API server without them.

import { parseFlags, usageString, type CommandSpecData, type FlagSpec } from './cobra';
import { GLOBAL_FLAGS } from './commands';
import { notModelled } from './messages';
import type { Result } from './pc';
import type { DescribePodInput, IstioctlProvider, PodRef } from './provider';

const EXPERIMENTAL_MSG = 'THIS COMMAND IS UNDER ACTIVE DEVELOPMENT AND NOT READY FOR PRODUCTION USE.';

const POD_FLAGS: readonly FlagSpec[] = [
	{ name: 'ignoreUnmeshed', kind: 'bool', usage: 'Suppress warnings for unmeshed pods', def: false },
	{ name: 'revision', short: 'r', kind: 'string', usage: 'Control plane revision' },
];

export const DESCRIBE_POD: CommandSpecData = {
	use: 'pod <pod>',
	aliases: ['po'],
	short: 'Describe pods and their Istio configuration [kube-only]',
	long: `Analyzes pod, its Services, DestinationRules, and VirtualServices and reports\nthe configuration objects that affect that pod.\n\n${EXPERIMENTAL_MSG}`,
	example: '  istioctl experimental describe pod productpage-v1-c7765c886-7zzd4',
	flags: POD_FLAGS,
};

const DESCRIBE_SERVICE: CommandSpecData = { use: 'service <svc>', aliases: ['svc'], short: 'Describe services and their Istio configuration [kube-only]', flags: [] };

export const EXPERIMENTAL: CommandSpecData = {
	use: 'experimental',
	aliases: ['x', 'exp'],
	short: 'Experimental commands that may be modified or deprecated',
	long: 'Experimental commands that may be modified or deprecated',
	flags: [],
	subcommands: [{ use: 'describe', aliases: ['des'], short: 'Describe resource and related Istio configuration', long: 'Describe resource and related Istio configuration', flags: [], subcommands: [DESCRIBE_POD, DESCRIBE_SERVICE] }],
};

export const DESCRIBE = EXPERIMENTAL.subcommands?.[0];

type Obj = { readonly [key: string]: unknown };
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strMap = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x)]));
const SEP = '--------------------\n';

/** Runs `describe ARGS...` (argv after `experimental describe`, flags included). */
export function describePod(argv: readonly string[], provider: IstioctlProvider, namespace: string | undefined, lang: 'en' | 'zh' = 'en'): Result {
	const describe = DESCRIBE as CommandSpecData;
	const p = parseFlags(argv, [...POD_FLAGS, ...GLOBAL_FLAGS]);
	if (!p.ok) return { stdout: '', stderr: `Error: ${p.error}\n`, exitCode: 64 };
	const kind = p.args[0];
	const sub = kind === undefined ? undefined : describe.subcommands?.find((c) => c.use.split(' ')[0] === kind || (c.aliases ?? []).includes(kind));
	if (sub === undefined) {
		if (kind !== undefined) return { stdout: '', stderr: `Error: unknown resource type "${kind}"\n`, exitCode: 1 };
		return { stdout: `${describe.long as string}\n\n${usageString('istioctl experimental describe', describe, [], GLOBAL_FLAGS)}`, stderr: '', exitCode: 0 };
	}
	if (sub !== DESCRIBE_POD) return { stdout: '', stderr: notModelled(lang, 'experimental describe service', 'experimental describe pod'), exitCode: 1 };
	if (p.help) return { stdout: `${DESCRIBE_POD.long as string}\n\n${usageString('istioctl experimental describe pod', DESCRIBE_POD, POD_FLAGS, GLOBAL_FLAGS)}`, stderr: '', exitCode: 0 };
	const ns = p.values.has('namespace') ? String(p.values.get('namespace')) : (namespace ?? '');
	const describeNs = ns === '' ? provider.defaultNamespace : ns;
	const args = p.args.slice(1);
	if (args.length !== 1) return { stdout: '', stderr: 'Error: expecting pod name\n', exitCode: 1 };
	const ref = inferPod(args[0] as string, describeNs);
	const input = provider.describePod?.(ref);
	if (input === undefined) return { stdout: '', stderr: `Error: pods "${ref.name}" not found\n`, exitCode: 1 };
	return renderDescribe(input, describeNs, p.values.get('ignoreUnmeshed') === true, provider.istioVersion, lang);
}

/** handlers.InferPodInfo: NAME[.NAMESPACE], the namespace after the last dot. */
function inferPod(arg: string, namespace: string): PodRef {
	const slash = arg.lastIndexOf('/');
	const from = slash > 0 ? slash : 0;
	const dot = arg.slice(from).lastIndexOf('.');
	if (dot < 0) return { name: arg, namespace };
	return { name: arg.slice(0, from + dot), namespace: arg.slice(from + dot + 1) };
}

/** Everything after the argument checks: pure over the API objects and the dump. */
export function renderDescribe(input: DescribePodInput, describeNs: string, ignoreUnmeshed: boolean, istioVersion: string, lang: 'en' | 'zh' = 'en'): Result {
	const pod = obj(input.manifest);
	const meta = obj(pod.metadata);
	const kname = (m: Obj): string => (str(m.namespace) === describeNs ? str(m.name) : `${str(m.name)}.${str(m.namespace)}`);
	const labels = strMap(meta.labels);
	let out = printPod(pod, kname, ignoreUnmeshed, istioVersion);

	const matching = input.services.map(obj).filter((svc) => {
		const selector = strMap(obj(svc.spec).selector);
		const keys = Object.keys(selector);
		return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
	});
	if (matching.length === 0 && !ignoreUnmeshed) out += `Warning: No Kubernetes Services select pod ${kname(meta)} (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )\n`;
	out += SEP;
	if (input.configDump === undefined) {
		if (!ignoreUnmeshed) return { stdout: out, stderr: `Error: failed to execute command on sidecar: failure running port forward process: unable to listen on any of the requested ports: [{15000 15000}]\n`, exitCode: 1 };
	} else {
		let dump: Obj;
		try {
			dump = obj(JSON.parse(input.configDump));
		} catch (e) {
			return { stdout: out, stderr: `Error: can't parse sidecar config_dump for ${(e as Error).message}: ${str(meta.name)}\n`, exitCode: 1 };
		}
		matching.forEach((svc, row) => {
			if (row !== 0) out += SEP;
			out += describeService(svc, pod, dump, kname);
		});
	}
	out += SEP;
	// No PeerAuthentication in the root or the workload namespace: the mesh default.
	out += 'Effective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\n';
	if (input.ingressGatewayPods !== true) return { stdout: `${out}Skipping Gateway information (no ingress gateway pods)\n`, stderr: '', exitCode: 0 };
	// istioctl would go on through the gateways' config dumps, which this terminal does not model.
	const notice = lang === 'zh' ? 'istioctl experimental describe pod：本终端不分析 ingress gateway 部分\n' : 'istioctl experimental describe pod: the ingress gateway part is not available in this terminal\n';
	return { stdout: out, stderr: notice, exitCode: 0 };
}

function printPod(pod: Obj, kname: (m: Obj) => string, ignoreUnmeshed: boolean, istioVersion: string): string {
	const meta = obj(pod.metadata);
	const spec = obj(pod.spec);
	const status = obj(pod.status);
	let out = '';
	const ports: string[] = [];
	for (const c of arr(spec.containers).map(obj)) {
		for (const port of arr(c.ports).map(obj)) {
			const proto = str(port.protocol) === '' ? 'TCP' : str(port.protocol);
			ports.push(`${str(port.containerPort)}${proto === 'TCP' ? '' : `/${proto}`} (${str(c.name)})`);
		}
		if (str(c.name) !== 'istio-proxy' && str(c.name) !== 'istio-operator' && obj(c.securityContext).runAsUser === 1337) out += 'WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\n';
	}
	out += `Pod: ${kname(meta)}\n`;
	out += `   Pod Revision: ${revisionOf(strMap(meta.annotations))}\n`;
	out += ports.length > 0 ? `   Pod Ports: ${ports.join(', ')}\n` : '   Pod does not expose ports\n';
	const phase = str(status.phase);
	if (phase !== 'Running') return `${out}   Pod is not Running (${phase})\n`;
	for (const cs of arr(status.containerStatuses).map(obj)) if (cs.ready !== true) out += `WARNING: Pod ${kname(meta)} Container ${str(cs.name)} NOT READY\n`;
	for (const cs of arr(status.initContainerStatuses).map(obj)) if (cs.ready !== true) out += `WARNING: Pod ${kname(meta)} Init Container ${str(cs.name)} NOT READY\n`;
	if (ignoreUnmeshed) return out;
	const meshed = [...arr(spec.containers), ...arr(spec.initContainers)].some((c) => str(obj(c).name) === 'istio-proxy');
	if (!meshed) return `${out}WARNING: ${kname(meta)} is not part of mesh; no Istio sidecar\n`;
	if (obj(spec.securityContext).runAsUser === 1337) out += '   WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\n';
	const labels = strMap(meta.labels);
	// url.DeploymentRequirements: the docs of istioctl's own minor version.
	const requirements = `https://istio.io/v${istioVersion.split('.').slice(0, 2).join('.')}/docs/ops/deployment/requirements/`;
	if (!['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'].some((k) => k in labels)) out += `Suggestion: add required service name label for Istio telemetry. See ${requirements}.\n`;
	if (!['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'].some((k) => k in labels)) out += `Suggestion: add required service revision label for Istio telemetry. See ${requirements}.\n`;
	return out;
}

/** GetRevisionFromPodAnnotation: istio.io/rev, else the injection status's revision. */
function revisionOf(annotations: Record<string, string>): string {
	if ('istio.io/rev' in annotations) return annotations['istio.io/rev'] as string;
	try {
		return str(obj(JSON.parse(annotations['sidecar.istio.io/status'] ?? '')).revision);
	} catch {
		return '';
	}
}

const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);
const PROTOCOLS: Readonly<Record<string, string>> = { tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY', http2: 'HTTP2', https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL' };

/** findProtocolForPort / kube.ConvertProtocol. */
function protocolOf(port: Obj): string {
	const name = str(port.name);
	const appProtocol = typeof port.appProtocol === 'string' ? port.appProtocol : undefined;
	if (name === '' && appProtocol === undefined) return 'auto-detect';
	let n = appProtocol ?? name;
	const k8s: Readonly<Record<string, string>> = { 'kubernetes.io/h2c': 'HTTP2', 'kubernetes.io/ws': 'HTTP', 'kubernetes.io/wss': 'HTTPS' };
	if (appProtocol !== undefined && k8s[n] !== undefined) return k8s[n] as string;
	if (n.length >= 8 && n.slice(0, 8).toLowerCase() === 'grpc-web') return 'GRPC-Web';
	const dash = n.indexOf('-');
	if (dash >= 0) n = n.slice(0, dash);
	const p = PROTOCOLS[n.toLowerCase()];
	if (p !== undefined) return p;
	if (WELL_KNOWN_TCP.has(Number(port.port))) return 'TCP';
	return appProtocol === 'hbone' ? 'HBONE' : 'UnsupportedProtocol';
}

/** pilot's FindPort: a numeric targetPort as is, a named one from the containers' ports. */
function targetPortOf(pod: Obj, port: Obj): number | undefined {
	const target = port.targetPort ?? port.port;
	if (typeof target === 'number') return target;
	const proto = str(port.protocol) || 'TCP';
	for (const c of arr(obj(pod.spec).containers).map(obj)) {
		for (const cp of arr(c.ports).map(obj)) if (str(cp.name) === target && (str(cp.protocol) || 'TCP') === proto) return Number(cp.containerPort);
	}
	return undefined;
}

function describeService(svc: Obj, pod: Obj, dump: Obj, kname: (m: Obj) => string): string {
	const meta = obj(svc.metadata);
	const ports = arr(obj(svc.spec).ports).map(obj);
	let out = `Service: ${kname(meta)}\n`;
	for (const port of ports) {
		if ((str(port.protocol) || 'TCP') !== 'TCP') continue;
		const target = targetPortOf(pod, port);
		out += target === undefined ? `   no suitable port for manifest: ${str(obj(pod.metadata).uid)}\n` : `   Port: ${str(port.name)} ${str(port.port)}/${protocolOf(port)} targets pod port ${target}\n`;
	}
	const many = ports.length > 1;
	const name = str(meta.name);
	const ns = str(meta.namespace);
	for (const port of ports) {
		const n = Number(port.port);
		if (many) out += `${n}:\n`;
		const dr = parseConfigPath(destinationRulePath(dump, `${name}.${ns}.svc.cluster.local`, n), 'destination-rule');
		if (dr !== undefined) out += `WARNING: Proxy is stale; it references to non-existent destination rule ${dr.name}.${dr.namespace}\n`;
		const vs = parseConfigPath(virtualServicePath(dump, name, ns, n), 'virtual-service');
		if (vs !== undefined) out += `WARNING: Proxy is stale; it references to non-existent virtual service ${vs.name}.${vs.namespace}\n`;
		const policies = rbacPolicies(dump);
		if (policies.length > 0) out += `${many ? `${n} ` : ''}RBAC policies: ${policies.join(', ')}\n`;
	}
	return out;
}

const section = (dump: Obj, type: string): Obj => obj(arr(dump.configs).find((c) => str(obj(c)['@type']).endsWith(`.${type}`)));
const field = (o: Obj, camel: string, snake: string): unknown => o[camel] ?? o[snake];
const istioConfig = (metadata: unknown): string | undefined => {
	if (metadata === undefined) return undefined;
	return str(obj(obj(field(obj(metadata), 'filterMetadata', 'filter_metadata')).istio).config);
};

function parseConfigPath(path: string | undefined, kind: string): { name: string; namespace: string } | undefined {
	if (path === undefined || path === '') return undefined;
	const m = new RegExp(`/apis/networking(\\.istio\\.io)?/v1(?:alpha3)?/namespaces/([^/]+)/${kind}/([^/]+)`).exec(path);
	return m === null ? undefined : { name: m[3] as string, namespace: m[2] as string };
}

/** The `istio.config` metadata of the outbound cluster of HOST:PORT, if any. */
function destinationRulePath(dump: Obj, host: string, port: number): string | undefined {
	for (const dac of arr(field(section(dump, 'ClustersConfigDump'), 'dynamicActiveClusters', 'dynamic_active_clusters')).map(obj)) {
		const cluster = obj(dac.cluster);
		const parts = str(cluster.name).split('|');
		if (parts.length === 4 && parts[0] === 'outbound' && parts[1] === String(port) && parts[3] === host) return istioConfig(cluster.metadata) ?? '';
	}
	return undefined;
}

/** The `istio.config` metadata of the first route to the service in its port's route config. */
function virtualServicePath(dump: Obj, name: string, ns: string, port: number): string | undefined {
	const domainRe = /([^.]+)\.([^.]+)\.svc\.cluster\.local$/;
	const clusterRe = new RegExp(`outbound\\|${port}\\|[^|]*\\|([^.]+)\\.([^.]+)\\.svc\\.cluster\\.local$`);
	for (const rc of arr(field(section(dump, 'RoutesConfigDump'), 'dynamicRouteConfigs', 'dynamic_route_configs')).map(obj)) {
		const route = obj(field(rc, 'routeConfig', 'route_config'));
		const rname = str(route.name);
		if (rname !== String(port) && !rname.startsWith('http.') && !rname.startsWith('https.')) continue;
		for (const vh of arr(field(route, 'virtualHosts', 'virtual_hosts')).map(obj)) {
			const byDomain = arr(vh.domains).some((d) => {
				const m = domainRe.exec(str(d));
				return m !== null && m[1] === name && m[2] === ns;
			});
			for (const r of arr(vh.routes).map(obj)) {
				const action = obj(r.route);
				const weighted = obj(field(action, 'weightedClusters', 'weighted_clusters'));
				const cluster = str(action.cluster) || str(obj(arr(weighted.clusters)[0]).name);
				const m = clusterRe.exec(cluster);
				if (byDomain || (m !== null && m[1] === name && m[2] === ns)) return istioConfig(r.metadata);
			}
		}
	}
	return undefined;
}

/** Policy names of the RBAC filter in virtualInbound's first HTTP connection manager. */
function rbacPolicies(dump: Obj): string[] {
	for (const dl of arr(field(section(dump, 'ListenersConfigDump'), 'dynamicListeners', 'dynamic_listeners')).map(obj)) {
		const listener = obj(obj(field(dl, 'activeState', 'active_state')).listener);
		if (str(listener.name) !== 'virtualInbound') continue;
		for (const chain of arr(field(listener, 'filterChains', 'filter_chains')).map(obj)) {
			for (const f of arr(chain.filters).map(obj)) {
				const tc = obj(field(f, 'typedConfig', 'typed_config'));
				if (!str(tc['@type']).endsWith('.HttpConnectionManager')) continue;
				for (const hf of arr(field(tc, 'httpFilters', 'http_filters')).map(obj)) {
					if (str(hf.name) !== 'envoy.filters.http.rbac') continue;
					return Object.keys(obj(obj(obj(field(hf, 'typedConfig', 'typed_config')).rules).policies)).sort();
				}
				return [];
			}
		}
	}
	return [];
}
