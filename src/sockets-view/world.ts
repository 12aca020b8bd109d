// A SocketTable of the world, as the shell's location sees it: the sockets of its network
// namespace; the processes its /proc shows (all of them on the node and after nsenter, which
// keeps the node's PID namespace; only the container's own, by their namespaced PIDs, after
// kubectl exec); the name files of its filesystem; the cluster's DNS where resolv.conf points at it.

import type { WorldHandle } from '../lab/world-handle';
import { parseResolvConf } from '../world/kubelet-files';
import { containerOf, netnsOf, nodeByName, processByPid } from '../world/lookup';
import { filesAt } from '../world/location';
import { exitProcess, spawnProcess } from '../world/mutate';
import { resolve } from '../world/dns';
import type { Location, Process, World } from '../world/types';
import { namesFrom, type Resolver } from './names';
import type { Names, ProcView, SocketTable } from './types';

/** Whether a location's /proc shows a process, and by which PID. */
export function pidAsSeen(at: Location, p: Process): number | undefined {
	if (at.kind !== 'exec') return p.pid;
	const c = p.container;
	return c !== undefined && c.pod === at.pod && c.container === at.container ? p.nsPid : undefined;
}

/** A host PID, given the PID as the location sees it. */
export function hostPidOf(world: World, at: Location, seen: number): number | undefined {
	if (at.kind !== 'exec') return processByPid(world, seen)?.pid;
	return world.processes.find((p) => pidAsSeen(at, p) === seen)?.pid;
}

export function procView(at: Location, p: Process): ProcView | undefined {
	const pid = pidAsSeen(at, p);
	if (pid === undefined) return undefined;
	return { pid, comm: p.comm, argv0: p.argv[0] ?? '', uid: p.uid, readable: at.uid === 0 || at.uid === p.uid };
}

/** Docker's /etc/hosts of a kind node (the world does not store the node's). */
function nodeHosts(world: World, at: Location): string {
	const node = nodeByName(world, at.node);
	return ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters', ...(node ? [`${node.ip}\t${node.hostname}`] : []), ''].join('\n');
}

/** CoreDNS's kubernetes plugin: PTR records for Service IPs and for endpoint addresses. */
function clusterResolver(world: World, resolvConf: string, hosts: string): Resolver | undefined {
	if (!parseResolvConf(resolvConf).nameservers.includes(world.cluster.dnsIP)) return undefined;
	const d = world.cluster.domain;
	return {
		reverse(address) {
			const svc = world.services.find((s) => s.clusterIP === address);
			if (svc !== undefined) return `${svc.name}.${svc.namespace}.svc.${d}`;
			const ep = world.endpoints.find((e) => e.addresses.some((a) => a.ip === address));
			return ep === undefined ? undefined : `${address.replace(/[.:]/g, '-')}.${ep.name}.${ep.namespace}.svc.${d}`;
		},
		forward(name) {
			const a = resolve(world, name, { resolvConf, hosts });
			return a.kind === 'address' ? [a.address] : [];
		},
	};
}

/** The /etc/hosts a location reads (the node's is Docker's, which the world does not store). */
export function hostsAt(world: World, at: Location): string {
	return filesAt(world, at)['/etc/hosts'] ?? nodeHosts(world, at);
}

export function namesAt(world: World, at: Location): Names {
	const files = filesAt(world, at);
	const hosts = hostsAt(world, at);
	const resolvConf = files['/etc/resolv.conf'];
	const dns = resolvConf === undefined ? undefined : clusterResolver(world, resolvConf, hosts);
	return namesFrom({ hosts, ...(files['/etc/services'] !== undefined ? { services: files['/etc/services'] } : {}), ...(files['/etc/passwd'] !== undefined ? { passwd: files['/etc/passwd'] } : {}) }, dns);
}

/** TCP sockets allocated on the machine: every namespace's, TIME-WAIT ones excepted. */
function tcpAllocated(world: World): number {
	let n = 0;
	for (const ns of Object.values(world.netns)) for (const s of ns.sockets) if (s.kind === 'inet' && s.proto === 'tcp' && s.state !== 'TIME_WAIT') n++;
	return n;
}

export function socketTableAt(world: World, at: Location, now: number, selfPid?: number): SocketTable {
	const ns = netnsOf(world, at.netns);
	const procs = new Map<number, ProcView>();
	for (const s of ns.sockets) {
		for (const r of s.refs) {
			if (procs.has(r.pid)) continue;
			const p = processByPid(world, r.pid);
			const v = p === undefined ? undefined : procView(at, p);
			if (v !== undefined) procs.set(r.pid, v);
		}
	}
	const hiddenProcesses = at.uid !== 0 && world.processes.some((p) => pidAsSeen(at, p) !== undefined && p.uid !== at.uid);
	return { sockets: ns.sockets, procs, hiddenProcesses, callerUid: at.uid, names: namesAt(world, at), now, ...(selfPid !== undefined ? { selfPid } : {}), sockstat: { tcpAllocated: tcpAllocated(world), otherSockets: 0 } };
}

/**
 * A short-lived process of the shell (ss, curl, nc): it takes the next PID, as the real one would,
 * and is gone when the command ends. Returns the world with the PID allocator advanced, the host
 * PID and the PID the location sees (a container's own PID namespace numbers it after its
 * processes).
 */
export function runTransient(handle: WorldHandle, comm: string, argv: readonly string[], keep = false): { world: World; process: Process; seenPid: number } {
	const world = handle.world;
	const at = handle.location;
	const container = at.kind === 'exec' ? { pod: at.pod, container: at.container } : undefined;
	const mates = container === undefined ? [] : world.processes.filter((p) => p.container?.pod === container.pod && p.container.container === container.container);
	const nsPid = container === undefined ? undefined : Math.max(1, ...mates.map((p) => p.nsPid)) + 1 + (world.alloc.nextPid % 7);
	const parent = at.kind === 'exec' ? containerOf(world, { pod: at.pod, container: at.container })?.mainPid : undefined;
	const spawned = spawnProcess(
		world,
		{
			ppid: parent ?? 1,
			nsPpid: 0,
			uid: at.uid,
			gid: at.gid,
			groups: [],
			comm: comm.slice(0, 15),
			argv,
			cwd: at.cwd,
			...(container !== undefined ? { container } : {}),
			netns: at.netns,
			capabilities: [],
			threads: 1,
			role: 'shell',
			...(nsPid !== undefined ? { nsPid } : {}),
		},
		handle.now(),
	);
	const seenPid = container === undefined ? spawned.process.pid : spawned.process.nsPid;
	return { world: keep ? spawned.world : exitProcess(spawned.world, spawned.process.pid), process: spawned.process, seenPid };
}
