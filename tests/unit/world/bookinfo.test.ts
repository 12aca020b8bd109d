// The bookinfo world: every pod has the containers, processes and sockets a real one shows, the
// sleep pod has no sidecar and no rules, the node has its bridge, veths and processes, and the
// cluster's Services resolve to their endpoints.

import { describe, expect, it } from 'vitest';
import { netnsOf, processByPid, type Pod, type Socket, type World } from '../../../src/world';
import { iptablesSave } from '../../../src/world/build/rules';
import { mustBuild, scenarioFiles } from './helpers';

const world: World = mustBuild('bookinfo');

const pod = (prefix: string): Pod => {
	const p = world.pods.find((x) => x.name.startsWith(prefix));
	if (p === undefined) throw new Error(`no pod ${prefix}`);
	return p;
};

/** One line per socket, with ephemeral ports written `*` so the summary does not depend on the seed. */
function summary(sockets: readonly Socket[]): string[] {
	const port = (p: number): string => (p >= 32768 ? '*' : String(p));
	return sockets
		.map((s) => {
			const users = [...new Set(s.refs.map((r) => processByPid(world, r.pid)?.comm))].join(',') + (s.refs.length > 1 ? `×${s.refs.length}` : '');
			if (s.kind === 'unix') return `unix ${s.state} ${s.path ?? '*'} ${users}`;
			const remote = s.remote ? ` -> ${s.remote.address}:${port(s.remote.port)}` : '';
			return `${s.proto} ${s.state} ${s.local.address}:${port(s.local.port)}${remote} ${users}${s.transparent ? ' transparent' : ''}`;
		})
		.sort();
}

const SIDECAR_SOCKETS = [
	'tcp ESTABLISHED 10.244.1.X:* -> 10.96.61.219:15012 pilot-agent',
	'tcp ESTABLISHED 10.244.1.X:* -> 10.96.61.219:15012 pilot-agent',
	'tcp ESTABLISHED 127.0.0.1:* -> 127.0.0.1:15020 envoy',
	'tcp ESTABLISHED 127.0.0.1:* -> 127.0.0.1:15020 envoy',
	'tcp ESTABLISHED ::ffff:127.0.0.1:15020 -> ::ffff:127.0.0.1:* pilot-agent',
	'tcp ESTABLISHED ::ffff:127.0.0.1:15020 -> ::ffff:127.0.0.1:* pilot-agent',
	'tcp LISTEN 0.0.0.0:15001 envoy',
	'tcp LISTEN 0.0.0.0:15001 envoy',
	'tcp LISTEN 0.0.0.0:15006 envoy',
	'tcp LISTEN 0.0.0.0:15006 envoy',
	'tcp LISTEN 0.0.0.0:15021 envoy',
	'tcp LISTEN 0.0.0.0:15021 envoy',
	'tcp LISTEN 0.0.0.0:15090 envoy',
	'tcp LISTEN 0.0.0.0:15090 envoy',
	'tcp LISTEN 127.0.0.1:15000 envoy',
	'tcp LISTEN :::15020 pilot-agent',
	'unix ESTAB * envoy',
	'unix ESTAB * envoy',
	'unix ESTAB etc/istio/proxy/XDS pilot-agent',
	'unix ESTAB var/run/secrets/workload-spiffe-uds/socket pilot-agent',
	'unix LISTEN etc/istio/proxy/XDS pilot-agent',
	'unix LISTEN var/run/secrets/workload-spiffe-uds/socket pilot-agent',
];

const ENVOY_ARGV = '/usr/local/bin/envoy -c etc/istio/proxy/envoy-rev.json --drain-time-s 45 --drain-strategy immediate --local-address-ip-version v4 --file-flush-interval-msec 1000 --disable-hot-restart --allow-unknown-static-fields -l warning --component-log-level misc:error --skip-deprecated-logs --concurrency 2';
const AGENT_ARGV = '/usr/local/bin/pilot-agent proxy sidecar --domain default.svc.cluster.local --proxyLogLevel=warning --proxyComponentLogLevel=misc:error --log_output_level=default:info';

const SIDECAR_PODS: readonly { prefix: string; ip: string; app: string[]; appUid: number; appProcs: string[] }[] = [
	{ prefix: 'productpage-v1', ip: '10.244.1.5', app: ['tcp LISTEN :::9080 gunicorn×9'], appUid: 1000, appProcs: ['gunicorn', ...Array<string>(8).fill('gunicorn')] },
	{ prefix: 'details-v1', ip: '10.244.1.6', app: ['tcp LISTEN 0.0.0.0:9080 ruby', 'tcp LISTEN :::9080 ruby'], appUid: 1000, appProcs: ['ruby'] },
	{ prefix: 'ratings-v1', ip: '10.244.1.7', app: ['tcp LISTEN :::9080 node'], appUid: 1000, appProcs: ['node'] },
	{ prefix: 'reviews-v1', ip: '10.244.1.8', app: ['tcp LISTEN :::9080 java'], appUid: 1001, appProcs: ['java'] },
	{ prefix: 'reviews-v2', ip: '10.244.1.9', app: ['tcp LISTEN :::9080 java'], appUid: 1001, appProcs: ['java'] },
	{ prefix: 'reviews-v3', ip: '10.244.1.10', app: ['tcp LISTEN :::9080 java'], appUid: 1001, appProcs: ['java'] },
];

