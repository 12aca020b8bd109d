// `istioctl proxy-status` and `istioctl x describe pod` in the Bookinfo world lab, whole outputs
// as istioctl 1.26.3 prints them; and the pure parts over hand-made inputs.

import { describe, expect, it } from 'vitest';
import { runIstioctl, type IstioctlProvider } from '../../../../src/commands/istioctl';
import { lastPushOf, syncedStatus } from '../../../../src/commands/istioctl/proxy-status';
import type { DescribePodInput } from '../../../../src/commands/istioctl/provider';
import { lab, run, PRODUCTPAGE, REVIEWS_V1 } from '../../lab/helpers';

const ISTIOD = 'istiod-5c9f8b8d7f-2kx9p';
const row = (proxy: string): string => `${proxy.padEnd(44)}Kubernetes     SYNCED (87m)     SYNCED (87m)     SYNCED (87m)     SYNCED (87m)     IGNORED     ${ISTIOD}     1.26.3\n`;

describe('istioctl proxy-status in the world', () => {
	it('lists the six Bookinfo sidecars, sorted by proxy ID, with the time since the last push', () => {
		const r = run(lab(), 'istioctl proxy-status');
		expect(r).toEqual({
			stdout:
				'NAME                                        CLUSTER        CDS              LDS              EDS              RDS              ECDS        ISTIOD                      VERSION\n' +
				row('details-v1-65cfcf56f9-vq8kj.default') +
				row('productpage-v1-54bb874995-hhx8q.default') +
				row('ratings-v1-7c9bd4b87f-7xmbz.default') +
				row('reviews-v1-6584ddcf65-dq2tx.default') +
				row('reviews-v2-6f85cb9b7c-kz4n9.default') +
				row('reviews-v3-6f5b775685-wl57s.default'),
			stderr: '',
			exitCode: 0,
		});
	});

	it('prints the header alone for a namespace without proxies (1.26 checks for none only after a row)', () => {
		expect(run(lab(), 'istioctl ps -n istio-system')).toEqual({ stdout: 'NAME     CLUSTER     CDS     LDS     EDS     RDS     ECDS     ISTIOD     VERSION\n', stderr: '', exitCode: 0 });
	});
});

const productpage = (pod: string, svc: string): string =>
	`Pod: ${pod}\n   Pod Revision: default\n   Pod Ports: 9080 (productpage), 15090 (istio-proxy)\n--------------------\nService: ${svc}\n   Port: http 9080/HTTP targets pod port 9080\n--------------------\nEffective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\nSkipping Gateway information (no ingress gateway pods)\n`;

describe('istioctl x describe pod in the world', () => {
	it('describes productpage: revision, ports, its Service, the mesh-wide PERMISSIVE mode, no gateway', () => {
		expect(run(lab(), `istioctl x describe pod ${PRODUCTPAGE}`)).toEqual({ stdout: productpage(PRODUCTPAGE, 'productpage'), stderr: '', exitCode: 0 });
	});

	it('describes reviews-v1 through `experimental`, `x` and `exp`, POD.NAMESPACE and -n alike', () => {
		const text = `Pod: ${REVIEWS_V1}\n   Pod Revision: default\n   Pod Ports: 9080 (reviews), 15090 (istio-proxy)\n--------------------\nService: reviews\n   Port: http 9080/HTTP targets pod port 9080\n--------------------\nEffective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\nSkipping Gateway information (no ingress gateway pods)\n`;
		const l = lab();
		for (const line of [`istioctl experimental describe pod ${REVIEWS_V1}`, `istioctl x des po ${REVIEWS_V1}.default`, `istioctl exp describe pod ${REVIEWS_V1}`, `istioctl x describe pod -n default ${REVIEWS_V1}`, `istioctl -n default x describe pod ${REVIEWS_V1}`]) {
			expect(run(l, line), line).toEqual({ stdout: text, stderr: '', exitCode: 0 });
		}
	});

	it('names objects NAME.NAMESPACE when they are not in the namespace of the command', () => {
		expect(run(lab(), `istioctl -n kube-system x describe pod ${PRODUCTPAGE}.default`)).toEqual({ stdout: productpage(`${PRODUCTPAGE}.default`, 'productpage.default'), stderr: '', exitCode: 0 });
	});

	it('reports an unknown pod, a missing pod name and an unknown resource type as istioctl does', () => {
		const l = lab();
		expect(run(l, 'istioctl x describe pod nope')).toEqual({ stdout: '', stderr: 'Error: pods "nope" not found\n', exitCode: 1 });
		expect(run(l, `istioctl x describe pod ${PRODUCTPAGE}.istio-system`)).toEqual({ stdout: '', stderr: `Error: pods "${PRODUCTPAGE}" not found\n`, exitCode: 1 });
		expect(run(l, 'istioctl x describe pod')).toEqual({ stdout: '', stderr: 'Error: expecting pod name\n', exitCode: 1 });
		expect(run(l, 'istioctl x describe deployment x')).toEqual({ stdout: '', stderr: 'Error: unknown resource type "deployment"\n', exitCode: 1 });
	});
});

