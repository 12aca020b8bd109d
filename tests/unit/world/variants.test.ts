// The variants build, and differ from bookinfo exactly where the real installations differ.

import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../src/world/build';
import { formatScenarioError, loadScenario, netnsOf, processByPid, type Pod, type World } from '../../../src/world';
import { iptablesSave } from '../../../src/world/build/rules';
import { mustBuild, mustLoad, scenarioFiles } from './helpers';

const find = (world: World, prefix: string): Pod => {
	const p = world.pods.find((x) => x.name.startsWith(prefix));
	if (p === undefined) throw new Error(`no pod ${prefix}`);
	return p;
};

describe('bookinfo-cni', () => {
	const world = mustBuild('bookinfo-cni');
	const page = find(world, 'productpage');

	it('extends bookinfo: the same pods plus istio-cni-node', () => {
		expect(mustLoad('bookinfo-cni').chain).toEqual(['bookinfo-cni', 'bookinfo']);
		expect(world.pods.map((p) => p.key).sort()).toEqual([...mustBuild('bookinfo').pods.map((p) => p.key), 'istio-system/istio-cni-node-k8v2m'].sort());
	});

	it('runs install-cni in its own pod network namespace, with its health and metrics ports', () => {
		const cni = find(world, 'istio-cni-node');
		expect(cni.hostNetwork).toBe(false);
		const proc = world.processes.find((p) => p.container?.pod === cni.key && p.container.container === 'install-cni');
		expect(proc?.argv).toEqual(['install-cni', '--log_output_level=info']);
		expect(proc?.capabilities).toEqual(['NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_ADMIN', 'DAC_OVERRIDE']);
		const ns = world.netns[cni.netns];
		expect(ns?.sockets.map((s) => (s.kind === 'inet' ? `${s.state} ${s.local.address}:${s.local.port}` : `${s.state} ${s.path}`))).toEqual([
			'LISTEN :::8000',
			'LISTEN :::15014',
			'LISTEN /var/run/istio-cni/log.sock',
			`ESTABLISHED 10.244.1.2:${(ns?.sockets[3] as { local: { port: number } }).local.port}`,
		]);
		expect(iptablesSave(netnsOf(world, cni.netns).netfilter, new Date(world.builtAt))).toBe('');
	});

	it('chains istio-cni into the node’s CNI configuration', () => {
		const conflist = JSON.parse(world.nodes[0]?.files['/etc/cni/net.d/10-flannel.conflist'] ?? '{}') as { plugins: { type: string }[] };
		expect(conflist.plugins.map((p) => p.type)).toEqual(['flannel', 'portmap', 'istio-cni']);
	});

	it('has istio-validation instead of istio-init, unprivileged, and it passed', () => {
		const init = page.containers[0];
		expect([init?.name, init?.kind, init?.state.kind, init?.user, init?.capabilities]).toEqual(['istio-validation', 'init', 'terminated', { uid: 1337, gid: 1337 }, []]);
		expect(init?.logs).toContain('Validation passed, iptables rules established');
		expect(init?.logs).not.toContain('Running iptables restore');
		expect(page.sidecar?.cni).toBe(true);
	});

	it('has the plugin’s extra outbound exclusion of 15020', () => {
		const save = iptablesSave(netnsOf(world, page.netns).netfilter, new Date(world.builtAt));
		expect(save).toContain('-A ISTIO_OUTPUT -p tcp -m tcp --dport 15020 -j RETURN\n-A ISTIO_OUTPUT -p udp -m udp --dport 15020 -j RETURN\n');
	});
});

describe('bookinfo-tproxy', () => {
	const world = mustBuild('bookinfo-tproxy');
	const page = find(world, 'productpage');
	const ns = world.netns[page.netns];

	it('asks istio-iptables for TPROXY', () => {
		expect(page.annotations['sidecar.istio.io/interceptionMode']).toBe('TPROXY');
		expect(page.sidecar?.interceptionMode).toBe('TPROXY');
		expect(page.containers[0]?.logs).toContain('INBOUND_INTERCEPTION_MODE=TPROXY');
	});

	it('runs pilot-agent and Envoy as root, group 1337, with NET_ADMIN', () => {
		const procs = world.processes.filter((p) => p.container?.pod === page.key && p.container.container === 'istio-proxy');
		expect(procs.map((p) => [p.comm, p.uid, p.gid, p.capabilities])).toEqual([
			['pilot-agent', 0, 1337, ['NET_ADMIN']],
			['envoy', 0, 1337, ['NET_ADMIN']],
		]);
	});

	it('makes Envoy’s capture listeners transparent', () => {
		const transparent = (ns?.sockets ?? []).filter((s) => s.kind === 'inet' && s.transparent === true && s.state === 'LISTEN');
		expect(transparent.map((s) => (s.kind === 'inet' ? `${s.local.port} ${processByPid(world, s.refs[0]?.pid ?? 0)?.comm}` : ''))).toEqual(['15001 envoy', '15001 envoy', '15006 envoy', '15006 envoy']);
	});

	it('keeps the sidecar’s unix sockets and connections', () => {
		expect((ns?.sockets ?? []).filter((s) => s.kind === 'unix').map((s) => s.label)).toEqual(['pilot-agent/xds', 'pilot-agent/sds', 'envoy/xds-grpc', 'pilot-agent/xds/accepted', 'envoy/sds-grpc', 'pilot-agent/sds/accepted']);
	});
});