describe('sidecar pods', () => {
	describe.each(SIDECAR_PODS)('$prefix', ({ prefix, ip, app, appUid, appProcs }) => {
		const p = pod(prefix);
		const ns = world.netns[p.netns];
		const appName = prefix.replace(/-v\d$/, '');

		it('has istio-init (exited), the app and istio-proxy', () => {
			expect(p.ip).toBe(ip);
			expect(p.containers.map((c) => `${c.kind} ${c.name} ${c.state.kind}`)).toEqual(['init istio-init terminated', `app ${appName} running`, 'sidecar istio-proxy running']);
			const init = p.containers[0];
			expect(init?.state).toMatchObject({ kind: 'terminated', exitCode: 0, reason: 'Completed' });
			expect(init?.capabilities).toEqual(['NET_ADMIN', 'NET_RAW']);
			expect(init?.logs).toContain('Running iptables restore with: iptables-nft-restore and the following input:');
			// The pod's Envoy /config_dump is the scenario's file, as it is.
			expect(p.sidecar).toEqual({ istioVersion: '1.26.3', interceptionMode: 'REDIRECT', cni: false, proxyUid: 1337, proxyGid: 1337, configDump: scenarioFiles()[`bookinfo/envoy/${prefix}.config_dump.json`] });
		});

		it('runs pilot-agent as PID 1 of istio-proxy, which forks Envoy, both as 1337 without capabilities', () => {
			const procs = world.processes.filter((x) => x.container?.pod === p.key && x.container.container === 'istio-proxy');
			expect(procs.map((x) => [x.comm, x.uid, x.gid, x.capabilities.length])).toEqual([
				['pilot-agent', 1337, 1337, 0],
				['envoy', 1337, 1337, 0],
			]);
			const [agent, envoy] = procs;
			expect(agent?.nsPid).toBe(1);
			expect(agent?.argv.join(' ')).toBe(AGENT_ARGV);
			expect(envoy?.ppid).toBe(agent?.pid);
			expect(envoy?.nsPpid).toBe(1);
			expect(envoy?.nsPid).toBe((envoy?.pid ?? 0) - (agent?.pid ?? 0) + 1);
			expect(envoy?.argv.join(' ')).toBe(ENVOY_ARGV);
		});

		it('runs the app as its image user, its first process as PID 1', () => {
			const procs = world.processes.filter((x) => x.container?.pod === p.key && x.container.container === appName);
			expect(procs.map((x) => x.comm)).toEqual(appProcs);
			expect(procs[0]?.nsPid).toBe(1);
			expect(new Set(procs.map((x) => x.uid))).toEqual(new Set([appUid]));
			expect(procs.slice(1).every((x) => x.ppid === procs[0]?.pid)).toBe(true);
		});

		it('holds the sockets of a real sidecar pod', () => {
			const expected = [...SIDECAR_SOCKETS.map((l) => l.replace('10.244.1.X', ip)), ...app].sort();
			expect(summary(ns?.sockets ?? [])).toEqual(expected);
		});

		it('has lo, eth0 with the pod address, and routes through cni0', () => {
			expect(ns?.netns.interfaces.map((i) => `${i.index} ${i.name} ${i.addresses.map((a) => `${a.local}/${a.prefix}`).join(' ')}`)).toEqual(['1 lo 127.0.0.1/8 ::1/128', `2 eth0 ${ip}/24`]);
			expect(ns?.netns.routes.filter((r) => r.table === 254).map((r) => `${r.dst}/${r.prefix}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}`)).toEqual(['10.244.1.0/24 dev eth0', '0.0.0.0/0 via 10.244.1.1 dev eth0', '10.244.0.0/16 via 10.244.1.1 dev eth0']);
			expect(world.netns['node/kind-worker']?.netns.interfaces.some((i) => i.name === p.hostVeth)).toBe(true);
		});

		it('tracks the long-lived connections in conntrack', () => {
			const entries = ns?.conntrack.entries ?? [];
			expect(entries.map((e) => `${e.orig.dst}:${e.orig.dport} ${e.tcp ?? ''}${e.assured ? ' ASSURED' : ''}`).sort()).toEqual([
				'10.96.61.219:15012 ESTABLISHED ASSURED',
				'10.96.61.219:15012 ESTABLISHED ASSURED',
				'127.0.0.1:15020 ESTABLISHED ASSURED',
				'127.0.0.1:15020 ESTABLISHED ASSURED',
			]);
		});

		it('gives istio-proxy its bootstrap and the kubelet files', () => {
			const proxy = p.containers.find((c) => c.name === 'istio-proxy');
			expect(JSON.parse(proxy?.files['/etc/istio/proxy/envoy-rev.json'] ?? '{}').node.id).toBe(`sidecar~${ip}~${p.name}.default~default.svc.cluster.local`);
			expect(proxy?.files['/etc/resolv.conf']).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
			expect(proxy?.files['/etc/hosts']?.split('\n').at(-2)).toBe(`${ip}\t${p.name}`);
			expect(proxy?.binaries).toContain('iptables');
			expect(p.containers.find((c) => c.name === appName)?.binaries).not.toContain('iptables');
		});
	});
});

