// What istiod knows about the scenario's cluster, as the xDS generator sees it: Services with their
// ports' protocols and endpoints, and the sidecar proxies. Derived from a loaded Scenario only, so
// the dumps are a function of scenario.yaml and the pod manifests.

import type { Scenario } from '../scenario';
import type { PodManifest } from '../scenario/manifest';

/** Istio's protocol of a Service port (pkg/config/protocol); `UNSUPPORTED` means "sniff it". */
export type Protocol = 'HTTP' | 'HTTP2' | 'GRPC' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'UNSUPPORTED';

export interface MeshPort {
	readonly name: string;
	readonly port: number;
	readonly targetPort: number;
	readonly protocol: Protocol;
}

export interface MeshEndpoint {
	readonly ip: string;
	/** `istio.workload` of the EDS endpoint: name;namespace;canonical name;canonical revision;cluster. */
	readonly workload: string;
	/** The pod carries `security.istio.io/tlsMode: istio` (it has a sidecar). */
	readonly istioMtls: boolean;
	readonly serviceAccount?: string;
}

export interface MeshService {
	readonly name: string;
	readonly namespace: string;
	/** `reviews.default.svc.cluster.local`. */
	readonly hostname: string;
	readonly clusterIP: string;
	readonly ports: readonly MeshPort[];
	readonly endpoints: readonly MeshEndpoint[];
}

export interface Sidecar {
	readonly manifest: PodManifest;
	/** scenario.yaml's `pods[].configDump` path. */
	readonly dumpPath: string;
	/** The text of the pod's envoy-rev.json. */
	readonly bootstrap: string;
	readonly mode: 'REDIRECT' | 'TPROXY';
	/** When the istio-proxy container started (ms since the epoch). */
	readonly proxyStart: number;
}

export interface Mesh {
	readonly domain: string;
	readonly services: readonly MeshService[];
	readonly sidecars: readonly Sidecar[];
	/** The version and time of istiod's last push to every proxy (after the last sidecar got ready). */
	readonly push: { readonly version: string; readonly at: number };
	/** MeshConfig.accessLogFile (scenario.yaml's istio.accessLogFile); undefined: no access log. */
	readonly accessLogFile?: string;
	/** MeshConfig.outboundTrafficPolicy.mode: where traffic to hosts outside the registry goes. */
	readonly outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

const PROTOCOLS: Readonly<Record<string, Protocol>> = { http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC', https: 'HTTPS', tcp: 'TCP', tls: 'TLS', udp: 'UDP' };
/** Ports Istio treats as TCP when their name says nothing (pkg/config/kube/conversion.go). */
const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);

/** kube.ConvertProtocol: UDP stays UDP; the name's prefix before `-` decides; else well-known ports. */
export function portProtocol(port: number, name: string, proto: 'TCP' | 'UDP'): Protocol {
	if (proto === 'UDP') return 'UDP';
	const prefix = (name.split('-')[0] ?? '').toLowerCase();
	const p = PROTOCOLS[prefix];
	if (p !== undefined && p !== 'UDP') return p;
	return WELL_KNOWN_TCP.has(port) ? 'TCP' : 'UNSUPPORTED';
}

export const isHttp = (p: Protocol): boolean => p === 'HTTP' || p === 'HTTP2' || p === 'GRPC';

const selects = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
	Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** A Deployment's pod name without its ReplicaSet hash and random suffix. */
const deploymentOf = (podName: string): string => podName.split('-').slice(0, -2).join('-') || podName;

function workloadOf(name: string, namespace: string, labels: Readonly<Record<string, string>>): string {
	const canonical = labels['service.istio.io/canonical-name'] ?? '';
	const revision = labels['service.istio.io/canonical-revision'] ?? '';
	return `${name};${namespace};${canonical};${revision};Kubernetes`;
}

const startOf = (m: PodManifest): number => {
	const s = m.status.containerStatuses.find((c) => c.name === 'istio-proxy')?.state.running?.startedAt;
	return Date.parse(s ?? m.status.startTime);
};

/** istiod's push version, `time.Now().Format(time.RFC3339) + "/" + counter`. */
const pushVersion = (at: number, n: number): string => `${new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z')}/${n}`;

export function meshOf(scenario: Scenario): Mesh {
	const doc = scenario.doc;
	const pods = scenario.pods.filter((p) => !p.manifest.spec.hostNetwork);
	const services: MeshService[] = doc.services.map((s) => {
		const ports = s.ports.map((p) => ({ name: p.name ?? '', port: p.port, targetPort: p.targetPort ?? p.port, protocol: portProtocol(p.port, p.name ?? '', p.protocol) }));
		let endpoints: MeshEndpoint[];
		if (s.endpoints !== undefined) {
			// Endpoints without a pod behind them (the API server) have an empty workload.
			endpoints = s.endpoints.map((e) => ({ ip: e.ip, workload: ';;;;Kubernetes', istioMtls: false }));
		} else {
			const modelled = pods
				.filter((p) => p.manifest.metadata.namespace === s.namespace && selects(s.selector, p.manifest.metadata.labels))
				.map((p): MeshEndpoint => {
					const m = p.manifest;
					const proxy = m.spec.containers.find((c) => c.name === 'istio-proxy');
					const name = proxy?.env?.find((e) => e.name === 'ISTIO_META_WORKLOAD_NAME')?.value ?? deploymentOf(m.metadata.name);
					return { ip: m.status.podIP, workload: workloadOf(name, m.metadata.namespace, m.metadata.labels), istioMtls: m.metadata.labels['security.istio.io/tlsMode'] === 'istio', serviceAccount: m.spec.serviceAccountName };
				});
			const remote = doc.remotePods
				.filter((p) => p.namespace === s.namespace && selects(s.selector, p.labels))
				.map((p): MeshEndpoint => {
					// CoreDNS and istiod run under service accounts named like their Deployments.
					const name = deploymentOf(p.name);
					return { ip: p.ip, workload: workloadOf(name, p.namespace, p.labels), istioMtls: p.labels['security.istio.io/tlsMode'] === 'istio', serviceAccount: name };
				});
			endpoints = [...modelled, ...remote];
		}
		return { name: s.name, namespace: s.namespace, hostname: `${s.name}.${s.namespace}.svc.${doc.cluster.domain}`, clusterIP: s.clusterIP, ports, endpoints };
	});
	const sidecars: Sidecar[] = [];
	for (const p of scenario.pods) {
		const dumpPath = p.entry.configDump;
		const boot = p.entry.bootstrap === undefined ? undefined : scenario.files[p.entry.bootstrap]?.text;
		if (dumpPath === undefined || boot === undefined) continue;
		const mode = p.manifest.metadata.annotations['sidecar.istio.io/interceptionMode'] === 'TPROXY' ? 'TPROXY' : 'REDIRECT';
		sidecars.push({ manifest: p.manifest, dumpPath, bootstrap: boot, mode, proxyStart: startOf(p.manifest) });
	}
	// The last push that changed what a Bookinfo proxy sees: the last sidecar's endpoint turning
	// ready, about two seconds after its proxy started. One push per sidecar pod, after the
	// control plane's own start-up pushes.
	const lastReady = Math.max(...sidecars.map((s) => s.proxyStart + 2000));
	const accessLog = doc.istio.accessLogFile;
	return { domain: doc.cluster.domain, services, sidecars, push: { version: pushVersion(lastReady, 8 + sidecars.length), at: lastReady }, outboundTrafficPolicy: doc.istio.outboundTrafficPolicy.mode, ...(accessLog !== undefined ? { accessLogFile: accessLog } : {}) };
}
