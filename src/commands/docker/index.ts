// The Docker CLI on the node. On a containerd node (kind, and every shipped scenario) no Docker
// daemon runs, and every command that needs one says so exactly as Docker CLI 28.2.2 does
// (recorded): `docker inspect` still prints its empty result first ("[]", or an empty line per
// --format), then one error per name. On a node whose runtime is Docker (dockershim or
// cri-dockerd), `docker ps` lists the pods' containers under the kubelet's names
// (`k8s_<container>_<pod>_<namespace>_<uid>_0`) and `docker inspect --format` reads them.

import type { CommandSpec } from '../../shell';
import { nodeByName } from '../../world';
import type { Container, Pod } from '../../world/types';
import type { WorldHandle } from '../../lab/world-handle';
import { goTemplate } from '../crictl/template';
import { unitsDuration } from '../crictl';
import { tabwrite } from '../kubectl/tabwriter';
import { DOCKER_HELP, DOCKER_USAGE, DOCKER_VERSION, notModelled } from './help';

const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

const COMMANDS = new Set(['run', 'exec', 'ps', 'build', 'bake', 'pull', 'push', 'images', 'login', 'logout', 'search', 'version', 'info', 'builder', 'buildx', 'compose', 'container', 'context', 'image', 'manifest', 'network', 'plugin', 'system', 'trust', 'volume', 'swarm', 'attach', 'commit', 'cp', 'create', 'diff', 'events', 'export', 'history', 'import', 'inspect', 'kill', 'load', 'logs', 'pause', 'port', 'rename', 'restart', 'rm', 'rmi', 'save', 'start', 'stats', 'stop', 'tag', 'top', 'unpause', 'update', 'wait']);

const bare = (id: string): string => id.replace(/^[a-z]+:\/\//, '');
const kubeletName = (pod: Pod, c: Container | 'POD'): string => `k8s_${c === 'POD' ? 'POD' : c.name}_${pod.name}_${pod.namespace}_${pod.uid}_0`;

export function docker(handle: WorldHandle): CommandSpec {
	return {
		name: 'docker',
		path: '/usr/bin/docker',
		help: DOCKER_HELP,
		run(args, ctx) {
			const [cmd, ...rest] = args;
			if (cmd === undefined) return { stdout: DOCKER_USAGE, stderr: '', exitCode: 0 };
			if (cmd === '--version' || cmd === '-v') return { stdout: DOCKER_VERSION, stderr: '', exitCode: 0 };
			if (!COMMANDS.has(cmd)) return { stdout: '', stderr: `docker: unknown command: docker ${cmd}\n\nRun 'docker --help' for more information\n`, exitCode: 1 };
			const world = handle.world;
			const node = nodeByName(world, handle.location.node);
			const format = (() => {
				const i = rest.findIndex((a) => a === '--format' || a === '-f');
				if (i >= 0) return rest[i + 1];
				return rest.find((a) => a.startsWith('--format='))?.slice(9);
			})();
			const names = rest.filter((a, i) => !a.startsWith('-') && rest[i - 1] !== '--format' && rest[i - 1] !== '-f');
			if (node === undefined || !node.containerRuntime.startsWith('docker://')) {
				if (cmd === 'inspect') return { stdout: format === undefined ? '[]\n' : '\n', stderr: NO_DAEMON.repeat(Math.max(1, names.length)), exitCode: 1 };
				if (cmd === 'version') return { stdout: 'Client:\n Version:           28.2.2\n API version:       1.50\n Go version:        go1.24.3\n Git commit:        e6534b4\n Built:             Fri May 30 12:07:14 2025\n OS/Arch:           linux/amd64\n Context:           default\n', stderr: NO_DAEMON, exitCode: 1 };
				return { stdout: '', stderr: NO_DAEMON, exitCode: 1 };
			}
			// A Docker node: the kubelet's containers, newest first.
			const now = handle.now();
			const entries = world.pods
				.filter((p) => p.nodeName === node.name)
				.flatMap((pod) => [{ pod, c: 'POD' as const, id: pod.sandbox.id, at: pod.createdAt + 300, image: 'registry.k8s.io/pause:3.10', command: '"/pause"', running: true, pid: pod.sandbox.pid }, ...pod.containers.map((c) => ({ pod, c, id: bare(c.id), at: c.state.startedAt - 120, image: c.image, command: `"${c.kind === 'sidecar' ? '/usr/local/bin/pilo…' : c.name}"`, running: c.state.kind === 'running', pid: c.mainPid ?? 0 }))])
				.sort((a, b) => b.at - a.at);
			if (cmd === 'ps') {
				const list = entries.filter((e) => e.running || rest.includes('-a'));
				if (rest.includes('-q')) return { stdout: list.map((e) => `${e.id.slice(0, 12)}\n`).join(''), stderr: '', exitCode: 0 };
				const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], ...list.map((e) => [e.id.slice(0, 12), e.image, e.command, `${unitsDuration(now - e.at)} ago`, `Up ${unitsDuration(now - e.at)}`, '', kubeletName(e.pod, e.c)])];
				return { stdout: tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), { minwidth: 0, padding: 3 }), stderr: '', exitCode: 0 };
			}
			if (cmd === 'inspect') {
				let stdout = '';
				let stderr = '';
				for (const n of names) {
					const e = entries.find((x) => x.id.startsWith(n) || kubeletName(x.pod, x.c) === n);
					if (e === undefined) {
						stderr += `Error: No such object: ${n}\n`;
						continue;
					}
					const doc = { Id: e.id, Name: `/${kubeletName(e.pod, e.c)}`, State: { Status: e.running ? 'running' : 'exited', Running: e.running, Pid: e.running ? e.pid : 0 } };
					if (format === undefined) stdout += `${JSON.stringify([doc], null, 4)}\n`;
					else {
						const r = goTemplate(format, doc);
						if (!r.ok) return { stdout: '', stderr: `${r.error}\n`, exitCode: 1 };
						stdout += `${r.text}\n`;
					}
				}
				return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
			}
			return { stdout: '', stderr: notModelled(ctx.lang, cmd), exitCode: 1 };
		},
	};
}
