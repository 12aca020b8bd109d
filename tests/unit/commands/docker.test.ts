import { describe, expect, it } from 'vitest';
import { DOCKER_USAGE } from '../../../src/commands/docker/help';
import type { World } from '../../../src/world/types';
import { lab, run } from '../lab/helpers';

// Docker CLI 28.2.2 with no daemon (recorded on this machine): what the kind node, a containerd
// node, answers to the seeds' `docker ps` and `docker inspect --format '{{.State.Pid}}'`.

const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

describe('docker on a containerd node', () => {
	it.each([
		['docker ps', '', NO_DAEMON, 1],
		['docker ps -a', '', NO_DAEMON, 1],
		["docker inspect --format '{{.State.Pid}}' 163", '\n', NO_DAEMON, 1],
		['docker inspect 163', '[]\n', NO_DAEMON, 1],
		["docker inspect -f '{{.State.Pid}}' a b", '\n', NO_DAEMON + NO_DAEMON, 1],
		['docker top 163', '', NO_DAEMON, 1],
		['docker --version', 'Docker version 28.2.2, build e6534b4\n', '', 0],
		['docker bogus', '', "docker: unknown command: docker bogus\n\nRun 'docker --help' for more information\n", 1],
		['docker', DOCKER_USAGE, '', 0],
	])('%s (recorded)', (line, stdout, stderr, exitCode) => {
		expect(run(lab(), line)).toEqual({ stdout, stderr, exitCode });
	});
});

describe('docker on a Docker node', () => {
	it('lists the kubelet’s containers and inspects their PID', () => {
		const l = lab();
		const world: World = { ...l.handle.world, nodes: l.handle.world.nodes.map((n) => ({ ...n, containerRuntime: 'docker://24.0.7' })) };
		l.handle.world = world;
		const ps = run(l, 'docker ps | grep istio-proxy_productpage').stdout;
		expect(ps).toMatch(/^48ef29135d85 +docker\.io\/istio\/proxyv2:1\.26\.3 +"\/usr\/local\/bin\/pilo…" +About an hour ago +Up About an hour +k8s_istio-proxy_productpage-v1-54bb874995-hhx8q_default_2f8a5fa2-f39e-4aff-96bf-3546eb4ac7e9_0\n$/);
		const agent = world.processes.find((p) => p.comm === 'pilot-agent' && p.container?.pod === 'default/productpage-v1-54bb874995-hhx8q')?.pid;
		expect(run(l, "docker inspect --format '{{.State.Pid}}' 48ef").stdout).toBe(`${agent}\n`);
	});
});
