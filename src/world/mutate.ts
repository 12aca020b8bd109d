// Changing the world. Every function returns a new World and leaves its argument untouched; the
// parts that did not change are shared. Numbers the kernel would pick (ephemeral ports, inodes,
// PIDs, fds) come from World.alloc, so the same commands on the same world give the same result.
//
//   const opened = openListener(world, { netns, pid, proto: 'tcp', address: '0.0.0.0', port: 8080 }, now);
//   if (!opened.ok) print(opened.error)           // EADDRINUSE, as the kernel answers bind()
//   world = opened.world

import { putEntry } from '../conntrack/table';
import type { ConntrackTable, CtEntry } from '../conntrack/types';
import type { EngineState } from '../netfilter/engine/types';
import type { Netns } from '../netns/types';
import type { NetfilterState } from '../netfilter/types';
import { processByPid } from './lookup';
import { ephemeralPort, Random } from './random';
import type { RequestPath } from '../mesh/types';
import type { Endpoint, InetSocket, Millis, NetnsId, NetnsState, PooledConnection, Process, Socket, UnixSocket, World } from './types';

function withNetns(world: World, id: NetnsId, f: (ns: NetnsState) => NetnsState): World {
	const ns = world.netns[id];
	if (ns === undefined) throw new Error(`broken invariant: no network namespace ${id}`);
	return { ...world, netns: { ...world.netns, [id]: f(ns) } };
}

function withProcess(world: World, pid: number, f: (p: Process) => Process): World {
	return { ...world, processes: world.processes.map((p) => (p.pid === pid ? f(p) : p)) };
}

export function setNetfilter(world: World, id: NetnsId, netfilter: NetfilterState): World {
	return withNetns(world, id, (ns) => ({ ...ns, netfilter }));
}

export function setConntrack(world: World, id: NetnsId, conntrack: ConntrackTable): World {
	return withNetns(world, id, (ns) => ({ ...ns, conntrack }));
}

/** Adds (or replaces, by id) one conntrack entry. */
export function addConntrackEntry(world: World, id: NetnsId, entry: CtEntry): World {
	return withNetns(world, id, (ns) => ({ ...ns, conntrack: putEntry(ns.conntrack, entry) }));
}

/** Writes back what packet evaluation changed: the rules' counters and conntrack. */
export function applyEngineState(world: World, id: NetnsId, state: Pick<EngineState, 'netfilter' | 'conntrack'>): World {
	return withNetns(world, id, (ns) => ({ ...ns, netfilter: state.netfilter, conntrack: state.conntrack }));
}

/** Replaces a namespace's interfaces, routes and policy rules (istio-iptables' TPROXY routing). */
export function setNetnsModel(world: World, id: NetnsId, netns: Netns): World {
	return withNetns(world, id, (ns) => ({ ...ns, netns }));
}

/** The seeded source for one mutation, and the world with its state advanced. */
function draw<T>(world: World, f: (r: Random) => T): { world: World; value: T } {
	const r = new Random(world.alloc.random);
	const value = f(r);
	return { world: { ...world, alloc: { ...world.alloc, random: r.state } }, value };
}

/** A free ephemeral port for `address` in a namespace (ip_local_port_range 32768-60999). */
export function allocatePort(world: World, id: NetnsId, address: string): { world: World; port: number } | undefined {
	const ns = world.netns[id];
	if (ns === undefined) return undefined;
	const used = new Set<number>();
	for (const s of ns.sockets) if (s.kind === 'inet' && (s.local.address === address || s.local.address === '0.0.0.0' || s.local.address === '::')) used.add(s.local.port);
	for (const e of ns.conntrack.entries) if (e.orig.src === address) used.add(e.orig.sport);
	const d = draw(world, (r) => ephemeralPort(r, used));
	return d.value === undefined ? undefined : { world: d.world, port: d.value };
}

function allocateInode(world: World): { world: World; inode: number } {
	const d = draw(world, (r) => r.int(1, 4));
	const inode = world.alloc.nextInode + d.value - 1;
	return { world: { ...d.world, alloc: { ...d.world.alloc, nextInode: inode + 1 } }, inode };
}

/** The lowest free fd of a process (what socket(2) returns). */
function allocateFd(world: World, pid: number): { world: World; fd: number } {
	const p = processByPid(world, pid);
	if (p === undefined) throw new Error(`broken invariant: no process ${pid}`);
	return { world: withProcess(world, pid, (q) => ({ ...q, nextFd: q.nextFd + 1 })), fd: p.nextFd };
}

