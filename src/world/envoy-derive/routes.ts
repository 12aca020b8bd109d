// Route configurations as Istio 1.26.3 builds them for a sidecar (pilot/pkg/networking/core/
// httproute.go, route/route.go, route/retry/retry.go): one RDS config per outbound HTTP port with
// a virtual host per Service on that port (domains without port suffixes, since Envoy sidecars
// ignore the port in host matching), the catch-all last (buildCatchAllVirtualHost: `allow_any` to
// PassthroughCluster under outboundTrafficPolicy ALLOW_ANY, `block_all` answering 502 itself under
// REGISTRY_ONLY); and the inline inbound configs of the virtualInbound filter chains.

import { isHttp, type Mesh, type MeshService } from './mesh';
import { any, type Obj } from './proto';

/** Istio's default route name. */
const DEFAULT_ROUTE = 'default';

/** GenerateAltVirtualHosts for a Kubernetes service seen from a proxy in `proxyNamespace`. */
export function vhostDomains(svc: MeshService, proxyNamespace: string): string[] {
	const short = `${svc.name}.${svc.namespace}`;
	const alt = svc.namespace === proxyNamespace ? [svc.name, `${short}.svc`, short] : [short, `${short}.svc`];
	return [svc.hostname, ...alt, svc.clusterIP];
}

const retryPolicy: Obj = {
	retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
	numRetries: 2,
	retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: any('envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate') }],
	hostSelectionRetryMaxAttempts: '5',
	retriableStatusCodes: [503],
};

function outboundVirtualHost(svc: MeshService, port: number, proxyNamespace: string): Obj {
	const cluster = `outbound|${port}||${svc.hostname}`;
	return {
		name: `${svc.hostname}:${port}`,
		domains: vhostDomains(svc, proxyNamespace),
		routes: [{ name: DEFAULT_ROUTE, match: { prefix: '/' }, route: { cluster, timeout: '0s', retryPolicy, maxGrpcTimeout: '0s' }, decorator: { operation: `${svc.hostname}:${port}/*` } }],
		includeRequestAttemptCount: true,
	};
}

const allowAny: Obj = {
	name: 'allow_any',
	domains: ['*'],
	routes: [{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s', maxGrpcTimeout: '0s' } }],
	includeRequestAttemptCount: true,
};

const blockAll: Obj = {
	name: 'block_all',
	domains: ['*'],
	routes: [{ name: 'block_all', match: { prefix: '/' }, directResponse: { status: 502 } }],
	includeRequestAttemptCount: true,
};

/**
 * The RDS route names the outbound listeners ask for: the bare port for HTTP ports on the wildcard
 * listener, `host:port` for sniffed (protocol-less) ports, which get their own listener per VIP.
 */
export function outboundRouteNames(mesh: Mesh): string[] {
	const names = new Set<string>();
	for (const s of mesh.services) {
		for (const p of s.ports) {
			if (isHttp(p.protocol)) names.add(String(p.port));
			else if (p.protocol === 'UNSUPPORTED') names.add(`${s.hostname}:${p.port}`);
		}
	}
	return [...names];
}

export function outboundRouteConfig(mesh: Mesh, name: string, proxyNamespace: string): Obj {
	let vhosts: Obj[];
	const sniffed = name.includes(':');
	if (sniffed) {
		const [host, port] = name.split(':') as [string, string];
		const svc = mesh.services.find((s) => s.hostname === host);
		vhosts = svc === undefined ? [] : [outboundVirtualHost(svc, Number(port), proxyNamespace)];
	} else {
		const port = Number(name);
		vhosts = mesh.services
			.filter((s) => s.ports.some((p) => p.port === port && isHttp(p.protocol)))
			.map((s) => outboundVirtualHost(s, port, proxyNamespace))
			// util.SortVirtualHosts: by name.
			.sort((a, b) => String(a.name).localeCompare(String(b.name)));
		vhosts.push(mesh.outboundTrafficPolicy === 'REGISTRY_ONLY' ? blockAll : allowAny);
	}
	return {
		'@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
		name,
		virtualHosts: vhosts,
		validateClusters: false,
		maxDirectResponseBodySizeBytes: 1048576,
		ignorePortInHostMatching: true,
	};
}

/** The inline route of an inbound HTTP chain (buildSidecarInboundHTTPRouteConfig). */
export function inboundRouteConfig(cluster: string, port: number, hostname: string): Obj {
	return {
		name: cluster,
		virtualHosts: [
			{
				name: `inbound|http|${port}`,
				domains: ['*'],
				routes: [
					{
						name: DEFAULT_ROUTE,
						match: { prefix: '/' },
						// 1.24+ proxies retry requests reset before they reached the app.
						route: { cluster, timeout: '0s', retryPolicy: { retryOn: 'reset-before-request', numRetries: 2 }, maxStreamDuration: { maxStreamDuration: '0s', grpcTimeoutHeaderMax: '0s' } },
						decorator: { operation: `${hostname}:${port}/*` },
					},
				],
			},
		],
		validateClusters: false,
	};
}
