// connect() to an IPv6 address. The pods and the node are single-stack IPv4 except for loopback:
// `::1` answers inside every namespace, and a listener on `::` (not v6only) or `::1` accepts it.
// The packet engine models IPv4 only (ip6tables rules are not loaded), so these connections make
// sockets but no counters or conntrack entries; every other IPv6 address has no route.

import { netnsOf } from '../world/lookup';
import { allocatePort, openEstablished } from '../world/mutate';
import type { Endpoint, InetSocket, World } from '../world/types';
import type { Caller, DialResult } from './dial';

const isLoopback6 = (a: string): boolean => a === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(a);

function listener6(world: World, netns: string, port: number): InetSocket | undefined {
	for (const s of netnsOf(world, netns).sockets) {
		if (s.kind !== 'inet' || s.proto !== 'tcp' || s.state !== 'LISTEN' || s.family !== 'ipv6' || s.local.port !== port) continue;
		if (s.local.address === '::' || s.local.address === '::1') return s;
	}
	return undefined;
}

export function dial6(world0: World, caller: Caller, dst: Endpoint, now: number): DialResult {
	if (!isLoopback6(dst.address)) return { kind: 'netunreach', world: world0, elapsedMs: 0 };
	const port = allocatePort(world0, caller.netns, '::1');
	if (port === undefined) return { kind: 'netunreach', world: world0, elapsedMs: 0 };
	let world = port.world;
	const local: Endpoint = { address: '::1', port: port.port };
	const listener = listener6(world, caller.netns, dst.port);
	const acceptor = listener?.refs[listener.refs.length - 1]?.pid;
	if (listener === undefined || acceptor === undefined) return { kind: 'refused', world, elapsedMs: 0, local };
	const client = openEstablished(world, { netns: caller.netns, pid: caller.pid, local, remote: { address: '::1', port: dst.port }, family: 'ipv6' }, now);
	if (!client.ok) throw new Error(`broken invariant: ${client.error}`);
	world = client.world;
	const server = openEstablished(world, { netns: caller.netns, pid: acceptor, local: { address: '::1', port: dst.port }, remote: local, family: 'ipv6', label: `${listener.label}/accepted` }, now);
	if (!server.ok) throw new Error(`broken invariant: ${server.error}`);
	world = server.world;
	const pod = world.pods.find((p) => p.netns === caller.netns && !p.hostNetwork);
	return {
		kind: 'connected',
		world,
		elapsedMs: 0,
		live: {
			client: { netns: caller.netns, inode: client.socket.inode, local, remote: { address: '::1', port: dst.port } },
			server: { netns: caller.netns, inode: server.socket.inode, listener, pod, local: { address: '::1', port: dst.port } },
			originalDst: dst,
			legs: [],
		},
	};
}
