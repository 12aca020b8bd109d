// Long-lived connections that exist when the world starts (pilot-agent's XDS stream to istiod,
// Envoy's pooled connections to the agent, the kubelet's watch on the API server). Each is opened
// through the packet engine, so the namespace's conntrack entries and rule counters are the ones
// that connection really left, then its sockets are added with their owners, fds and inodes.

import { route as routeOf } from '../../netns/route';
import { openConnection } from '../../netfilter/engine';
import { engineState, worldSocketOf } from '../engine-view';
import type { Random } from '../random';
import type { Endpoint, InetSocket, Millis, Process } from '../types';
import type { BuildContext, Mutable, MutableNetns } from './context';

export interface ConnectSpec {
	readonly client: Mutable<Process>;
	readonly dst: Endpoint;
	/** When the connection was opened (socket creation) and last used (conntrack's timer). */
	readonly openedAt: Millis;
	readonly lastActive: Millis;
	readonly label: string;
	/** The accepting process when the server is in the same namespace (else the listener's first owner). */
	readonly acceptor?: Mutable<Process>;
	readonly random: Random;
}

/** The family a client socket was created with: Go dials IPv4 addresses with AF_INET sockets. */
const V4 = 'ipv4' as const;

export function connect(ctx: BuildContext, ns: MutableNetns, spec: ConnectSpec): { client: InetSocket; server?: InetSocket } | undefined {
	// The source address is the route's preferred source; the port comes from our allocator.
	const route = routeOf(ns.netns, { dst: spec.dst.address });
	if (route.kind === 'unreachable') {
		ctx.warnings.push(`${spec.label}: ${ns.id} has no route to ${spec.dst.address}`);
		return undefined;
	}
	const src = route.src;
	const sport = ctx.port(ns, src, spec.random);
	const opened = openConnection(engineState(ns), { protocol: 'tcp', from: { kind: 'local', uid: spec.client.uid, gid: spec.client.gid }, src, sport, dst: spec.dst.address, dport: spec.dst.port }, { now: spec.lastActive, random: () => spec.random.next() });
	if (opened.connection === undefined) {
		ctx.warnings.push(`${spec.label}: ${ns.id} cannot reach ${spec.dst.address}:${spec.dst.port} (${opened.fate.kind})`);
		return undefined;
	}
	ns.netfilter = opened.state.netfilter;
	ns.conntrack = opened.state.conntrack;
	const clientSocket: InetSocket = {
		kind: 'inet',
		inode: ctx.nextInode(spec.openedAt),
		proto: 'tcp',
		family: V4,
		state: 'ESTABLISHED',
		local: { address: src, port: sport },
		remote: spec.dst,
		owner: { uid: spec.client.uid, gid: spec.client.gid },
		refs: [{ pid: spec.client.pid, fd: ctx.fd(spec.client, spec.random) }],
		label: spec.label,
		createdAt: spec.openedAt,
	};
	ns.sockets.push(clientSocket);
	if (opened.fate.kind !== 'delivered') return { client: clientSocket };

	// Accepted on this side: the listener's family decides how the addresses read (a dual-stack
	// listener's accepted socket is IPv6 with v4-mapped addresses).
	const listener = worldSocketOf(ns.sockets, opened.fate.socket);
	const acceptor = spec.acceptor ?? ctx.processes.find((p) => p.pid === listener?.refs[0]?.pid);
	if (listener === undefined || acceptor === undefined) return { client: clientSocket };
	const mapped = (a: string): string => (listener.family === 'ipv6' && !a.includes(':') ? `::ffff:${a}` : a);
	const reply = opened.connection.reply;
	const server: InetSocket = {
		kind: 'inet',
		inode: ctx.nextInode(spec.openedAt),
		proto: 'tcp',
		family: listener.family,
		state: 'ESTABLISHED',
		local: { address: mapped(reply.src), port: reply.sport },
		remote: { address: mapped(reply.dst), port: reply.dport },
		owner: listener.owner,
		refs: [{ pid: acceptor.pid, fd: ctx.fd(acceptor, spec.random) }],
		...(listener.transparent ? { transparent: true } : {}),
		label: `${listener.label}/accepted`,
		createdAt: spec.openedAt,
	};
	ns.sockets.push(server);
	return { client: clientSocket, server };
}