export type Opened<S> = { readonly ok: true; readonly world: World; readonly socket: S } | { readonly ok: false; readonly error: 'EADDRINUSE' | 'ESRCH' };

export interface ListenerSpec {
	readonly netns: NetnsId;
	readonly pid: number;
	readonly proto: 'tcp' | 'udp';
	readonly address: string;
	readonly port: number;
	readonly v6only?: boolean;
	readonly backlog?: number;
	readonly transparent?: boolean;
	readonly label?: string;
}

/** socket(), bind(), listen(): EADDRINUSE when the port is taken (no SO_REUSEPORT here). */
export function openListener(world: World, spec: ListenerSpec, at: Millis): Opened<InetSocket> {
	const p = processByPid(world, spec.pid);
	const ns = world.netns[spec.netns];
	if (p === undefined || ns === undefined) return { ok: false, error: 'ESRCH' };
	const wild = (a: string): boolean => a === '0.0.0.0' || a === '::';
	const clash = ns.sockets.some((s) => s.kind === 'inet' && s.proto === spec.proto && s.local.port === spec.port && (s.state === 'LISTEN' || s.state === 'UNCONN') && (s.local.address === spec.address || wild(s.local.address) || wild(spec.address)));
	if (clash) return { ok: false, error: 'EADDRINUSE' };
	const fd = allocateFd(world, spec.pid);
	const ino = allocateInode(fd.world);
	const socket: InetSocket = {
		kind: 'inet',
		inode: ino.inode,
		proto: spec.proto,
		family: spec.address.includes(':') ? 'ipv6' : 'ipv4',
		state: spec.proto === 'tcp' ? 'LISTEN' : 'UNCONN',
		local: { address: spec.address, port: spec.port },
		owner: { uid: p.uid, gid: p.gid },
		refs: [{ pid: spec.pid, fd: fd.fd }],
		...(spec.v6only ? { v6only: true } : {}),
		...(spec.transparent ? { transparent: true } : {}),
		...(spec.proto === 'tcp' ? { backlog: spec.backlog ?? 4096 } : {}),
		label: spec.label ?? `${p.comm}/${spec.port}`,
		createdAt: at,
	};
	return { ok: true, socket, world: withNetns(ino.world, spec.netns, (n) => ({ ...n, sockets: [...n.sockets, socket] })) };
}

export interface EstablishedSpec {
	readonly netns: NetnsId;
	readonly pid: number;
	readonly local: Endpoint;
	readonly remote: Endpoint;
	readonly family?: 'ipv4' | 'ipv6';
	readonly transparent?: boolean;
	readonly label?: string;
}

/** One end of a TCP connection held by `pid` (a connect() that succeeded, or an accept()). */
export function openEstablished(world: World, spec: EstablishedSpec, at: Millis): Opened<InetSocket> {
	const p = processByPid(world, spec.pid);
	if (p === undefined || world.netns[spec.netns] === undefined) return { ok: false, error: 'ESRCH' };
	const fd = allocateFd(world, spec.pid);
	const ino = allocateInode(fd.world);
	const socket: InetSocket = {
		kind: 'inet',
		inode: ino.inode,
		proto: 'tcp',
		family: spec.family ?? (spec.local.address.includes(':') ? 'ipv6' : 'ipv4'),
		state: 'ESTABLISHED',
		local: spec.local,
		remote: spec.remote,
		owner: { uid: p.uid, gid: p.gid },
		refs: [{ pid: spec.pid, fd: fd.fd }],
		...(spec.transparent ? { transparent: true } : {}),
		label: spec.label ?? `${p.comm}/connection`,
		createdAt: at,
	};
	return { ok: true, socket, world: withNetns(ino.world, spec.netns, (n) => ({ ...n, sockets: [...n.sockets, socket] })) };
}

/**
 * close(): the socket leaves every process's fd table. With `timeWait`, the side that closed
 * first keeps a TIME_WAIT socket without owner for 60 s (TCP_TIMEWAIT_LEN), which ss still lists.
 */
export function closeSocket(world: World, id: NetnsId, inode: number, opts: { readonly timeWait?: boolean; readonly at?: Millis } = {}): World {
	return withNetns(world, id, (ns) => ({
		...ns,
		sockets: ns.sockets.flatMap((s): Socket[] => {
			if (s.inode !== inode) return [s];
			if (opts.timeWait === true && s.kind === 'inet' && s.proto === 'tcp') return [{ ...s, state: 'TIME_WAIT', refs: [], closedAt: opts.at ?? s.createdAt }];
			return [];
		}),
	}));
}

