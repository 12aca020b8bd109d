// The Envoy model on real dumps: camelCase and snake_case load to the same model, malformed
// input is an error value naming the path, and the queries answer as Envoy would for the
// connections and requests a sidecar sees.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	clusterEndpoints, findCluster, findListener, findRouteConfig, healthyEndpoints, loadConfigDump, matchFilterChain, matchRoute, matchVirtualHost, type ConfigDump,
} from '../../../src/envoy';
import { describeDestination } from '../../../src/commands/istioctl/writer/listener';

const DATA = join(__dirname, '../../conformance/istioctl/testdata');
const text = (p: string): string => readFileSync(join(DATA, p), 'utf8');

function load(p: string): ConfigDump {
	const r = loadConfigDump(text(p));
	if (!r.ok) throw new Error(r.error);
	return r.value;
}

const DETAILS = load('envoy-config-dumps/istio-1.10.0_details-v1_config_dump.json');
const SNAKE = load('envoy-config-dumps/istio-2023-06_sidecar_listeners_config_dump.json');
const listener = (d: ConfigDump, name: string) => {
	const l = d.listeners?.find((x) => x.name === name);
	if (l === undefined) throw new Error(`no listener ${name}`);
	return l;
};

describe('loading', () => {
	it('reads every section of the 1.10 details-v1 dump', () => {
		expect({
			bootstrapId: DETAILS.bootstrap?.nodeId,
			listeners: DETAILS.listeners?.length,
			clusters: DETAILS.clusters?.length,
			routes: DETAILS.routes?.length,
			endpoints: DETAILS.endpoints,
			secrets: DETAILS.secrets?.map((s) => s.name),
		}).toEqual({
			bootstrapId: 'sidecar~10.244.0.12~details-v1-79f774bdb9-6hxw6.default~default.svc.cluster.local',
			listeners: 18,
			clusters: 28,
			routes: 14,
			endpoints: undefined,
			secrets: ['default', 'ROOTCA'],
		});
	});

	it('sees the sidecar facts lessons rely on', () => {
		const out = listener(DETAILS, 'virtualOutbound');
		const nine = listener(DETAILS, '0.0.0.0_9080');
		const inbound = findCluster(DETAILS, 'inbound|9080||');
		const v4 = findCluster(DETAILS, 'InboundPassthroughClusterIpv4');
		expect([out.useOriginalDst, out.bindToPort, nine.bindToPort, listener(DETAILS, 'virtualInbound').bindToPort]).toEqual([true, true, false, true]);
		expect([inbound?.type, inbound?.bindSource, v4?.bindSource, findCluster(DETAILS, 'zipkin')?.type]).toEqual(['ORIGINAL_DST', { address: '127.0.0.6', port: 0 }, { address: '127.0.0.6', port: 0 }, 'STRICT_DNS']);
	});

	it('snake_case loads like camelCase: same listener facts from the 2023 dump', () => {
		const vi = listener(SNAKE, 'virtualInbound');
		expect([SNAKE.listeners?.length, vi.filterChains.length, vi.filterChains[0]?.name, listener(SNAKE, 'virtualOutbound').useOriginalDst, listener(SNAKE, '0.0.0.0_9080').bindToPort]).toEqual([
			SNAKE.listeners?.length, 8, 'virtualInbound-blackhole', true, false,
		]);
		const http80 = vi.filterChains.find((c) => c.name === '0.0.0.0_80' && c.match?.transportProtocol === 'raw_buffer');
		expect(http80 === undefined ? '' : describeDestination(http80)).toBe('Cluster: inbound|80||');
	});

	it.each([
		['not JSON at all', 'nope', /^Unexpected token/],
		['no configs', '{}', /^configs: expected an array, got nothing$/],
		['a bad type deep inside (snake_case path as written)', '{"configs":[{"@type":"type.googleapis.com/envoy.admin.v3.ClustersConfigDump","static_clusters":[{"cluster":{"name":"a","load_assignment":{"endpoints":[{"lb_endpoints":[{"endpoint":{"address":{"socket_address":{"port_value":true}}}}]}]}}}]}]}', /^configs\[0\]\.static_clusters\[0\]\.cluster\.load_assignment\.endpoints\[0\]\.lb_endpoints\[0\]\.endpoint\.address\.socket_address\.port_value: expected a number, got true$/],
		['a string where an array belongs', '{"configs":[{"@type":"type.googleapis.com/envoy.admin.v3.ListenersConfigDump","dynamicListeners":"x"}]}', /^configs\[0\]\.dynamicListeners: expected an array, got "x"$/],
	])('an error value for %s', (_name, input, message) => {
		const r = loadConfigDump(input);
		expect(r.ok).toBe(false);
		expect(r.ok ? '' : r.error).toMatch(message);
	});
});

