// Listeners as Istio 1.26.3 builds them for a sidecar (pilot/pkg/networking/core/
// listener_builder.go, listener_inbound.go, listener.go, filterchain_options.go):
// - per-service outbound listeners that never bind (bindToPort false): `0.0.0.0_PORT` for HTTP
//   ports (RDS route PORT, default chain to PassthroughCluster), `VIP_PORT` for TCP ports, and
//   `VIP_PORT` with both an HTTP chain and a TCP default chain for ports whose protocol is sniffed;
// - virtualOutbound 0.0.0.0:15001 (useOriginalDst; blackhole chain for direct hits, catch-all
//   chain to PassthroughCluster under outboundTrafficPolicy ALLOW_ANY, to BlackHoleCluster under
//   REGISTRY_ONLY: buildOutboundCatchAllNetworkFiltersOnly; the HTTP listeners'
//   PassthroughFilterChain takes the same filters, so it blackholes too);
// - virtualInbound 0.0.0.0:15006: blackhole chain, five passthrough chains to
//   InboundPassthroughCluster (PERMISSIVE mTLS, one cluster for both families since 1.23, so no
//   prefix ranges), then two chains per inbound service port (mTLS and plaintext).
// TPROXY adds `transparent: true` to both virtual listeners and original_src (mark 1337) to
// virtualInbound's listener filters.

import { downstreamTls, fileAccessLog, httpConnectionManager, stats, tcpMetadataExchange, tcpProxy } from './filters';
import { isHttp, type Mesh, type MeshService, type Protocol, type Sidecar } from './mesh';
import { any, compact, ordered, socketAddress, type Json, type Obj } from './proto';
import { inboundRouteConfig } from './routes';

const MTLS_HTTP_ALPNS = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c'];
const ALL_ISTIO_MTLS_ALPNS = ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const MTLS_TCP_WITH_MXC_ALPNS = ['istio-peer-exchange', 'istio'];
const PASSTHROUGH = 'InboundPassthroughCluster';
/** Listener fields in the declaration order of envoy/config/listener/v3/listener.proto. */
const LISTENER_ORDER = ['name', 'address', 'filterChains', 'useOriginalDst', 'defaultFilterChain', 'listenerFilters', 'listenerFiltersTimeout', 'continueOnListenerFiltersTimeout', 'transparent', 'trafficDirection', 'accessLog', 'bindToPort'];

const tlsInspector = (disabled?: Obj): Obj => compact({ name: 'envoy.filters.listener.tls_inspector', typedConfig: any('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', { initialReadBufferSize: 512 }), filterDisabled: disabled });
const httpInspector = (disabled?: Obj): Obj => compact({ name: 'envoy.filters.listener.http_inspector', typedConfig: any('envoy.extensions.filters.listener.http_inspector.v3.HttpInspector'), filterDisabled: disabled });
const originalDst: Obj = { name: 'envoy.filters.listener.original_dst', typedConfig: any('envoy.extensions.filters.listener.original_dst.v3.OriginalDst') };
const originalSrc: Obj = { name: 'envoy.filters.listener.original_src', typedConfig: any('envoy.extensions.filters.listener.original_src.v3.OriginalSrc', { mark: 1337 }) };

/** listenerPredicateExcludePorts: one port range, or an or_match of them. */
function excludePorts(ports: readonly number[]): Obj {
	const rules = ports.map((p) => ({ destinationPortRange: { start: p, end: p + 1 } }));
	return rules.length === 1 ? (rules[0] as Obj) : { orMatch: { rules } };
}

interface ChainSpec {
	readonly match: Obj;
	readonly filters: Json[];
	readonly tls?: readonly string[];
	readonly name?: string;
}

const chain = (c: ChainSpec): Obj => compact({ filterChainMatch: c.match, filters: c.filters, transportSocket: c.tls === undefined ? undefined : downstreamTls(c.tls), name: c.name });

/** The service ports whose endpoints are this pod, one chain config per target port. */
export function inboundTargets(mesh: Mesh, pod: Sidecar): { port: number; servicePort: number; protocol: Protocol; hostname: string }[] {
	const byPort = new Map<number, { port: number; servicePort: number; protocol: Protocol; hostname: string }>();
	for (const s of mesh.services) {
		if (!s.endpoints.some((e) => e.ip === pod.manifest.status.podIP)) continue;
		for (const p of s.ports) {
			if (p.protocol === 'UDP' || byPort.has(p.targetPort)) continue;
			byPort.set(p.targetPort, { port: p.targetPort, servicePort: p.port, protocol: p.protocol, hostname: s.hostname });
		}
	}
	return [...byPort.values()].sort((a, b) => a.port - b.port);
}

