// The filters Istio 1.26.3 puts on a sidecar's listeners (pilot/pkg/xds/filters/filters.go,
// pilot/pkg/networking/core/listener_builder.go, networkfilter.go, tracing.go and
// pilot/pkg/model/telemetry.go), with the defaults of a mesh installed with the default profile:
// metadata exchange on, Prometheus metrics through `istio.stats`, tracing enabled with no provider
// (sampling and Istio's tags only), no authorization policies. With MeshConfig.accessLogFile set
// (the demo profile's /dev/stdout) and no Telemetry resource, pilot/pkg/networking/core/
// accesslog.go adds a file access log to every HTTP connection manager, to the tcp_proxy filters it
// builds through setTCPAccessLog (not the blackhole chains'), and, filtered on the NR flag, to the
// virtual listeners themselves.

import { any, type Obj } from './proto';

const TYPED_STRUCT = 'udpa.type.v1.TypedStruct';

/** istio.metadata_exchange as a network filter (inbound) or cluster filter (outbound). */
export const tcpMetadataExchange: Obj = {
	name: 'istio.metadata_exchange',
	typedConfig: any(TYPED_STRUCT, { typeUrl: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', value: { enable_discovery: true, protocol: 'istio-peer-exchange' } }),
};

/** The HTTP peer-metadata filter: downstream side on inbound, upstream side on outbound. */
function httpMetadataExchange(side: 'downstream' | 'upstream'): Obj {
	const value: Obj = { [`${side}_discovery`]: [{ istio_headers: {} }, { workload_discovery: {} }], [`${side}_propagation`]: [{ istio_headers: {} }] };
	return { name: 'istio.metadata_exchange', typedConfig: any(TYPED_STRUCT, { typeUrl: 'type.googleapis.com/io.istio.http.peer_metadata.Config', value }) };
}

/** istio.stats (stats.PluginConfig): only inbound disables the Host header fallback. */
export function stats(inbound: boolean): Obj {
	return { name: 'istio.stats', typedConfig: any('stats.PluginConfig', { ...(inbound ? { disableHostHeaderFallback: true } : {}), rotationInterval: '0s', gracefulDeletionInterval: '300s' }) };
}

/** Istio's default TEXT format (pilot/pkg/model/telemetry_logging.go, EnvoyTextLogFormat). */
export const ISTIO_TEXT_LOG_FORMAT =
	'[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
	'%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% ' +
	'%DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" ' +
	'"%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% ' +
	'%DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

/**
 * FileAccessLogFromMeshConfig with TEXT encoding and no custom format: an AccessLog (name, filter,
 * typedConfig in accesslog.proto's order) writing the default format to `path`. The listener-level
 * one only logs connections no filter chain took (response flag NR).
 */
export function fileAccessLog(path: string, listener = false): Obj {
	return {
		name: 'envoy.access_loggers.file',
		...(listener ? { filter: { responseFlagFilter: { flags: ['NR'] } } } : {}),
		typedConfig: any('envoy.extensions.access_loggers.file.v3.FileAccessLog', { path, logFormat: { textFormatSource: { inlineString: ISTIO_TEXT_LOG_FORMAT } } }),
	};
}

/** A tcp_proxy; `accessLog` is the mesh's file for the chains Istio passes through setTCPAccessLog. */
export function tcpProxy(cluster: string, statPrefix = cluster, accessLog?: string): Obj {
	const config: Obj = { statPrefix, cluster, ...(accessLog !== undefined ? { accessLog: [fileAccessLog(accessLog)] } : {}) };
	return { name: 'envoy.filters.network.tcp_proxy', typedConfig: any('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', config) };
}

const grpcStats: Obj = { name: 'envoy.filters.http.grpc_stats', typedConfig: any('envoy.extensions.filters.http.grpc_stats.v3.FilterConfig', { emitFilterState: true, statsForAllMethods: false }) };
const alpn: Obj = {
	name: 'istio.alpn',
	typedConfig: any('istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig', {
		alpnOverride: [
			{ alpnOverride: ['istio-http/1.0', 'istio', 'http/1.0'] },
			{ upstreamProtocol: 'HTTP11', alpnOverride: ['istio-http/1.1', 'istio', 'http/1.1'] },
			{ upstreamProtocol: 'HTTP2', alpnOverride: ['istio-h2', 'istio', 'h2'] },
		],
	}),
};
const fault: Obj = { name: 'envoy.filters.http.fault', typedConfig: any('envoy.extensions.filters.http.fault.v3.HTTPFault') };
const cors: Obj = { name: 'envoy.filters.http.cors', typedConfig: any('envoy.extensions.filters.http.cors.v3.Cors') };
const router: Obj = { name: 'envoy.filters.http.router', typedConfig: any('envoy.extensions.filters.http.router.v3.Router') };

/** The HTTP filter chain of buildHTTPConnectionManager for a sidecar with no policies. */
export function httpFilters(inbound: boolean): Obj[] {
	return [httpMetadataExchange(inbound ? 'downstream' : 'upstream'), grpcStats, ...(inbound ? [] : [alpn]), fault, cors, stats(inbound), router];
}

const dryRunTag = (tag: string, key: string): Obj => ({ tag, metadata: { kind: { request: {} }, metadataKey: { key: 'envoy.filters.http.rbac', path: [{ key }] } } });

/** Tracing with no provider (configureTracingFromTelemetry's mesh-config fallback): tags sorted by name. */
export function tracing(labels: Readonly<Record<string, string>>, namespace: string): Obj {
	const literal = (tag: string, value: string): Obj => ({ tag, literal: { value } });
	return {
		clientSampling: { value: 100 },
		randomSampling: { value: 1 },
		overallSampling: { value: 100 },
		customTags: [
			dryRunTag('istio.authorization.dry_run.allow_policy.name', 'istio_dry_run_allow_shadow_effective_policy_id'),
			dryRunTag('istio.authorization.dry_run.allow_policy.result', 'istio_dry_run_allow_shadow_engine_result'),
			dryRunTag('istio.authorization.dry_run.deny_policy.name', 'istio_dry_run_deny_shadow_effective_policy_id'),
			dryRunTag('istio.authorization.dry_run.deny_policy.result', 'istio_dry_run_deny_shadow_engine_result'),
			literal('istio.canonical_revision', labels['service.istio.io/canonical-revision'] ?? 'latest'),
			literal('istio.canonical_service', labels['service.istio.io/canonical-name'] ?? 'unknown'),
			literal('istio.cluster_id', 'Kubernetes'),
			literal('istio.mesh_id', 'cluster.local'),
			literal('istio.namespace', namespace),
		],
	};
}

const ADS = { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' };

/** An HTTP connection manager: RDS for outbound listeners, an inline route config for inbound. */
export function httpConnectionManager(o: { statPrefix: string; inbound: boolean; rds?: string; routeConfig?: Obj; labels: Readonly<Record<string, string>>; namespace: string; accessLog?: string }): Obj {
	const config: Obj = {
		statPrefix: o.statPrefix,
		...(o.rds !== undefined ? { rds: { configSource: ADS, routeConfigName: o.rds } } : { routeConfig: o.routeConfig ?? {} }),
		httpFilters: httpFilters(o.inbound),
		tracing: tracing(o.labels, o.namespace),
		// Inbound answers as `istio-envoy`; outbound keeps Envoy's default server name.
		...(o.inbound ? { serverName: 'istio-envoy' } : {}),
		streamIdleTimeout: '0s',
		// access_log comes after stream_idle_timeout in http_connection_manager.proto.
		...(o.accessLog !== undefined ? { accessLog: [fileAccessLog(o.accessLog)] } : {}),
		useRemoteAddress: false,
		...(o.inbound ? { forwardClientCertDetails: 'APPEND_FORWARD', setCurrentClientCertDetails: { subject: true, dns: true, uri: true } } : {}),
		proxy100Continue: true,
		upgradeConfigs: [{ upgradeType: 'websocket' }],
		normalizePath: true,
		pathWithEscapedSlashesAction: 'KEEP_UNCHANGED',
		requestIdExtension: { typedConfig: any('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig', { useRequestIdForTraceSampling: true }) },
	};
	return { name: 'envoy.filters.network.http_connection_manager', typedConfig: any('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', config) };
}

const SDS = { apiConfigSource: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{ envoyGrpc: { clusterName: 'sds-grpc' } }], setNodeOnFirstMessageOnly: true }, initialFetchTimeout: '0s', resourceApiVersion: 'V3' };

/** SDS references to the workload certificate and the root CA, as every Istio TLS context has. */
export const sdsCertificate: Obj = { name: 'default', sdsConfig: SDS };
export const sdsRootCa: Obj = { name: 'ROOTCA', sdsConfig: SDS };

/** Istio's server-side TLS defaults (pilot/pkg/networking/core/tls.go, security.FilterCipherSuites). */
export function downstreamTls(alpn: readonly string[]): Obj {
	return {
		name: 'envoy.transport_sockets.tls',
		typedConfig: any('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', {
			commonTlsContext: {
				tlsParams: {
					tlsMinimumProtocolVersion: 'TLSv1_2',
					tlsMaximumProtocolVersion: 'TLSv1_3',
					cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-GCM-SHA256'],
				},
				alpnProtocols: [...alpn],
				tlsCertificateSdsSecretConfigs: [sdsCertificate],
				combinedValidationContext: { defaultValidationContext: { matchSubjectAltNames: [{ prefix: 'spiffe://cluster.local/' }] }, validationContextSdsSecretConfig: sdsRootCa },
			},
			requireClientCertificate: true,
		}),
	};
}
