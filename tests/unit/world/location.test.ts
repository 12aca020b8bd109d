// Moving around like on a real node: nsenter into a process's namespaces, kubectl exec into a
// container; where it fails, the tools' own words.

import { describe, expect, it } from 'vitest';
import { atNode, filesAt, kubectlExec, nsenter, processesOf, type Location } from '../../../src/world';
import { mustBuild } from './helpers';

const world = mustBuild('bookinfo');
const page = world.pods.find((p) => p.name.startsWith('productpage'));
const envoy = world.processes.find((p) => p.comm === 'envoy' && p.container?.pod === page?.key);
const node = atNode(world);

describe('atNode', () => {
	it('is a root shell in the node netns', () => {
		expect(node).toEqual({ kind: 'node', node: 'kind-worker', netns: 'node/kind-worker', uid: 0, gid: 0, hostname: 'kind-worker', binaries: world.nodes[0]?.binaries, cwd: '/root' });
	});
});

describe('nsenter -t PID', () => {
	it('-n enters the pod netns and keeps the node’s hostname and programs', () => {
		const r = nsenter(world, node, envoy?.pid ?? 0, { net: true, uts: false });
		expect(r.ok && r.location).toMatchObject({ kind: 'nsenter', netns: page?.netns, pod: page?.key, hostname: 'kind-worker', uid: 0, binaries: node.binaries, uts: false });
	});

	it('-n -u also takes the pod’s hostname', () => {
		const r = nsenter(world, node, envoy?.pid ?? 0, { net: true, uts: true });
		expect(r.ok && r.location.hostname).toBe(page?.name);
	});

	it('the pause process works as well as Envoy', () => {
		const r = nsenter(world, node, page?.sandbox.pid ?? 0, { net: true, uts: false });
		expect(r.ok && r.location.netns).toBe(page?.netns);
	});

	const CASES: readonly { name: string; from: () => Location; pid: number; stderr: string }[] = [
		{ name: 'a PID that does not exist', from: () => node, pid: 999999, stderr: 'nsenter: cannot open /proc/999999/ns/net: No such file or directory\n' },
		{
			name: 'from inside a container, host PIDs are not visible',
			from: () => {
				const r = kubectlExec(world, page?.name ?? '', { container: 'istio-proxy' });
				if (!r.ok) throw new Error(r.stderr);
				return r.location;
			},
			pid: envoy?.pid ?? 0,
			stderr: `nsenter: cannot open /proc/${envoy?.pid ?? 0}/ns/net: No such file or directory\n`,
		},
	];
	it.each(CASES)('fails for $name', ({ from, pid, stderr }) => {
		expect(nsenter(world, from(), pid, { net: true, uts: false })).toEqual({ ok: false, stderr, exitCode: 1 });
	});
});

describe('kubectl exec', () => {
	it('defaults to the container the default-container annotation names, silently (kubectl 1.32)', () => {
		const r = kubectlExec(world, page?.name ?? '');
		expect(r.ok && r.stderr).toBe('');
		expect(r.ok && r.location).toMatchObject({ kind: 'exec', container: 'productpage', uid: 1000, gid: 0, hostname: page?.name, cwd: '/opt/microservices' });
	});

	it('-c istio-proxy is uid 1337 with the proxy image’s programs', () => {
		const r = kubectlExec(world, page?.name ?? '', { container: 'istio-proxy' });
		if (!r.ok) throw new Error(r.stderr);
		expect([r.stderr, r.location.uid, r.location.binaries.includes('iptables')]).toEqual(['', 1337, true]);
		expect(filesAt(world, r.location)['/etc/passwd']).toContain('istio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh');
	});

	it('a single-container pod needs no default', () => {
		const sleep = world.pods.find((p) => p.name.startsWith('sleep'));
		const r = kubectlExec(world, sleep?.name ?? '');
		expect(r.ok && [r.stderr, r.location.uid, r.location.hostname]).toEqual(['', 100, sleep?.name]);
	});

	const ERRORS: readonly { name: string; pod: string; opts: { namespace?: string; container?: string }; stderr: string }[] = [
		{ name: 'an unknown pod', pod: 'productpage', opts: {}, stderr: 'Error from server (NotFound): pods "productpage" not found\n' },
		{ name: 'the wrong namespace', pod: page?.name ?? '', opts: { namespace: 'istio-system' }, stderr: `Error from server (NotFound): pods "${page?.name ?? ''}" not found\n` },
		{ name: 'an unknown container', pod: page?.name ?? '', opts: { container: 'envoy' }, stderr: 'error: unable to upgrade connection: container not found ("envoy")\n' },
		{ name: 'an init container that has exited', pod: page?.name ?? '', opts: { container: 'istio-init' }, stderr: 'error: unable to upgrade connection: container not found ("istio-init")\n' },
	];
	it.each(ERRORS)('fails for $name', ({ pod, opts, stderr }) => {
		expect(kubectlExec(world, pod, opts)).toEqual({ ok: false, stderr, exitCode: 1 });
	});
});

describe('processesOf', () => {
	it('lists the node’s own processes', () => {
		expect(processesOf(world, undefined).slice(0, 4).map((p) => p.comm)).toEqual(['systemd', 'systemd-journal', 'containerd', 'kubelet']);
	});
});