function virtualInbound(mesh: Mesh, pod: Sidecar): Obj {
	const labels = pod.manifest.metadata.labels;
	const namespace = pod.manifest.metadata.namespace;
	const log = mesh.accessLogFile;
	const hcm = (statPrefix: string, cluster: string, port: number, hostname: string): Obj =>
		httpConnectionManager({ statPrefix, inbound: true, routeConfig: inboundRouteConfig(cluster, port, hostname), labels, namespace, ...(log !== undefined ? { accessLog: log } : {}) });
	const tcpStack = (cluster: string): Json[] => [tcpMetadataExchange, stats(true), tcpProxy(cluster, cluster, log)];
	const passthroughHttp = [tcpMetadataExchange, hcm(PASSTHROUGH, PASSTHROUGH, 0, '')];
	const chains: Obj[] = [
		chain({ match: { destinationPort: 15006 }, filters: [tcpMetadataExchange, stats(true), tcpProxy('BlackHoleCluster')], name: 'virtualInbound-blackhole' }),
		chain({ match: { transportProtocol: 'tls', applicationProtocols: MTLS_HTTP_ALPNS }, filters: passthroughHttp, tls: ['h2', 'http/1.1'], name: 'virtualInbound-catchall-http' }),
		chain({ match: { transportProtocol: 'raw_buffer', applicationProtocols: PLAINTEXT_HTTP_ALPNS }, filters: passthroughHttp, name: 'virtualInbound-catchall-http' }),
		chain({ match: { transportProtocol: 'tls', applicationProtocols: MTLS_TCP_WITH_MXC_ALPNS }, filters: tcpStack(PASSTHROUGH), tls: ['istio-peer-exchange', 'h2', 'http/1.1'], name: 'virtualInbound' }),
		chain({ match: { transportProtocol: 'raw_buffer' }, filters: tcpStack(PASSTHROUGH), name: 'virtualInbound' }),
		chain({ match: { transportProtocol: 'tls' }, filters: tcpStack(PASSTHROUGH), name: 'virtualInbound' }),
	];
	for (const t of inboundTargets(mesh, pod)) {
		const cluster = `inbound|${t.port}||`;
		const name = `0.0.0.0_${t.port}`;
		if (isHttp(t.protocol)) {
			const filters = [tcpMetadataExchange, hcm(`inbound_0.0.0.0_${t.port}`, cluster, t.servicePort, t.hostname)];
			chains.push(chain({ match: { destinationPort: t.port, transportProtocol: 'tls', applicationProtocols: ALL_ISTIO_MTLS_ALPNS }, filters, tls: ['h2', 'http/1.1'], name }));
			chains.push(chain({ match: { destinationPort: t.port, transportProtocol: 'raw_buffer' }, filters, name }));
		} else {
			chains.push(chain({ match: { destinationPort: t.port, transportProtocol: 'tls', applicationProtocols: ALL_ISTIO_MTLS_ALPNS }, filters: tcpStack(cluster), tls: ['istio-peer-exchange', 'h2', 'http/1.1'], name }));
			chains.push(chain({ match: { destinationPort: t.port, transportProtocol: 'tls' }, filters: tcpStack(cluster), name }));
			chains.push(chain({ match: { destinationPort: t.port, transportProtocol: 'raw_buffer' }, filters: tcpStack(cluster), name }));
		}
	}
	// populateListenerFilters: which destination ports need the TLS and HTTP inspectors.
	const inspectors = new Map<number, { tls: boolean; http: boolean }>();
	for (const c of chains) {
		const m = c.filterChainMatch as Obj;
		const port = typeof m.destinationPort === 'number' ? m.destinationPort : 0;
		const alpns = (m.applicationProtocols as string[] | undefined) ?? [];
		const i = inspectors.get(port) ?? { tls: false, http: false };
		inspectors.set(port, { tls: i.tls || m.transportProtocol === 'tls', http: i.http || alpns.includes('http/1.1') || alpns.includes('h2c') });
	}
	const ports = [...inspectors.keys()].filter((p) => p !== 0).sort((a, b) => a - b);
	const noTls = ports.filter((p) => !inspectors.get(p)?.tls);
	const noHttp = [...inspectors.keys()].filter((p) => !inspectors.get(p)?.http).sort((a, b) => a - b);
	const tproxy = pod.mode === 'TPROXY';
	return compact({
		name: 'virtualInbound',
		address: socketAddress('0.0.0.0', 15006),
		filterChains: chains,
		listenerFilters: [originalDst, ...(tproxy ? [originalSrc] : []), tlsInspector(noTls.length > 0 ? excludePorts(noTls) : undefined), httpInspector(noHttp.length > 0 ? excludePorts(noHttp) : undefined)],
		listenerFiltersTimeout: '0s',
		transparent: tproxy ? true : undefined,
		trafficDirection: 'INBOUND',
		continueOnListenerFiltersTimeout: true,
		accessLog: log !== undefined ? [fileAccessLog(log, true)] : undefined,
	});
}

