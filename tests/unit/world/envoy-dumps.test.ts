// The Envoy /config_dump of every Bookinfo sidecar: the structure the Envoy model and istioctl read
// (names, ports, filter-chain matches, cluster types, the 127.0.0.6 bind, bindToPort false), and
// endpoints that agree with the world built from the same scenario. The files themselves are
// checked byte for byte against their generator by derived.test.ts.

import { describe, expect, it } from 'vitest';
import { formatScenarioError, loadScenario } from '../../../src/world';
import { mustBuild, scenarioFiles } from './helpers';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

const PODS = ['productpage-v1', 'details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3'];
const SCENARIOS = ['bookinfo', 'bookinfo-cni', 'bookinfo-tproxy', 'bookinfo-registry-only', 'bookinfo-localhost'];
const CASES = SCENARIOS.flatMap((id) => PODS.map((pod) => [id, pod] as const));

function section(dump: Obj, type: string): Obj {
	return obj(arr(dump.configs).find((c) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${type}`));
}

const LISTENERS = ['10.96.0.1_443', '10.96.0.10_53', '10.96.0.10_9153', '10.96.61.219_15012', '10.96.61.219_443', '0.0.0.0_15010', '0.0.0.0_15014', '0.0.0.0_9080', '0.0.0.0_80', 'virtualOutbound', 'virtualInbound'];
const CLUSTERS = [
	'BlackHoleCluster',
	'InboundPassthroughCluster',
	'PassthroughCluster',
	'inbound|9080||',
	'outbound|15010||istiod.istio-system.svc.cluster.local',
	'outbound|15012||istiod.istio-system.svc.cluster.local',
	'outbound|15014||istiod.istio-system.svc.cluster.local',
	'outbound|443||istiod.istio-system.svc.cluster.local',
	'outbound|443||kubernetes.default.svc.cluster.local',
	'outbound|53||kube-dns.kube-system.svc.cluster.local',
	'outbound|80||sleep.default.svc.cluster.local',
	'outbound|9080||details.default.svc.cluster.local',
	'outbound|9080||productpage.default.svc.cluster.local',
	'outbound|9080||ratings.default.svc.cluster.local',
	'outbound|9080||reviews.default.svc.cluster.local',
	'outbound|9153||kube-dns.kube-system.svc.cluster.local',
];
/** virtualInbound's chains: what `istioctl pc listener --port 15006` reads (name, match). */
const INBOUND_CHAINS = [
	['virtualInbound-blackhole', { destinationPort: 15006 }],
	['virtualInbound-catchall-http', { transportProtocol: 'tls', applicationProtocols: ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'] }],
	['virtualInbound-catchall-http', { transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1', 'h2c'] }],
	['virtualInbound', { transportProtocol: 'tls', applicationProtocols: ['istio-peer-exchange', 'istio'] }],
	['virtualInbound', { transportProtocol: 'raw_buffer' }],
	['virtualInbound', { transportProtocol: 'tls' }],
	['0.0.0.0_9080', { destinationPort: 9080, transportProtocol: 'tls', applicationProtocols: ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'] }],
	['0.0.0.0_9080', { destinationPort: 9080, transportProtocol: 'raw_buffer' }],
];

describe.each(CASES)('%s %s', (id, pod) => {
	const files = scenarioFiles();
	// A variant that ships no dump of its own (bookinfo-localhost) uses bookinfo's.
	const text = files[`${id}/envoy/${pod}.config_dump.json`] ?? files[`bookinfo/envoy/${pod}.config_dump.json`] ?? '';
	const dump = JSON.parse(text) as Obj;
	const world = mustBuild(id);
	const worldPod = world.pods.find((p) => p.name.startsWith(`${pod}-`));
	const tproxy = id === 'bookinfo-tproxy';
	// outboundTrafficPolicy: where the catch-alls send what the registry does not know.
	const registryOnly = id === 'bookinfo-registry-only';
	const egress = registryOnly ? 'BlackHoleCluster' : 'PassthroughCluster';
	const catchAll = registryOnly
		? { name: 'block_all', domains: ['*'], routes: [{ name: 'block_all', match: { prefix: '/' }, directResponse: { status: 502 } }], includeRequestAttemptCount: true }
		: { name: 'allow_any', domains: ['*'], routes: [{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s', maxGrpcTimeout: '0s' } }], includeRequestAttemptCount: true };
	const listeners = arr(section(dump, 'ListenersConfigDump').dynamicListeners).map((l) => obj(obj(l.activeState).listener));
	const listener = (name: string): Obj => listeners.find((l) => l.name === name) ?? {};
	const clusters = arr(section(dump, 'ClustersConfigDump').dynamicActiveClusters).map((c) => obj(c.cluster));
	const cluster = (name: string): Obj => clusters.find((c) => c.name === name) ?? {};

	it('is the pod’s own dump, loaded into the world as it is', () => {
		expect(worldPod?.sidecar?.configDump).toBe(text);
		const node = obj(obj(section(dump, 'BootstrapConfigDump').bootstrap).node);
		expect(node.id).toBe(`sidecar~${worldPod?.ip}~${worldPod?.name}.default~default.svc.cluster.local`);
		expect(obj(node.metadata).ISTIO_VERSION).toBe('1.26.3');
		expect(obj(node.metadata).INTERCEPTION_MODE).toBe(tproxy ? 'TPROXY' : 'REDIRECT');
		expect(obj(node.userAgentBuildVersion).version).toEqual({ majorNumber: 1, minorNumber: 34, patch: 4 });
	});

	it('has the sections of /config_dump?include_eds, in Envoy’s order', () => {
		expect(arr(dump.configs).map((c) => String(c['@type']).split('.').pop())).toEqual([
			'BootstrapConfigDump',
			'ClustersConfigDump',
			'EndpointsConfigDump',
			'ListenersConfigDump',
			'ScopedRoutesConfigDump',
			'RoutesConfigDump',
			'SecretsConfigDump',
		]);
		expect(arr(section(dump, 'SecretsConfigDump').dynamicActiveSecrets).map((s) => s.name)).toEqual(['default', 'ROOTCA']);
	});

	it('has the bootstrap’s admin, static listeners and static clusters', () => {
		const boot = obj(section(dump, 'BootstrapConfigDump').bootstrap);
		expect(obj(boot.admin).address).toEqual({ socketAddress: { address: '127.0.0.1', portValue: 15000 } });
		expect(arr(section(dump, 'ListenersConfigDump').staticListeners).map((l) => obj(l.listener).name)).toEqual(['0.0.0.0_15090', '0.0.0.0_15021']);
		const statics = arr(section(dump, 'ClustersConfigDump').staticClusters).map((c) => obj(c.cluster));
		expect(statics.map((c) => c.name)).toEqual(['agent', 'prometheus_stats', 'sds-grpc', 'xds-grpc']);
		const pipe = (name: string): unknown => obj(obj(arr(arr(obj(statics.find((c) => c.name === name)?.loadAssignment).endpoints)[0]?.lbEndpoints)[0]?.endpoint).address).pipe;
		expect([pipe('sds-grpc'), pipe('xds-grpc')]).toEqual([{ path: './var/run/secrets/workload-spiffe-uds/socket' }, { path: './etc/istio/proxy/XDS' }]);
	});

	it('has every listener, and only the virtual ones open a socket', () => {
		expect(listeners.map((l) => l.name)).toEqual(LISTENERS);
		expect(listeners.filter((l) => l.bindToPort !== false).map((l) => l.name)).toEqual(['virtualOutbound', 'virtualInbound']);
	});

	it('sends what virtualOutbound catches to the egress cluster of the traffic policy, and direct hits to the black hole', () => {
		const vo = listener('virtualOutbound');
		expect([vo.address, vo.useOriginalDst, vo.transparent]).toEqual([{ socketAddress: { address: '0.0.0.0', portValue: 15001 } }, true, tproxy ? true : undefined]);
		const tcpCluster = (fc: Obj): unknown => obj(arr(fc.filters).find((f) => f.name === 'envoy.filters.network.tcp_proxy')?.typedConfig).cluster;
		expect(arr(vo.filterChains).map((fc) => [fc.name, fc.filterChainMatch, tcpCluster(fc)])).toEqual([
			['virtualOutbound-blackhole', { destinationPort: 15001 }, 'BlackHoleCluster'],
			['virtualOutbound-catchall-tcp', undefined, egress],
		]);
	});

	it('has virtualInbound’s chains for 1.26 (one InboundPassthroughCluster, no prefix ranges) and the app port', () => {
		const vi = listener('virtualInbound');
		expect(vi.address).toEqual({ socketAddress: { address: '0.0.0.0', portValue: 15006 } });
		expect(arr(vi.filterChains).map((fc) => [fc.name, fc.filterChainMatch])).toEqual(INBOUND_CHAINS);
		expect(arr(vi.listenerFilters).map((f) => f.name)).toEqual([
			'envoy.filters.listener.original_dst',
			...(tproxy ? ['envoy.filters.listener.original_src'] : []),
			'envoy.filters.listener.tls_inspector',
			'envoy.filters.listener.http_inspector',
		]);
		expect(vi.transparent).toBe(tproxy ? true : undefined);
	});

	it('routes outbound HTTP on 9080 through RDS `9080`, other traffic on that port to the egress cluster', () => {
		const l = listener('0.0.0.0_9080');
		const hcm = obj(arr(arr(l.filterChains)[0]?.filters)[0]?.typedConfig);
		expect(obj(hcm.rds).routeConfigName).toBe('9080');
		const fallback = obj(l.defaultFilterChain);
		expect([fallback.name, obj(arr(fallback.filters)[1]?.typedConfig).cluster, obj(arr(fallback.filters)[1]?.typedConfig).statPrefix]).toEqual(['PassthroughFilterChain', egress, egress]);
	});

	it('has every cluster, and the inbound ones bind 127.0.0.6', () => {
		expect(clusters.map((c) => c.name)).toEqual(CLUSTERS);
		for (const name of ['inbound|9080||', 'InboundPassthroughCluster']) {
			expect([cluster(name).type, obj(obj(cluster(name).upstreamBindConfig).sourceAddress)]).toEqual(['ORIGINAL_DST', { address: '127.0.0.6', portValue: 0 }]);
		}
		expect(cluster('PassthroughCluster').upstreamBindConfig).toBeUndefined();
		expect(cluster('BlackHoleCluster').type).toBe('STATIC');
	});

	it('gives every Service port an EDS cluster whose endpoints are the world’s', () => {
		const eds = arr(section(dump, 'EndpointsConfigDump').dynamicEndpointConfigs).map((e) => obj(e.endpointConfig));
		for (const svc of world.services) {
			const ep = world.endpoints.find((e) => e.name === svc.name && e.namespace === svc.namespace);
			for (const port of svc.ports.filter((p) => p.protocol === 'TCP')) {
				const name = `outbound|${port.port}||${svc.name}.${svc.namespace}.svc.cluster.local`;
				expect(cluster(name).type, name).toBe('EDS');
				const assignment = eds.find((e) => e.clusterName === name);
				const addresses = arr(arr(assignment?.endpoints)[0]?.lbEndpoints).map((l) => obj(obj(obj(l.endpoint).address).socketAddress));
				expect(addresses.map((a) => a.address).sort(), name).toEqual((ep?.addresses.map((a) => a.ip) ?? []).sort());
				expect(new Set(addresses.map((a) => a.portValue)), name).toEqual(new Set([port.targetPort ?? port.port]));
			}
		}
	});

	it('has route 9080 with a virtual host per Bookinfo Service and its short names, then the catch-all of the traffic policy', () => {
		const routes = arr(section(dump, 'RoutesConfigDump').dynamicRouteConfigs).map((r) => obj(r.routeConfig));
		const r9080 = routes.find((r) => r.name === '9080');
		expect(arr(r9080?.virtualHosts).map((v) => v.name)).toEqual(['details', 'productpage', 'ratings', 'reviews'].map((s) => `${s}.default.svc.cluster.local:9080`).concat(catchAll.name));
		for (const r of routes.filter((x) => /^\d+$/.test(String(x.name)))) expect(arr(r.virtualHosts).at(-1), String(r.name)).toEqual(catchAll);
		expect(arr(r9080?.virtualHosts)[3]?.domains).toEqual(['reviews.default.svc.cluster.local', 'reviews', 'reviews.default.svc', 'reviews.default', '10.96.212.9']);
		expect(routes.map((r) => r.name)).toEqual(['kube-dns.kube-system.svc.cluster.local:9153', '15010', '15014', '9080', '80']);
		const inline = arr(section(dump, 'RoutesConfigDump').staticRouteConfigs).map((r) => obj(r.routeConfig).name);
		expect(inline).toEqual([undefined, undefined, 'InboundPassthroughCluster', 'InboundPassthroughCluster', 'inbound|9080||', 'inbound|9080||']);
	});
});

describe('the configDump field of scenario.yaml', () => {
	const SCENARIO = 'bookinfo/scenario.yaml';
	const DUMP = 'bookinfo/envoy/details-v1.config_dump.json';
	const errors = (files: Record<string, string>): string[] => {
		const r = loadScenario(files, 'bookinfo');
		return r.ok ? [] : r.errors.map(formatScenarioError);
	};

	it('names the file and the field when the path is wrong', () => {
		const files = { ...scenarioFiles() };
		files[SCENARIO] = (files[SCENARIO] ?? '').replace('configDump: envoy/details-v1.config_dump.json', 'configDump: envoy/details.config_dump.json');
		expect(errors(files)).toEqual([
			'content/scenarios/bookinfo/scenario.yaml:181:17: pods[2].configDump: content/scenarios/bookinfo/envoy/details.config_dump.json does not exist\n  fix: correct the path (relative to the scenario folder) or add the file',
		]);
	});

	it('rejects a file that is not JSON', () => {
		const files = { ...scenarioFiles(), [DUMP]: '{"configs": [' };
		expect(errors(files)).toEqual([
			'content/scenarios/bookinfo/scenario.yaml:181:17: pods[2].configDump: content/scenarios/bookinfo/envoy/details-v1.config_dump.json: not JSON (Unexpected end of JSON input)\n  fix: save what `curl localhost:15000/config_dump?include_eds` prints, or regenerate the file',
		]);
	});

	it('rejects another pod’s dump', () => {
		const files = { ...scenarioFiles(), [DUMP]: scenarioFiles()['bookinfo/envoy/ratings-v1.config_dump.json'] ?? '' };
		expect(errors(files)).toEqual([
			'content/scenarios/bookinfo/scenario.yaml:181:17: pods[2].configDump: content/scenarios/bookinfo/envoy/details-v1.config_dump.json: is the dump of node "sidecar~10.244.1.7~ratings-v1-7c9bd4b87f-7xmbz.default~default.svc.cluster.local", not of this pod (sidecar~10.244.1.6~details-v1-65cfcf56f9-vq8kj.default~default.svc.cluster.local)\n' +
				"  fix: point `configDump:` at this pod's dump",
		]);
	});
});
