// Clusters as Istio 1.26.3 builds them for a sidecar with no DestinationRules
// (pilot/pkg/networking/core/cluster.go, cluster_builder.go, cluster_tls.go,
// cluster_traffic_policy.go): an EDS `outbound|PORT||FQDN` cluster per TCP Service port with
// auto-mTLS transport socket matches, BlackHoleCluster, PassthroughCluster, one `inbound|PORT||`
// per port the pod serves (ORIGINAL_DST, inboundTrafficPolicy PASSTHROUGH, bound to 127.0.0.6 so
// ISTIO_OUTPUT's first rule lets it reach the app), and InboundPassthroughCluster (one cluster for
// both families since 1.23; an IPv4-only pod binds 127.0.0.6 alone).

import { sdsCertificate, sdsRootCa, tcpMetadataExchange } from './filters';
import type { Mesh, MeshService, Protocol, Sidecar } from './mesh';
import { any, compact, type Obj } from './proto';
import { inboundTargets } from './listeners';

const CLUSTER = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const MAX = 4294967295;
const circuitBreakers: Obj = { thresholds: [{ maxConnections: MAX, maxPendingRequests: MAX, maxRequests: MAX, maxRetries: MAX, trackRemaining: true }] };
/** Disables the cleanup of inbound ORIGINAL_DST hosts: (MaxInt64 - 999999999) / 1e9 seconds. */
const NEVER = '9223372035s';
/** The bind that makes Envoy's connections to the app skip capture (nat ISTIO_OUTPUT rule 1). */
const bind127006: Obj = { sourceAddress: { address: '127.0.0.6', portValue: 0 } };

/** setUpstreamProtocol: h2 for HTTP2/gRPC ports, the downstream's protocol for sniffed ones. */
function protocolOptions(p: Protocol): Obj | undefined {
	if (p === 'HTTP2' || p === 'GRPC') return { [HTTP_OPTIONS]: any(HTTP_OPTIONS, { explicitHttpConfig: { http2ProtocolOptions: {} } }) };
	if (p === 'UNSUPPORTED') return { [HTTP_OPTIONS]: any(HTTP_OPTIONS, { useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: {} } }) };
	return undefined;
}

const serviceMetadata = (s: MeshService): Obj => ({ filterMetadata: { istio: { services: [{ host: s.hostname, name: s.name, namespace: s.namespace }] } } });

/** The SPIFFE identities of a Service's endpoints (what auto-mTLS verifies), sorted and unique. */
function sans(s: MeshService): string[] {
	const ids = new Set<string>();
	for (const e of s.endpoints) if (e.serviceAccount !== undefined) ids.add(`spiffe://cluster.local/ns/${s.namespace}/sa/${e.serviceAccount}`);
	return [...ids].sort();
}

function outboundCluster(s: MeshService, port: number, protocol: Protocol): Obj {
	const name = `outbound|${port}||${s.hostname}`;
	const h2 = protocol === 'HTTP2' || protocol === 'GRPC';
	const san = sans(s);
	const tls = any('envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext', {
		commonTlsContext: {
			tlsParams: { tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3' },
			tlsCertificateSdsSecretConfigs: [sdsCertificate],
			combinedValidationContext: { defaultValidationContext: san.length > 0 ? { matchSubjectAltNames: san.map((exact) => ({ exact })) } : {}, validationContextSdsSecretConfig: sdsRootCa },
			alpnProtocols: h2 ? ['istio-peer-exchange', 'istio', 'h2'] : ['istio-peer-exchange', 'istio'],
		},
		sni: `outbound_.${port}_._.${s.hostname}`,
	});
	return compact({
		'@type': CLUSTER,
		transportSocketMatches: [
			{ name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transportSocket: { name: 'envoy.transport_sockets.tls', typedConfig: tls } },
			{ name: 'tlsMode-disabled', match: {}, transportSocket: { name: 'envoy.transport_sockets.raw_buffer', typedConfig: any('envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer') } },
		],
		name,
		altStatName: `${name};`,
		type: 'EDS',
		edsClusterConfig: { edsConfig: { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' }, serviceName: name },
		connectTimeout: '10s',
		lbPolicy: 'LEAST_REQUEST',
		circuitBreakers,
		typedExtensionProtocolOptions: protocolOptions(protocol),
		commonLbConfig: {},
		metadata: serviceMetadata(s),
		filters: [tcpMetadataExchange],
	});
}

function inboundCluster(port: number, protocol: Protocol, s: MeshService): Obj {
	const name = `inbound|${port}||`;
	return compact({
		'@type': CLUSTER,
		name,
		altStatName: `${name};`,
		type: 'ORIGINAL_DST',
		connectTimeout: '10s',
		lbPolicy: 'CLUSTER_PROVIDED',
		circuitBreakers,
		typedExtensionProtocolOptions: protocolOptions(protocol),
		cleanupInterval: NEVER,
		upstreamBindConfig: bind127006,
		commonLbConfig: {},
		metadata: serviceMetadata(s),
	});
}

const passthroughOptions: Obj = { [HTTP_OPTIONS]: any(HTTP_OPTIONS, { commonHttpProtocolOptions: { idleTimeout: '300s' }, useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: {} } }) };

const passthrough: Obj = {
	'@type': CLUSTER,
	name: 'PassthroughCluster',
	altStatName: 'PassthroughCluster;',
	type: 'ORIGINAL_DST',
	connectTimeout: '10s',
	lbPolicy: 'CLUSTER_PROVIDED',
	circuitBreakers,
	typedExtensionProtocolOptions: passthroughOptions,
	filters: [tcpMetadataExchange],
};

// buildInboundPassthroughCluster copies the default passthrough cluster and renames it, so the
// alternative stat name stays `PassthroughCluster;`.
const inboundPassthrough: Obj = {
	'@type': CLUSTER,
	name: 'InboundPassthroughCluster',
	altStatName: 'PassthroughCluster;',
	type: 'ORIGINAL_DST',
	connectTimeout: '10s',
	lbPolicy: 'CLUSTER_PROVIDED',
	circuitBreakers,
	typedExtensionProtocolOptions: passthroughOptions,
	upstreamBindConfig: bind127006,
};

const blackHole: Obj = { '@type': CLUSTER, name: 'BlackHoleCluster', altStatName: 'BlackHoleCluster;', type: 'STATIC', connectTimeout: '10s' };

/** Every dynamic cluster of the sidecar, sorted by name as Envoy lists them. */
export function dynamicClusters(mesh: Mesh, pod: Sidecar): Obj[] {
	const out: Obj[] = [blackHole, passthrough, inboundPassthrough];
	for (const s of mesh.services) for (const p of s.ports) if (p.protocol !== 'UDP') out.push(outboundCluster(s, p.port, p.protocol));
	for (const t of inboundTargets(mesh, pod)) {
		const svc = mesh.services.find((s) => s.hostname === t.hostname);
		if (svc !== undefined) out.push(inboundCluster(t.port, t.protocol, svc));
	}
	return out.sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
}

/** The EDS service names of the outbound clusters. */
export function edsClusters(mesh: Mesh): { name: string; service: MeshService; targetPort: number }[] {
	const out: { name: string; service: MeshService; targetPort: number }[] = [];
	for (const s of mesh.services) for (const p of s.ports) if (p.protocol !== 'UDP') out.push({ name: `outbound|${p.port}||${s.hostname}`, service: s, targetPort: p.targetPort });
	return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}
