// Questions commands ask the world: which process has PID N, which pod owns a network namespace,
// who holds a socket, what a container is called. Read-only and cheap.

import type { Container, ContainerRef, InetSocket, NetnsId, NetnsState, Node, Pod, Process, Socket, World } from './types';

/** The process with host PID `pid` (World.processes is sorted by PID). */
export function processByPid(world: World, pid: number): Process | undefined {
	const ps = world.processes;
	let lo = 0;
	let hi = ps.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const p = ps[mid] as Process;
		if (p.pid === pid) return p;
		if (p.pid < pid) lo = mid + 1;
		else hi = mid - 1;
	}
	return undefined;
}

/** `productpage-v1-54bb874995-hhx8q`, or `default/productpage-v1-…`. */
export function podByName(world: World, name: string, namespace = 'default'): Pod | undefined {
	const key = name.includes('/') ? name : `${namespace}/${name}`;
	return world.pods.find((p) => p.key === key);
}

/** The pod whose sandbox owns a network namespace (undefined for a node's namespace). */
export function podOfNetns(world: World, id: NetnsId): Pod | undefined {
	return world.pods.find((p) => p.netns === id && !p.hostNetwork);
}

/** The pod a process belongs to, through its container (pause included). */
export function podOfPid(world: World, pid: number): Pod | undefined {
	const ref = processByPid(world, pid)?.container;
	return ref === undefined ? undefined : world.pods.find((p) => p.key === ref.pod);
}

export function nodeByName(world: World, name: string): Node | undefined {
	return world.nodes.find((n) => n.name === name);
}

export function netnsOf(world: World, id: NetnsId): NetnsState {
	const ns = world.netns[id];
	if (ns === undefined) throw new Error(`broken invariant: no network namespace ${id}`);
	return ns;
}

export function containerOf(world: World, ref: ContainerRef): Container | undefined {
	return world.pods.find((p) => p.key === ref.pod)?.containers.find((c) => c.name === ref.container);
}

/** Processes of one container, or of the node itself when `ref` is undefined. */
export function processesOf(world: World, ref: ContainerRef | undefined): Process[] {
	return world.processes.filter((p) => (ref === undefined ? p.container === undefined : p.container?.pod === ref.pod && p.container.container === ref.container));
}

/** Children of a process, in PID order. */
export function childrenOf(world: World, pid: number): Process[] {
	return world.processes.filter((p) => p.ppid === pid);
}

/** Every socket a process holds, with the fd it holds it by. */
export function socketsOfPid(world: World, pid: number): { socket: Socket; fd: number }[] {
	const p = processByPid(world, pid);
	if (p === undefined) return [];
	return netnsOf(world, p.netns).sockets.flatMap((s) => s.refs.filter((r) => r.pid === pid).map((r) => ({ socket: s, fd: r.fd })));
}

/** The processes behind a socket (ss -p lists every one of them). */
export function holdersOf(world: World, s: Socket): { process: Process; fd: number }[] {
	return s.refs.flatMap((r) => {
		const p = processByPid(world, r.pid);
		return p === undefined ? [] : [{ process: p, fd: r.fd }];
	});
}

export function socketByInode(world: World, id: NetnsId, inode: number): Socket | undefined {
	return netnsOf(world, id).sockets.find((s) => s.inode === inode);
}

/** Listening TCP sockets of a namespace on a port (Envoy has one per worker). */
export function listenersOn(world: World, id: NetnsId, port: number): InetSocket[] {
	return netnsOf(world, id).sockets.filter((s): s is InetSocket => s.kind === 'inet' && s.state === 'LISTEN' && s.local.port === port);
}

/** The hostname a process sees (its pod's name, or the node's on the host network). */
export function hostnameOfPid(world: World, pid: number): string | undefined {
	const p = processByPid(world, pid);
	if (p === undefined) return undefined;
	const pod = podOfPid(world, pid);
	if (pod !== undefined && !pod.hostNetwork) return pod.name;
	return world.nodes.find((n) => n.netns === p.netns)?.hostname ?? world.nodes[0]?.hostname;
}

/** The node a namespace lives on. */
export function nodeOfNetns(world: World, id: NetnsId): Node | undefined {
	const pod = podOfNetns(world, id);
	return pod !== undefined ? nodeByName(world, pod.nodeName) : world.nodes.find((n) => n.netns === id);
}