/** Drops TIME_WAIT sockets closed at least `maxAgeMs` before `now` (the kernel's timewait timer). */
export function expireTimeWait(world: World, id: NetnsId, now: Millis, maxAgeMs = 60000): World {
	return withNetns(world, id, (ns) => ({ ...ns, sockets: ns.sockets.filter((s) => !(s.kind === 'inet' && s.state === 'TIME_WAIT' && now - (s.closedAt ?? s.createdAt) >= maxAgeMs)) }));
}

/** A connected unix pair between two processes (socketpair, or connect + accept on `path`). */
export function openUnixPair(world: World, id: NetnsId, client: number, server: number, path: string | undefined, at: Millis): { world: World; client: UnixSocket; server: UnixSocket } | undefined {
	const c = processByPid(world, client);
	const s = processByPid(world, server);
	if (c === undefined || s === undefined) return undefined;
	const cfd = allocateFd(world, client);
	const sfd = allocateFd(cfd.world, server);
	const ci = allocateInode(sfd.world);
	const si = allocateInode(ci.world);
	const a: UnixSocket = { kind: 'unix', inode: ci.inode, type: 'stream', state: 'ESTAB', peer: si.inode, owner: { uid: c.uid, gid: c.gid }, refs: [{ pid: client, fd: cfd.fd }], label: `${c.comm}/unix`, createdAt: at };
	const b: UnixSocket = { kind: 'unix', inode: si.inode, type: 'stream', state: 'ESTAB', ...(path !== undefined ? { path } : {}), peer: ci.inode, owner: { uid: s.uid, gid: s.gid }, refs: [{ pid: server, fd: sfd.fd }], label: `${s.comm}/unix`, createdAt: at };
	return { world: withNetns(si.world, id, (n) => ({ ...n, sockets: [...n.sockets, a, b] })), client: a, server: b };
}

/** A new short-lived process (curl run from the shell), child of `parent`. */
export function spawnProcess(world: World, spec: Omit<Process, 'pid' | 'nsPid' | 'nextFd' | 'startedAt'> & { readonly nsPid?: number }, at: Millis): { world: World; process: Process } {
	const d = draw(world, (r) => r.int(0, 2));
	const pid = world.alloc.nextPid + d.value;
	const process: Process = { ...spec, pid, nsPid: spec.nsPid ?? pid, nextFd: 3, startedAt: at };
	const processes = [...world.processes, process].sort((a, b) => a.pid - b.pid);
	return { world: { ...d.world, processes, alloc: { ...d.world.alloc, nextPid: pid + 1 } }, process };
}

/** The process exits: its fds close, so sockets only it held go away (listeners included). */
export function exitProcess(world: World, pid: number): World {
	const p = processByPid(world, pid);
	if (p === undefined) return world;
	const gone = { ...world, processes: world.processes.filter((q) => q.pid !== pid) };
	return withNetns(gone, p.netns, (ns) => ({
		...ns,
		sockets: ns.sockets.flatMap((s) => {
			if (!s.refs.some((r) => r.pid === pid)) return [s];
			const refs = s.refs.filter((r) => r.pid !== pid);
			return refs.length === 0 ? [] : [{ ...s, refs } as Socket];
		}),
	}));
}

/** Adds to program counters (World.metrics), e.g. `default/details-v1-… envoy_listener_downstream_cx_total{…}`. */
export function bumpMetrics(world: World, deltas: Readonly<Record<string, number>>): World {
	const metrics: Record<string, number> = { ...(world.metrics ?? {}) };
	for (const [k, d] of Object.entries(deltas)) metrics[k] = (metrics[k] ?? 0) + d;
	return { ...world, metrics };
}

/** Appends to a container's output (what `kubectl logs POD -c NAME` prints): Envoy's access log. */
export function appendContainerLog(world: World, pod: string, container: string, text: string): World {
	return { ...world, pods: world.pods.map((p) => (p.key !== pod ? p : { ...p, containers: p.containers.map((c) => (c.name === container ? { ...c, logs: c.logs + text } : c)) })) };
}

/** Puts a connection into its Envoy's pool, replacing the one for the same pod, cluster and host. */
export function putPooled(world: World, pooled: PooledConnection): World {
	const same = (p: PooledConnection): boolean => p.pod === pooled.pod && p.cluster === pooled.cluster && p.host.address === pooled.host.address && p.host.port === pooled.host.port;
	return { ...world, envoyPools: [...(world.envoyPools ?? []).filter((p) => !same(p)), pooled] };
}

/** Records the path of the request just made. */
export function setLastRequest(world: World, path: RequestPath): World {
	return { ...world, lastRequest: path };
}