describe('the pure parts', () => {
	it('shows SYNCED with HumanDuration of the time since the last send', () => {
		expect([syncedStatus(0, 42_000), syncedStatus(0, 150_000), syncedStatus(0, 3 * 3600_000 + 60_000)]).toEqual(['SYNCED (42s)', 'SYNCED (2m30s)', 'SYNCED (3h1m)']);
	});

	it('reads the last push from the newest dynamic lastUpdated, snake_case or camelCase; none without dynamic resources', () => {
		const dump = {
			configs: [
				{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{ last_updated: '2026-11-21T06:00:00Z' }], dynamic_active_clusters: [{ last_updated: '2026-11-21T04:00:00.100Z' }] },
				{ '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', dynamicListeners: [{ activeState: { lastUpdated: '2026-11-21T04:00:01.250Z' } }] },
			],
		};
		expect(lastPushOf(JSON.stringify(dump))).toBe(Date.UTC(2026, 10, 21, 4, 0, 1, 250));
		expect(lastPushOf('{"configs":[]}')).toBeUndefined();
		expect(lastPushOf('not json')).toBeUndefined();
	});

	const provider = (input: DescribePodInput | undefined): IstioctlProvider => ({
		istioVersion: '1.26.3',
		defaultNamespace: 'default',
		now: () => 0,
		configDump: () => ({ ok: false, error: 'unused' }),
		readFile: () => ({ ok: false, error: 'unused' }),
		describePod: () => input,
	});

	it('warns about an unmeshed pod without labels or Services, and stops at the missing sidecar', () => {
		const manifest = {
			metadata: { name: 'web', namespace: 'default', annotations: {}, labels: { run: 'web' } },
			spec: { containers: [{ name: 'web', ports: [{ containerPort: 53, protocol: 'UDP' }], securityContext: { runAsUser: 1337 } }] },
			status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: false }] },
		};
		expect(runIstioctl(['x', 'describe', 'pod', 'web'], provider({ pod: { name: 'web', namespace: 'default' }, manifest, services: [] }))).toEqual({
			stdout:
				'WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\nPod: web\n   Pod Revision: \n   Pod Ports: 53/UDP (web)\nWARNING: Pod web Container web NOT READY\nWARNING: web is not part of mesh; no Istio sidecar\nWarning: No Kubernetes Services select pod web (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )\n--------------------\n',
			stderr: 'Error: failed to execute command on sidecar: failure running port forward process: unable to listen on any of the requested ports: [{15000 15000}]\n',
			exitCode: 1,
		});
	});

	it('prints per-port sections, stale DestinationRule/VirtualService references and RBAC policy names from the dump', () => {
		const manifest = {
			metadata: { name: 'api-1', namespace: 'shop', annotations: { 'sidecar.istio.io/status': '{"revision":"canary"}' }, labels: { app: 'api' } },
			spec: { containers: [{ name: 'api', ports: [{ name: 'web', containerPort: 8080 }] }, { name: 'istio-proxy', ports: [{ containerPort: 15090, protocol: 'TCP' }] }] },
			status: { phase: 'Running', containerStatuses: [] },
		};
		const services = [
			{ metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http-web', port: 80, targetPort: 'web', protocol: 'TCP' }, { port: 9000, targetPort: 9000, protocol: 'TCP' }, { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' }] } },
			{ metadata: { name: 'other', namespace: 'shop' }, spec: { selector: { app: 'other' }, ports: [] } },
		];
		const dr = { filterMetadata: { istio: { config: '/apis/networking.istio.io/v1/namespaces/shop/destination-rule/api-dr' } } };
		const vs = { filter_metadata: { istio: { config: '/apis/networking.istio.io/v1/namespaces/shop/virtual-service/api-vs' } } };
		const hcm = { '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', httpFilters: [{ name: 'envoy.filters.http.rbac', typedConfig: { rules: { policies: { 'ns[shop]-policy[deny-all]-rule[0]': {} } } } }] };
		const dump = {
			configs: [
				{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamicActiveClusters: [{ cluster: { name: 'outbound|80||api.shop.svc.cluster.local', metadata: dr } }] },
				{ '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', dynamicListeners: [{ activeState: { listener: { name: 'virtualInbound', filterChains: [{ filters: [{ typedConfig: hcm }] }] } } }] },
				{ '@type': 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump', dynamicRouteConfigs: [{ routeConfig: { name: '80', virtualHosts: [{ domains: ['api.shop.svc.cluster.local'], routes: [{ metadata: vs, route: { cluster: 'outbound|80|v1|api.shop.svc.cluster.local' } }] }] } }] },
			],
		};
		const r = runIstioctl(['x', 'describe', 'pod', 'api-1.shop'], provider({ pod: { name: 'api-1', namespace: 'shop' }, manifest, services, configDump: JSON.stringify(dump), ingressGatewayPods: false }));
		expect(r).toEqual({
			stdout:
				'Pod: api-1.shop\n   Pod Revision: canary\n   Pod Ports: 8080 (api), 15090 (istio-proxy)\nSuggestion: add required service revision label for Istio telemetry. See https://istio.io/v1.26/docs/ops/deployment/requirements/.\n--------------------\n' +
				'Service: api.shop\n   Port: http-web 80/HTTP targets pod port 8080\n   Port:  9000/auto-detect targets pod port 9000\n' +
				'80:\nWARNING: Proxy is stale; it references to non-existent destination rule api-dr.shop\nWARNING: Proxy is stale; it references to non-existent virtual service api-vs.shop\n80 RBAC policies: ns[shop]-policy[deny-all]-rule[0]\n' +
				'9000:\n9000 RBAC policies: ns[shop]-policy[deny-all]-rule[0]\n53:\n53 RBAC policies: ns[shop]-policy[deny-all]-rule[0]\n' +
				'--------------------\nEffective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\nSkipping Gateway information (no ingress gateway pods)\n',
			stderr: '',
			exitCode: 0,
		});
	});
});
