// The bridge between the world and packet evaluation (src/netfilter/engine): a namespace of the
// world seen as the engine's EngineState, and the engine's results written back. The engine knows
// sockets only by address, port and owner; the world keeps who holds them (pid, fd, inode). An
// engine socket's `name` carries the world socket's inode (`#1379729`) so results map back.

import type { EngineState, Socket as EngineSocket } from '../netfilter/engine/types';
import type { InetSocket, NetnsState, Socket } from './types';

/** `::ffff:10.244.1.5` -> `10.244.1.5`: the engine sees IPv4 packets on dual-stack sockets. */
export function unmapV4(address: string): string {
	return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function engineSocket(s: InetSocket): EngineSocket {
	return {
		kind: s.state === 'LISTEN' || s.state === 'UNCONN' ? 'listen' : 'established',
		proto: s.proto,
		local: { address: unmapV4(s.local.address), port: s.local.port },
		...(s.remote ? { remote: { address: unmapV4(s.remote.address), port: s.remote.port } } : {}),
		owner: s.owner,
		...(s.transparent ? { transparent: true } : {}),
		...(s.v6only ? { v6only: true } : {}),
		name: `#${s.inode}`,
	};
}

/** The sockets packet delivery can find: listeners and connected TCP/UDP sockets. */
export function engineSockets(sockets: readonly Socket[]): EngineSocket[] {
	return sockets.flatMap((s) => (s.kind === 'inet' && s.state !== 'TIME_WAIT' && s.state !== 'CLOSE' ? [engineSocket(s)] : []));
}

/** A namespace of the world as the engine's state. */
export function engineState(ns: Pick<NetnsState, 'netns' | 'netfilter' | 'conntrack' | 'sockets'>): EngineState {
	return { netns: ns.netns, netfilter: ns.netfilter, conntrack: ns.conntrack, sockets: engineSockets(ns.sockets) };
}

/** The world socket an engine socket stands for. */
export function worldSocketOf(sockets: readonly Socket[], s: EngineSocket | 'assumed'): InetSocket | undefined {
	if (s === 'assumed' || s.name === undefined || !s.name.startsWith('#')) return undefined;
	const inode = Number(s.name.slice(1));
	const found = sockets.find((x) => x.inode === inode);
	return found?.kind === 'inet' ? found : undefined;
}
