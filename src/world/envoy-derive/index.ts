// Derives each sidecar's Envoy /config_dump?include_eds from a loaded scenario: what Istio 1.26.3's
// xDS generator sends a Bookinfo sidecar (clusters, listeners, routes, endpoints, secrets) on top
// of the pod's own bootstrap, printed as Envoy 1.34 prints it. The dumps are a pure function of
// scenario.yaml, the pod manifests, their envoy-rev.json and Istio's test certificates, so the
// derived-files test regenerates and checks them (docs/scenarios.md, "Provenance").

import type { Scenario } from '../scenario';
import { bootstrapConfig } from './bootstrap';
import { dynamicClusters, edsClusters } from './clusters';
import { dynamicListeners } from './listeners';
import { meshOf, type Mesh, type MeshService, type Sidecar } from './mesh';
import { any, render, socketAddress, timestamp, type Json, type Obj } from './proto';
import { outboundRouteConfig, outboundRouteNames } from './routes';

export { meshOf, type Mesh, type Sidecar } from './mesh';

const ADMIN = 'envoy.admin.v3';

/** The two secrets SDS serves, taken from Istio's istioctl test data (keys redacted upstream). */
export interface TestSecrets {
	readonly certificateChain: string;
	readonly trustedCa: string;
	readonly privateKey: string;
}

/** Reads the `default` and `ROOTCA` secrets out of a SecretsConfigDump (snake_case or camelCase). */
export function testSecrets(dumpText: string): TestSecrets {
	const dump = JSON.parse(dumpText) as { configs: Record<string, unknown>[] };
	const sds = dump.configs.find((c) => c['@type'] === `type.googleapis.com/${ADMIN}.SecretsConfigDump`) ?? {};
	const active = (sds.dynamic_active_secrets ?? sds.dynamicActiveSecrets) as { name: string; secret: Record<string, Record<string, Record<string, string>>> }[];
	const get = (name: string): Record<string, Record<string, Record<string, string>>> => active.find((s) => s.name === name)?.secret ?? {};
	const cert = get('default').tls_certificate ?? {};
	const ca = get('ROOTCA').validation_context ?? {};
	return { certificateChain: cert.certificate_chain?.inline_bytes ?? '', privateKey: cert.private_key?.inline_bytes ?? '', trustedCa: ca.trusted_ca?.inline_bytes ?? '' };
}

// Offsets of Envoy's own timeline from the istio-proxy container's start, fixed so the dumps are
// deterministic: the server is up after ~0.3 s, SDS answers within the first second.
const BOOT_MS = 287;
const STATIC_MS = 301;
const SDS_MS = 912;
/** How long after istiod's last push Envoy had applied it. */
const APPLY_MS = 118;

function lbEndpoint(address: Obj, metadata?: Obj): Obj {
	return { endpoint: { address, healthCheckConfig: {} }, healthStatus: 'HEALTHY', ...(metadata === undefined ? {} : { metadata }), loadBalancingWeight: 1 };
}

function loadAssignment(name: string, lbEndpoints: Obj[]): Obj {
	return {
		'@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
		clusterName: name,
		...(lbEndpoints.length === 0 ? {} : { endpoints: [{ locality: {}, lbEndpoints, loadBalancingWeight: lbEndpoints.length }] }),
		policy: { overprovisioningFactor: 140 },
	};
}

function edsAssignment(name: string, s: MeshService, port: number): Obj {
	const key = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
	const eps = [...s.endpoints].sort((a, b) => key(a.ip) - key(b.ip));
	return loadAssignment(
		name,
		eps.map((e) => lbEndpoint(socketAddress(e.ip, port), { filterMetadata: { ...(e.istioMtls ? { 'envoy.transport_socket_match': { tlsMode: 'istio' } } : {}), istio: { workload: e.workload } } })),
	);
}

