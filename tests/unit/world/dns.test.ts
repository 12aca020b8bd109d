// Name resolution from a pod: /etc/hosts, then the search list with ndots:5, against CoreDNS.

import { describe, expect, it } from 'vitest';
import { candidates, resolve, type DnsAnswer } from '../../../src/world';
import { mustBuild } from './helpers';

const world = mustBuild('bookinfo');
const page = world.pods.find((p) => p.name.startsWith('productpage'));
const files = page?.containers.find((c) => c.name === 'productpage')?.files ?? {};
const conf = { resolvConf: files['/etc/resolv.conf'] ?? '', hosts: files['/etc/hosts'] ?? '' };

const CASES: readonly { name: string; query: string; answer: DnsAnswer }[] = [
	{ name: 'a Service in the same namespace', query: 'reviews', answer: { kind: 'address', via: 'dns', name: 'reviews.default.svc.cluster.local', address: '10.96.212.9', ttl: 30, tried: ['reviews.default.svc.cluster.local'] } },
	{
		name: 'name.namespace',
		query: 'istiod.istio-system',
		answer: { kind: 'address', via: 'dns', name: 'istiod.istio-system.svc.cluster.local', address: '10.96.61.219', ttl: 30, tried: ['istiod.istio-system.default.svc.cluster.local', 'istiod.istio-system.svc.cluster.local'] },
	},
	{
		name: 'a full name with fewer than five dots goes through the search list first',
		query: 'details.default.svc.cluster.local',
		answer: {
			kind: 'address',
			via: 'dns',
			name: 'details.default.svc.cluster.local',
			address: '10.96.0.50',
			ttl: 30,
			tried: ['details.default.svc.cluster.local.default.svc.cluster.local', 'details.default.svc.cluster.local.svc.cluster.local', 'details.default.svc.cluster.local.cluster.local', 'details.default.svc.cluster.local'],
		},
	},
	{ name: 'a trailing dot asks once', query: 'details.default.svc.cluster.local.', answer: { kind: 'address', via: 'dns', name: 'details.default.svc.cluster.local', address: '10.96.0.50', ttl: 30, tried: ['details.default.svc.cluster.local'] } },
	{ name: 'a pod name from CoreDNS', query: '10-244-1-7.default.pod.cluster.local.', answer: { kind: 'address', via: 'dns', name: '10-244-1-7.default.pod.cluster.local', address: '10.244.1.7', ttl: 30, tried: ['10-244-1-7.default.pod.cluster.local'] } },
	{ name: 'localhost from /etc/hosts', query: 'localhost', answer: { kind: 'address', via: 'hosts', name: 'localhost', address: '127.0.0.1', tried: [] } },
	{ name: 'the pod’s own name from /etc/hosts', query: page?.name ?? '', answer: { kind: 'address', via: 'hosts', name: page?.name ?? '', address: '10.244.1.5', tried: [] } },
	{ name: 'an address', query: '10.96.0.50', answer: { kind: 'address', via: 'literal', name: '10.96.0.50', address: '10.96.0.50', tried: [] } },
	{ name: 'a name outside the cluster', query: 'example.com', answer: { kind: 'nxdomain', tried: ['example.com.default.svc.cluster.local', 'example.com.svc.cluster.local', 'example.com.cluster.local', 'example.com'] } },
	{ name: 'a Service of another namespace by its short name', query: 'istiod', answer: { kind: 'nxdomain', tried: ['istiod.default.svc.cluster.local', 'istiod.svc.cluster.local', 'istiod.cluster.local', 'istiod'] } },
];

describe('resolve', () => {
	it.each(CASES)('$name', ({ query, answer }) => {
		expect(resolve(world, query, conf)).toEqual(answer);
	});
});

describe('candidates', () => {
	it('tries the name as it is first when it has ndots dots', () => {
		expect(candidates('a.b.c.d.e', ['x'], 5)).toEqual(['a.b.c.d.e.x', 'a.b.c.d.e']);
		expect(candidates('a.b.c.d.e.f', ['x'], 5)).toEqual(['a.b.c.d.e.f', 'a.b.c.d.e.f.x']);
	});
});
