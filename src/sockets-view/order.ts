// The order in which the kernel hands sockets to ss, netstat and lsof, and the few per-socket
// values the world does not store.
//
// inet_diag (ss) and /proc/net/tcp (netstat) walk the listening hash first, then the established
// hash (which also holds TIME-WAIT sockets), and ss asks for AF_INET before AF_INET6: every
// kernel recording lists IPv4 listeners, IPv4 connections, IPv6 listeners, IPv6 connections.
// Within a hash table the kernel's order is its hash order, which changes from boot to boot
// (kernel-notes.md, fact 16); the simulator uses creation order there, which is stable.

import type { InetSocket, Socket, UnixSocket } from '../world/types';

const isListening = (s: InetSocket): boolean => s.state === 'LISTEN' || s.state === 'UNCONN';

/** One protocol's sockets in dump order: v4 listeners, v4 others, v6 listeners, v6 others. */
export function inetDumpOrder(sockets: readonly Socket[], proto: 'tcp' | 'udp', family?: 'ipv4' | 'ipv6'): InetSocket[] {
	const mine = sockets.filter((s): s is InetSocket => s.kind === 'inet' && s.proto === proto);
	const out: InetSocket[] = [];
	for (const fam of ['ipv4', 'ipv6'] as const) {
		if (family !== undefined && family !== fam) continue;
		out.push(...mine.filter((s) => s.family === fam && isListening(s)));
		out.push(...mine.filter((s) => s.family === fam && !isListening(s)));
	}
	return out;
}

export function unixDumpOrder(sockets: readonly Socket[]): UnixSocket[] {
	return sockets.filter((s): s is UnixSocket => s.kind === 'unix');
}

/**
 * The socket cookie ss -e prints as `sk:`. The kernel numbers sockets with a global counter the
 * first time a diag dump (or BPF) asks for the cookie; the world derives a stable, increasing
 * stand-in from the inode, which the kernel also hands out in creation order.
 */
export function cookieOf(s: Socket, cookies?: ReadonlyMap<number, number>): number {
	return cookies?.get(s.inode) ?? (s.inode % 0x100000) + 0x1000;
}

/**
 * A TIME-WAIT socket, or an orphaned FIN-WAIT-2 one (closed by its process, waiting for the
 * peer's FIN): the kernel keeps both as inet_timewait_sock, without inode, owner or cgroup.
 */
export function isTimewaitSock(s: InetSocket): boolean {
	return s.state === 'TIME_WAIT' || (s.state === 'FIN_WAIT2' && s.refs.length === 0);
}

/** Seconds left on a TIME-WAIT socket's timer (TCP_TIMEWAIT_LEN, 60 s from the close). */
export function timeWaitLeftMs(s: InetSocket, now: number): number {
	return Math.max(0, 60000 - (now - (s.closedAt ?? s.createdAt)));
}
