// Creating the sockets of the initial world: listeners (socket, bind, listen) and connected unix
// pairs (connect to a named listener, accept on the other side). Each call takes a file descriptor
// of the owning process and an inode from the node's counter, in the order a real start-up would.

import type { Random } from '../random';
import type { InetSocket, Millis, Process, UnixSocket } from '../types';
import type { BuildContext, Mutable, MutableNetns } from './context';

export interface ListenSpec {
	readonly proto: 'tcp' | 'udp';
	readonly address: string;
	readonly port: number;
	readonly v6only?: boolean;
	readonly backlog?: number;
	readonly transparent?: boolean;
	readonly label: string;
}

export function listenInet(ctx: BuildContext, ns: MutableNetns, procs: readonly Mutable<Process>[], spec: ListenSpec, at: Millis, random: Random): InetSocket {
	const owner = procs[0];
	if (owner === undefined) throw new Error('broken invariant: a listener without a process');
	const s: InetSocket = {
		kind: 'inet',
		inode: ctx.nextInode(at),
		proto: spec.proto,
		family: spec.address.includes(':') ? 'ipv6' : 'ipv4',
		state: spec.proto === 'tcp' ? 'LISTEN' : 'UNCONN',
		local: { address: spec.address, port: spec.port },
		owner: { uid: owner.uid, gid: owner.gid },
		refs: procs.map((p) => ({ pid: p.pid, fd: ctx.fd(p, random) })),
		...(spec.v6only ? { v6only: true } : {}),
		...(spec.transparent ? { transparent: true } : {}),
		...(spec.proto === 'tcp' ? { backlog: spec.backlog ?? 4096 } : {}),
		label: spec.label,
		createdAt: at,
	};
	ns.sockets.push(s);
	return s;
}

/** Processes that inherited a listener (prefork workers) get the same fd number in their table. */
export function inherit(s: InetSocket, ns: MutableNetns, children: readonly Mutable<Process>[]): InetSocket {
	const fd = s.refs[0]?.fd ?? 3;
	const shared: InetSocket = { ...s, refs: [...s.refs, ...children.map((c) => ({ pid: c.pid, fd }))] };
	const i = ns.sockets.indexOf(s);
	ns.sockets[i] = shared;
	for (const c of children) c.nextFd = Math.max(c.nextFd, fd + 1);
	return shared;
}

export function listenUnix(ctx: BuildContext, ns: MutableNetns, proc: Mutable<Process>, path: string, label: string, at: Millis, random: Random): UnixSocket {
	const s: UnixSocket = {
		kind: 'unix',
		inode: ctx.nextInode(at),
		type: 'stream',
		state: 'LISTEN',
		path,
		peer: 0,
		owner: { uid: proc.uid, gid: proc.gid },
		refs: [{ pid: proc.pid, fd: ctx.fd(proc, random) }],
		label,
		createdAt: at,
	};
	ns.sockets.push(s);
	return s;
}

/** `client` connects to the named listener; the listener's process accepts. */
export function connectUnix(ctx: BuildContext, ns: MutableNetns, client: Mutable<Process>, listener: UnixSocket, server: Mutable<Process>, label: string, at: Millis, random: Random): { client: UnixSocket; server: UnixSocket } {
	const clientInode = ctx.nextInode(at);
	const serverInode = ctx.nextInode(at);
	const c: UnixSocket = {
		kind: 'unix',
		inode: clientInode,
		type: 'stream',
		state: 'ESTAB',
		peer: serverInode,
		owner: { uid: client.uid, gid: client.gid },
		refs: [{ pid: client.pid, fd: ctx.fd(client, random) }],
		label,
		createdAt: at,
	};
	const s: UnixSocket = {
		kind: 'unix',
		inode: serverInode,
		type: 'stream',
		state: 'ESTAB',
		...(listener.path !== undefined ? { path: listener.path } : {}),
		peer: clientInode,
		owner: listener.owner,
		refs: [{ pid: server.pid, fd: ctx.fd(server, random) }],
		label: `${listener.label}/accepted`,
		createdAt: at,
	};
	ns.sockets.push(c, s);
	return { client: c, server: s };
}
