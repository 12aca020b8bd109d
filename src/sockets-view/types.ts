// The socket views' vocabulary: read this file first.
//
// ss, netstat and lsof all print the same thing, a network namespace's socket table joined with
// the process table, each in its own format:
//
//   world (or a kernel recording)            ./world.ts (or tests/conformance/sockets.test.ts)
//        |  the netns's sockets, the processes the caller can see, name lookups, the clock
//        v
//   SocketTable  ------------------------->  src/commands/{ss,netstat,lsof}/render*.ts
//                                              pure functions: table + options -> text
//
// A SocketTable holds no World: the conformance tests build one from a kernel recording alone.

import type { Millis, Socket } from '../world/types';

/** A process as the caller sees it through /proc. */
export interface ProcView {
	/** The PID the caller sees: the host PID on the node, the namespaced PID inside a container. */
	readonly pid: number;
	/** /proc/PID/comm (ss -p, lsof COMMAND). */
	readonly comm: string;
	/** argv[0] of /proc/PID/cmdline (netstat -p shows its basename). */
	readonly argv0: string;
	readonly uid: number;
	/**
	 * Whether the caller may read /proc/PID/fd: root may, another user only for its own
	 * processes. Unreadable processes are missing from ss -p, netstat -p and lsof.
	 */
	readonly readable: boolean;
}

/** The name services of the caller's filesystem (glibc's files, then the cluster's DNS). */
export interface Names {
	/** getservbyport: `mysql` for 3306/tcp. */
	service(port: number, proto: 'tcp' | 'udp'): string | undefined;
	/** getservbyname: 3306 for `mysql`. */
	port(name: string, proto: 'tcp' | 'udp'): number | undefined;
	/** gethostbyaddr: /etc/hosts first, then the cluster DNS's PTR records. */
	host(address: string): string | undefined;
	/** gethostbyname: the IPv4 addresses of a name (for filters such as `dst localhost`). */
	addresses(name: string): readonly string[];
	/** getpwuid: the user name of a uid (/etc/passwd). */
	user(uid: number): string | undefined;
}

/** Kernel-side counts that live outside one namespace's socket list (ss -s). */
export interface Sockstat {
	/** TCP sockets allocated in every namespace (tcp_sockets_allocated is global). */
	readonly tcpAllocated: number;
	/** Sockets of this namespace the table does not list (sockets: used in /proc/net/sockstat). */
	readonly otherSockets: number;
}

export interface SocketTable {
	/**
	 * Some process the caller sees in /proc is not its own and the caller is not root: its fds
	 * cannot be read (netstat -p says so on stderr).
	 */
	readonly hiddenProcesses?: boolean;
	/** The caller's uid (netstat -p names it when it could read nothing). */
	readonly callerUid?: number;
	/** The namespace's sockets in creation order (./order.ts decides the order tools print). */
	readonly sockets: readonly Socket[];
	/** Every process holding one of the sockets, by host PID; missing ones are invisible. */
	readonly procs: ReadonlyMap<number, ProcView>;
	readonly names: Names;
	/** The clock, for TIME-WAIT timers. */
	readonly now: Millis;
	/** Socket cookies (ss -e `sk:`), by inode; a socket without one gets ./order.ts's cookieOf. */
	readonly cookies?: ReadonlyMap<number, number>;
	/**
	 * The file a bound unix socket created, by path: `{ ino, dev }` as ss -xe prints it
	 * (`ino:2212383 dev:0/65024`). Sockets accepted from a listener share its file.
	 */
	readonly unixFiles?: ReadonlyMap<string, { readonly ino: number; readonly dev: string }>;
	/** The PID (as the caller sees it) of the ss process itself: its sock_diag socket is listed. */
	readonly selfPid?: number;
	readonly sockstat?: Sockstat;
}