describe('queries', () => {
	const vi = listener(DETAILS, 'virtualInbound');
	it.each([
		['plain HTTP to the app port', { dstIp: '10.244.0.12', dstPort: 9080, transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1'] }, 12],
		['mTLS from a peer sidecar', { dstIp: '10.244.0.12', dstPort: 9080, transportProtocol: 'tls', applicationProtocols: ['istio-http/1.1', 'istio'] }, 11],
		['plain HTTP to a port nothing listens on: the IPv4 catch-all', { dstIp: '10.244.0.12', dstPort: 8000, transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1'] }, 2],
		['plain TCP to another port', { dstIp: '10.244.0.12', dstPort: 8000, transportProtocol: 'raw_buffer' }, 4],
		['IPv6', { dstIp: 'fe80::1', dstPort: 8000, transportProtocol: 'tls' }, 10],
		['straight to 15006: the blackhole chain', { dstIp: '10.244.0.12', dstPort: 15006 }, 0],
	])('virtualInbound: %s', (_name, conn, index) => {
		expect(matchFilterChain(vi, conn)?.index).toBe(index);
	});

	it('virtualOutbound: a destination without its own listener takes the catch-all TCP chain', () => {
		const vo = listener(DETAILS, 'virtualOutbound');
		const m = matchFilterChain(vo, { dstIp: '93.184.216.34', dstPort: 443 });
		expect([m?.chain.name, m === undefined ? '' : describeDestination(m.chain)]).toEqual(['virtualOutbound-catchall-tcp', 'PassthroughCluster']);
		// Connecting to 15001 itself hits the blackhole chain.
		const self = matchFilterChain(vo, { dstIp: '10.244.0.12', dstPort: 15001 });
		expect([self?.chain.name, self === undefined ? '' : describeDestination(self.chain)]).toEqual(['virtualOutbound-blackhole', 'Non-HTTP/Non-TCP']);
	});

	it('the listener for an original destination: exact ip:port first, then 0.0.0.0:port', () => {
		const ls = DETAILS.listeners ?? [];
		expect([findListener(ls, '10.96.0.1', 443)?.name, findListener(ls, '10.96.88.1', 9080)?.name, findListener(ls, '10.96.88.1', 7777)?.name]).toEqual(['10.96.0.1_443', '0.0.0.0_9080', undefined]);
	});

	it('route 9080: the virtual host by Host header, then the route and its cluster', () => {
		const rc = findRouteConfig(DETAILS, '9080');
		if (rc === undefined) throw new Error('no route 9080');
		const picks = ['reviews:9080', 'reviews.default.svc.cluster.local:9080', 'example.com'].map((h) => {
			const vh = matchVirtualHost(rc, h);
			const r = vh === undefined ? undefined : matchRoute(vh, 'GET', '/reviews/0');
			return [vh?.name, r?.action.kind === 'cluster' ? r.action.cluster : r?.action.kind];
		});
		expect(picks).toEqual([
			['reviews.default.svc.cluster.local:9080', 'outbound|9080||reviews.default.svc.cluster.local'],
			['reviews.default.svc.cluster.local:9080', 'outbound|9080||reviews.default.svc.cluster.local'],
			['allow_any', 'PassthroughCluster'],
		]);
	});

	it('endpoints: inline for static clusters, from EDS for EDS clusters', () => {
		const agent = findCluster(DETAILS, 'agent');
		const la = agent === undefined ? undefined : clusterEndpoints(DETAILS, agent);
		expect(la === undefined ? [] : healthyEndpoints(la).map((e) => e.address)).toEqual([{ kind: 'socket', address: '127.0.0.1', port: 15020, protocol: 'TCP' }]);
		const eds = load('writer-configdump/endpoint/configdump.json');
		const reviews = { ...(agent as NonNullable<typeof agent>), name: 'outbound|9080||reviews.default.svc.cluster.local', type: 'EDS' as const };
		const got = clusterEndpoints(eds, reviews);
		expect(got === undefined ? [] : healthyEndpoints(got).map((e) => (e.address.kind === 'socket' ? e.address.address : ''))).toEqual(['10.244.0.192', '10.244.0.193', '10.244.0.195']);
	});
});