describe('bookinfo-registry-only', () => {
	const world = mustBuild('bookinfo-registry-only');

	it('extends bookinfo with only the mesh config changed, and builds without warnings', () => {
		const loaded = mustLoad('bookinfo-registry-only');
		expect(loaded.chain).toEqual(['bookinfo-registry-only', 'bookinfo']);
		expect([loaded.doc.istio.outboundTrafficPolicy, mustLoad('bookinfo').doc.istio.outboundTrafficPolicy]).toEqual([{ mode: 'REGISTRY_ONLY' }, { mode: 'ALLOW_ANY' }]);
		expect(world.warnings).toEqual(mustBuild('bookinfo').warnings);
		expect(world.pods.map((p) => p.key)).toEqual(mustBuild('bookinfo').pods.map((p) => p.key));
	});

	it('gives every sidecar its own dump, the variant’s file', () => {
		const files = scenarioFiles();
		for (const pod of world.pods.filter((p) => p.sidecar !== undefined)) {
			const workload = pod.name.split('-').slice(0, -2).join('-');
			expect(pod.sidecar?.configDump, pod.name).toBe(files[`bookinfo-registry-only/envoy/${workload}.config_dump.json`]);
		}
	});
});

describe('bookinfo-localhost', () => {
	const world = mustBuild('bookinfo-localhost');
	const page = find(world, 'productpage');
	const listening = (w: World, pod: Pod): string[] =>
		(w.netns[pod.netns]?.sockets ?? []).flatMap((s) => (s.kind === 'inet' && s.state === 'LISTEN' && s.local.port === 9080 ? [`${s.local.address}:${s.local.port} ${processByPid(w, s.refs[0]?.pid ?? 0)?.comm}`] : []));

	it('extends bookinfo, builds without warnings, and keeps bookinfo’s dumps', () => {
		expect(mustLoad('bookinfo-localhost').chain).toEqual(['bookinfo-localhost', 'bookinfo']);
		expect(world.warnings).toEqual(mustBuild('bookinfo').warnings);
		expect(page.sidecar?.configDump).toBe(find(mustBuild('bookinfo'), 'productpage').sidecar?.configDump);
	});

	it('binds productpage’s gunicorn to 127.0.0.1:9080 only; the other apps are unchanged', () => {
		expect(listening(world, page)).toEqual(['127.0.0.1:9080 gunicorn']);
		expect(listening(mustBuild('bookinfo'), find(mustBuild('bookinfo'), 'productpage'))).toEqual([':::9080 gunicorn']);
		expect(listening(world, find(world, 'details'))).toEqual(['0.0.0.0:9080 ruby', ':::9080 ruby']);
		const argv = world.processes.find((p) => p.container?.pod === page.key && p.comm === 'gunicorn')?.argv;
		expect(argv?.slice(2, 4)).toEqual(['-b', '127.0.0.1:9080']);
	});
});

describe('a variant written for a lesson', () => {
	it('can drop a pod of its base and change a field of a node', () => {
		const files = {
			...scenarioFiles(),
			'bookinfo-lean/scenario.yaml': [
				'schema: 1',
				'id: bookinfo-lean',
				'extends: bookinfo',
				'title: { en: Bookinfo without the client, zh: 没有客户端的 Bookinfo }',
				'nodes:',
				'  - { name: kind-worker, kernel: 6.12.0-1-amd64 }',
				'pods:',
				'  - { manifest: pods/sleep.yaml, remove: true }',
				'',
			].join('\n'),
		};
		const loaded = loadScenario(files, 'bookinfo-lean');
		if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
		const built = buildWorld(loaded.value, { seed: 1 });
		if (!built.ok) throw new Error(built.errors.map(formatScenarioError).join('\n'));
		expect(built.value.pods.some((p) => p.name.startsWith('sleep'))).toBe(false);
		expect(built.value.nodes[0]?.kernel).toBe('6.12.0-1-amd64');
		expect(built.value.nodes[0]?.podCidr).toBe('10.244.1.0/24');
		expect(built.value.scenario.id).toBe('bookinfo-lean');
	});
});