/** The egress cluster of the outbound catch-alls: where unknown destinations go. */
const egressCluster = (mesh: Mesh): string => (mesh.outboundTrafficPolicy === 'REGISTRY_ONLY' ? 'BlackHoleCluster' : 'PassthroughCluster');

function virtualOutbound(mesh: Mesh, pod: Sidecar): Obj {
	const log = mesh.accessLogFile;
	const egress = egressCluster(mesh);
	return compact({
		name: 'virtualOutbound',
		address: socketAddress('0.0.0.0', 15001),
		filterChains: [
			chain({ match: { destinationPort: 15001 }, filters: [stats(false), tcpProxy('BlackHoleCluster')], name: 'virtualOutbound-blackhole' }),
			{ filters: [stats(false), tcpProxy(egress, egress, log)], name: 'virtualOutbound-catchall-tcp' },
		],
		useOriginalDst: true,
		transparent: pod.mode === 'TPROXY' ? true : undefined,
		trafficDirection: 'OUTBOUND',
		accessLog: log !== undefined ? [fileAccessLog(log, true)] : undefined,
	});
}

function httpOutbound(name: string, address: string, port: number, rds: string, fallback: Obj, pod: Sidecar, log: string | undefined): Obj {
	const hcm = httpConnectionManager({ statPrefix: `outbound_${address}_${port}`, inbound: false, rds, labels: pod.manifest.metadata.labels, namespace: pod.manifest.metadata.namespace, ...(log !== undefined ? { accessLog: log } : {}) });
	return {
		name,
		address: socketAddress(address, port),
		filterChains: [chain({ match: { transportProtocol: 'raw_buffer', applicationProtocols: PLAINTEXT_HTTP_ALPNS }, filters: [hcm] })],
		listenerFilters: [tlsInspector(), httpInspector()],
		listenerFiltersTimeout: '0s',
		trafficDirection: 'OUTBOUND',
		continueOnListenerFiltersTimeout: true,
		defaultFilterChain: fallback,
		bindToPort: false,
	};
}

/** The outbound listeners, TCP and sniffed ones per VIP first, then the wildcard HTTP ones. */
function outbound(mesh: Mesh, pod: Sidecar): Obj[] {
	const vip: Obj[] = [];
	const wildcard = new Map<number, Obj>();
	const cluster = (s: MeshService, port: number): string => `outbound|${port}||${s.hostname}`;
	const log = mesh.accessLogFile;
	const proxy = (c: string): Obj => tcpProxy(c, c, log);
	for (const s of mesh.services) {
		for (const p of s.ports) {
			const name = `${s.clusterIP}_${p.port}`;
			if (p.protocol === 'UDP') continue;
			if (isHttp(p.protocol)) {
				if (!wildcard.has(p.port)) {
					const passthrough = { filterChainMatch: {}, filters: [stats(false), proxy(egressCluster(mesh))], name: 'PassthroughFilterChain' };
					wildcard.set(p.port, httpOutbound(`0.0.0.0_${p.port}`, '0.0.0.0', p.port, String(p.port), passthrough, pod, log));
				}
			} else if (p.protocol === 'UNSUPPORTED') {
				vip.push(httpOutbound(name, s.clusterIP, p.port, `${s.hostname}:${p.port}`, { filters: [stats(false), proxy(cluster(s, p.port))] }, pod, log));
			} else {
				vip.push({ name, address: socketAddress(s.clusterIP, p.port), filterChains: [{ filters: [stats(false), proxy(cluster(s, p.port))] }], trafficDirection: 'OUTBOUND', bindToPort: false });
			}
		}
	}
	return [...vip, ...[...wildcard.values()]];
}

/** Every dynamic listener of the sidecar, in the order Envoy lists them. */
export function dynamicListeners(mesh: Mesh, pod: Sidecar): Obj[] {
	return [...outbound(mesh, pod), virtualOutbound(mesh, pod), virtualInbound(mesh, pod)].map((l) => ordered(l, LISTENER_ORDER));
}