/** The whole dump of one sidecar, as `curl localhost:15000/config_dump?include_eds` prints it. */
export function configDump(mesh: Mesh, pod: Sidecar, secrets: TestSecrets): string {
	const ns = pod.manifest.metadata.namespace;
	const boot = bootstrapConfig(pod.bootstrap);
	const at = (ms: number): string => timestamp(pod.proxyStart + ms);
	const pushed = timestamp(mesh.push.at + APPLY_MS);
	const version = mesh.push.version;
	const statics = boot.staticResources as { listeners: Obj[]; clusters: Obj[] };

	const listeners = dynamicListeners(mesh, pod);
	const clusters = dynamicClusters(mesh, pod);
	// Every inline route config of a listener shows up as a static route config, once per chain.
	const inlineRoutes: { route: Obj; at: string }[] = [];
	const collect = (when: string) => (l: Obj): void => {
		for (const fc of [...((l.filterChains as Obj[] | undefined) ?? []), ...(l.defaultFilterChain === undefined ? [] : [l.defaultFilterChain as Obj])]) {
			for (const f of (fc.filters as Obj[] | undefined) ?? []) {
				const rc = (f.typedConfig as Obj | undefined)?.routeConfig;
				if (rc !== undefined) inlineRoutes.push({ route: rc as Obj, at: when });
			}
		}
	};
	statics.listeners.forEach(collect(at(STATIC_MS)));
	listeners.forEach(collect(pushed));

	const staticEndpoints = statics.clusters.map((c) => {
		const la = c.loadAssignment as { endpoints: { lbEndpoints: { endpoint: { address: Obj } }[] }[] };
		return { endpointConfig: loadAssignment(String(c.name), la.endpoints.flatMap((e) => e.lbEndpoints.map((l) => lbEndpoint(l.endpoint.address)))) };
	});
	const eds = new Map(edsClusters(mesh).map((e) => [e.name, e]));
	const dynamicEndpoints = clusters.map((c) => {
		const e = eds.get(String(c.name));
		return { endpointConfig: e === undefined ? loadAssignment(String(c.name), []) : edsAssignment(e.name, e.service, e.targetPort) };
	});

	const dump: Json = {
		configs: [
			{ '@type': `type.googleapis.com/${ADMIN}.BootstrapConfigDump`, bootstrap: boot, lastUpdated: at(BOOT_MS) },
			{
				'@type': `type.googleapis.com/${ADMIN}.ClustersConfigDump`,
				versionInfo: version,
				staticClusters: statics.clusters.map((c) => ({ cluster: any('envoy.config.cluster.v3.Cluster', c), lastUpdated: at(STATIC_MS) })).sort((a, b) => (String(a.cluster.name) < String(b.cluster.name) ? -1 : 1)),
				dynamicActiveClusters: clusters.map((c) => ({ versionInfo: version, cluster: c, lastUpdated: pushed })),
			},
			{ '@type': `type.googleapis.com/${ADMIN}.EndpointsConfigDump`, staticEndpointConfigs: staticEndpoints, dynamicEndpointConfigs: dynamicEndpoints },
			{
				'@type': `type.googleapis.com/${ADMIN}.ListenersConfigDump`,
				versionInfo: version,
				staticListeners: statics.listeners.map((l) => ({ listener: any('envoy.config.listener.v3.Listener', l), lastUpdated: at(STATIC_MS) })),
				dynamicListeners: listeners.map((l) => ({ name: String(l.name), activeState: { versionInfo: version, listener: any('envoy.config.listener.v3.Listener', l), lastUpdated: pushed } })),
			},
			{ '@type': `type.googleapis.com/${ADMIN}.ScopedRoutesConfigDump` },
			{
				'@type': `type.googleapis.com/${ADMIN}.RoutesConfigDump`,
				staticRouteConfigs: inlineRoutes.map((r) => ({ routeConfig: any('envoy.config.route.v3.RouteConfiguration', r.route), lastUpdated: r.at })),
				dynamicRouteConfigs: outboundRouteNames(mesh).map((name) => ({ versionInfo: version, routeConfig: outboundRouteConfig(mesh, name, ns), lastUpdated: pushed })),
			},
			{
				'@type': `type.googleapis.com/${ADMIN}.SecretsConfigDump`,
				dynamicActiveSecrets: [
					{ name: 'default', lastUpdated: at(SDS_MS), secret: any('envoy.extensions.transport_sockets.tls.v3.Secret', { name: 'default', tlsCertificate: { certificateChain: { inlineBytes: secrets.certificateChain }, privateKey: { inlineBytes: secrets.privateKey } } }) },
					{ name: 'ROOTCA', lastUpdated: at(SDS_MS + 9), secret: any('envoy.extensions.transport_sockets.tls.v3.Secret', { name: 'ROOTCA', validationContext: { trustedCa: { inlineBytes: secrets.trustedCa } } }) },
				],
			},
		],
	};
	return render(dump);
}

/** Every sidecar's dump of a scenario, keyed by the `configDump` path its pod entry names. */
export function configDumps(scenario: Scenario, secrets: TestSecrets): Map<string, string> {
	const mesh = meshOf(scenario);
	return new Map(mesh.sidecars.map((pod) => [pod.dumpPath, configDump(mesh, pod, secrets)]));
}

