// Where the terminal is, and how a learner moves: a root shell on the node; `nsenter -t PID -n
// [-u]` into a process's namespaces (the node's files and programs stay, as util-linux's nsenter
// only switches the namespaces asked for); `kubectl exec POD [-c C]` into a container (its user,
// files, programs, working directory and hostname). Failures are values worded like the tools.

import { containerOf, hostnameOfPid, nodeByName, podByName, podOfPid, processByPid } from './lookup';
import type { Location, World } from './types';

export type Moved = { readonly ok: true; readonly location: Location; readonly stderr: string } | { readonly ok: false; readonly stderr: string; readonly exitCode: number };

/** A root shell on a node (the first node unless named). */
export function atNode(world: World, nodeName?: string): Location {
	const node = nodeName === undefined ? world.nodes[0] : nodeByName(world, nodeName);
	if (node === undefined) throw new Error(`broken invariant: no node ${nodeName ?? '(first)'}`);
	return { kind: 'node', node: node.name, netns: node.netns, uid: 0, gid: 0, hostname: node.hostname, binaries: node.binaries, cwd: '/root' };
}

/**
 * `nsenter -t PID [-n] [-u]` from `from`. Only a shell that sees the node's /proc can name a host
 * PID: inside a container, the PID is not there.
 */
export function nsenter(world: World, from: Location, pid: number, ns: { readonly net: boolean; readonly uts: boolean }): Moved {
	const target = processByPid(world, pid);
	const which = ns.net ? 'net' : 'uts';
	if (from.kind === 'exec' || target === undefined) return { ok: false, stderr: `nsenter: cannot open /proc/${pid}/ns/${which}: No such file or directory\n`, exitCode: 1 };
	if (from.uid !== 0) return { ok: false, stderr: `nsenter: cannot open /proc/${pid}/ns/${which}: Permission denied\n`, exitCode: 1 };
	const pod = podOfPid(world, pid);
	const netns = ns.net ? target.netns : from.netns;
	const uts = ns.uts || (from.kind === 'nsenter' && from.uts);
	const hostname = ns.uts ? (hostnameOfPid(world, pid) ?? from.hostname) : from.hostname;
	return {
		ok: true,
		stderr: '',
		location: {
			kind: 'nsenter',
			node: from.node,
			targetPid: pid,
			...(pod !== undefined ? { pod: pod.key } : {}),
			netns,
			uts,
			uid: 0,
			gid: 0,
			hostname,
			binaries: from.binaries,
			cwd: from.cwd,
		},
	};
}

/**
 * `kubectl exec [-n NS] POD [-c CONTAINER] -- …`. Without -c, kubectl 1.32
 * (podcmd.FindOrDefaultContainerByName) takes the container the
 * kubectl.kubernetes.io/default-container annotation names, silently; when there is no such
 * annotation, or it names no container of the pod, it takes the first container and says so on
 * stderr if the pod has others (init containers count):
 *   Defaulted container "productpage" out of: productpage, istio-proxy, istio-init (init)
 */
export function kubectlExec(world: World, podName: string, opts: { readonly namespace?: string; readonly container?: string } = {}): Moved {
	const ns = opts.namespace ?? 'default';
	const pod = podByName(world, podName, ns);
	if (pod === undefined) return { ok: false, stderr: `Error from server (NotFound): pods "${podName}" not found\n`, exitCode: 1 };
	const running = pod.containers.filter((c) => c.kind !== 'init');
	let name = opts.container;
	let notice = '';
	if (name === undefined) {
		const annotated = pod.annotations['kubectl.kubernetes.io/default-container'];
		const byAnnotation = annotated === undefined || annotated === '' ? undefined : pod.containers.find((c) => c.name === annotated);
		name = byAnnotation?.name ?? running[0]?.name ?? '';
		if (byAnnotation === undefined && pod.containers.length > 1) {
			const all = pod.containers.map((c) => (c.kind === 'init' ? `${c.name} (init)` : c.name));
			// kubectl lists the containers first, then the init containers.
			const ordered = [...all.filter((c) => !c.endsWith(' (init)')), ...all.filter((c) => c.endsWith(' (init)'))];
			notice = `Defaulted container "${name}" out of: ${ordered.join(', ')}\n`;
		}
	}
	const container = containerOf(world, { pod: pod.key, container: name });
	if (container === undefined || container.state.kind !== 'running') {
		return { ok: false, stderr: `${notice}error: unable to upgrade connection: container not found ("${name}")\n`, exitCode: 1 };
	}
	return {
		ok: true,
		stderr: notice,
		location: {
			kind: 'exec',
			node: pod.nodeName,
			pod: pod.key,
			container: container.name,
			netns: pod.netns,
			uid: container.user.uid,
			gid: container.user.gid,
			hostname: pod.hostNetwork ? (nodeByName(world, pod.nodeName)?.hostname ?? pod.nodeName) : pod.name,
			binaries: container.binaries,
			cwd: container.workdir,
		},
	};
}

/** The files a location sees: the container's, or the node's. */
export function filesAt(world: World, at: Location): Readonly<Record<string, string>> {
	if (at.kind === 'exec') return containerOf(world, { pod: at.pod, container: at.container })?.files ?? {};
	return nodeByName(world, at.node)?.files ?? {};
}