describe('the sleep pod', () => {
	const p = pod('sleep');
	const ns = world.netns[p.netns];

	it('has no sidecar and no init container', () => {
		expect(p.sidecar).toBeUndefined();
		expect(p.containers.map((c) => c.name)).toEqual(['sleep']);
		expect(world.processes.filter((x) => x.container?.pod === p.key).map((x) => `${x.comm} ${x.uid} ${x.argv.join(' ')}`)).toEqual(['pause 65535 /pause', 'sleep 100 /bin/sleep infinity']);
	});

	it('has no rules, no conntrack entries and no sockets', () => {
		expect(iptablesSave(netnsOf(world, p.netns).netfilter, new Date(world.builtAt))).toBe('');
		expect(ns?.conntrack.entries).toEqual([]);
		expect(ns?.sockets).toEqual([]);
	});
});

describe('the node', () => {
	const node = world.nodes[0];
	const ns = world.netns['node/kind-worker'];

	it('has eth0, flannel.1, cni0 and one veth per pod on the pod network', () => {
		const names = ns?.netns.interfaces.map((i) => i.name) ?? [];
		expect(names.slice(0, 4)).toEqual(['lo', 'eth0', 'flannel.1', 'cni0']);
		const onPodNetwork = world.pods.filter((p) => !p.hostNetwork);
		expect(names.slice(4)).toEqual(onPodNetwork.sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1)).map((p) => p.hostVeth));
		expect(names.slice(4).every((n) => /^veth[0-9a-f]{8}$/.test(n))).toBe(true);
		expect(ns?.netns.interfaces.find((i) => i.name === 'cni0')?.addresses.map((a) => `${a.local}/${a.prefix}`)).toEqual(['10.244.1.1/24']);
	});

	it('runs init, containerd, the kubelet, one shim per pod and the host-network pods', () => {
		const host = world.processes.filter((p) => p.container === undefined).map((p) => p.comm);
		expect(host.slice(0, 4)).toEqual(['systemd', 'systemd-journal', 'containerd', 'kubelet']);
		expect(host.filter((c) => c === 'containerd-shim')).toHaveLength(world.pods.length);
		const hostNetwork = world.processes.filter((p) => p.netns === node?.netns && p.container !== undefined && p.container.container !== 'POD').map((p) => p.comm);
		expect(hostNetwork).toEqual(['flanneld', 'kube-proxy']);
		expect(processByPid(world, 1)?.argv).toEqual(['/sbin/init']);
	});

	it('holds the node-level sockets', () => {
		expect(summary(ns?.sockets ?? [])).toEqual([
			'tcp ESTABLISHED 172.18.0.3:* -> 10.96.0.1:443 flanneld',
			'tcp ESTABLISHED 172.18.0.3:* -> 172.18.0.2:6443 kube-proxy',
			'tcp ESTABLISHED 172.18.0.3:* -> 172.18.0.2:6443 kubelet',
			// containerd's CRI streaming server, on a port it picks itself.
			'tcp LISTEN 127.0.0.1:* containerd',
			'tcp LISTEN 127.0.0.1:10248 kubelet',
			'tcp LISTEN 127.0.0.1:10249 kube-proxy',
			'tcp LISTEN :::10250 kubelet',
			'tcp LISTEN :::10256 kube-proxy',
			'unix LISTEN /run/containerd/containerd.sock containerd',
			'unix LISTEN /run/containerd/containerd.sock.ttrpc containerd',
		]);
	});

	it('loads kube-proxy\'s and flannel\'s rules without a warning', () => {
		expect(world.warnings).toEqual([]);
	});
});

describe('the cluster', () => {
	it('derives Endpoints from the selectors of the Services', () => {
		expect(world.endpoints.map((e) => `${e.namespace}/${e.name} ${e.addresses.map((a) => a.ip).join(',')} ${e.ports.map((p) => `${p.port}/${p.protocol}`).join(',')}`)).toEqual([
			'default/kubernetes 172.18.0.2 6443/TCP',
			'kube-system/kube-dns 10.244.0.2,10.244.0.3 53/UDP,53/TCP,9153/TCP',
			'istio-system/istiod 10.244.0.5 15010/TCP,15012/TCP,15017/TCP,15014/TCP',
			'default/details 10.244.1.6 9080/TCP',
			'default/ratings 10.244.1.7 9080/TCP',
			'default/reviews 10.244.1.8,10.244.1.9,10.244.1.10 9080/TCP',
			'default/productpage 10.244.1.5 9080/TCP',
			'default/sleep 10.244.1.11 80/TCP',
		]);
	});

	it('serves an A record per Service', () => {
		expect(world.dns.map((r) => `${r.name} ${r.ttl} A ${r.address}`)).toContain('reviews.default.svc.cluster.local 30 A 10.96.212.9');
		expect(world.dns).toHaveLength(world.services.length);
	});
});
