// netstat's tables (net-tools 2.10 netstat.c: tcp_do_one, udp_do_one, unix_do_one,
// finish_this_one, addr_do_one), reimplemented over a SocketTable. Rows come in /proc order:
// /proc/net/tcp, tcp6, udp, udp6, unix (../../sockets-view/order.ts).

import { inetDumpOrder, isTimewaitSock, timeWaitLeftMs, unixDumpOrder } from '../../sockets-view/order';
import type { SocketTable } from '../../sockets-view/types';
import type { InetSocket, Socket, UnixSocket } from '../../world/types';
import type { NetstatOptions } from './args';

const TCP_STATE: Readonly<Record<string, string>> = {
	ESTABLISHED: 'ESTABLISHED', SYN_SENT: 'SYN_SENT', SYN_RECV: 'SYN_RECV', FIN_WAIT1: 'FIN_WAIT1', FIN_WAIT2: 'FIN_WAIT2',
	TIME_WAIT: 'TIME_WAIT', CLOSE: 'CLOSE', CLOSE_WAIT: 'CLOSE_WAIT', LAST_ACK: 'LAST_ACK', LISTEN: 'LISTEN', CLOSING: 'CLOSING',
};
/** PROGNAME_WIDTH: `pid/name` is cut to 19 characters (snprintf into a 20-byte buffer). */
const PROGNAME_WIDTH = 20;

/** INET_sprint / INET6_sprint with netstat's numeric flag. */
function hostText(address: string, o: NetstatOptions, table: SocketTable): string {
	if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
	if (address.includes(':')) {
		if (o.numericHosts) return address;
		if (address === '::') return '[::]';
		return table.names.host(address) ?? address;
	}
	if (o.numericHosts || address === '0.0.0.0') return address;
	return table.names.host(address) ?? address;
}

function portText(port: number, proto: 'tcp' | 'udp', o: NetstatOptions, table: SocketTable): string {
	if (port === 0) return '*';
	return o.numericPorts ? String(port) : (table.names.service(port, proto) ?? String(port));
}

/** addr_do_one: `host:port`, cut to 22 characters unless -W (the port is kept whole). */
function endpoint(address: string, port: number, proto: 'tcp' | 'udp', o: NetstatOptions, table: SocketTable): string {
	const host = hostText(address, o, table);
	const svc = portText(port, proto, o, table);
	const short = 22;
	if (!o.wide && host.length + svc.length > short) {
		const portLen = Math.min(svc.length, short - 4);
		return `${host.slice(0, short - portLen)}:${svc.slice(0, portLen)}`;
	}
	return `${host}:${svc}`;
}

/** prg_cache_get: the first process (lowest PID) holding the inode, as `pid/basename(argv[0])`. */
function program(s: Socket, table: SocketTable): string {
	const holders = s.refs
		.map((r) => table.procs.get(r.pid))
		.filter((p) => p !== undefined && p.readable)
		.sort((a, b) => (a?.pid ?? 0) - (b?.pid ?? 0));
	const p = holders[0];
	if (p === undefined) return '-';
	const name = p.argv0.slice(p.argv0.lastIndexOf('/') + 1);
	return `${p.pid}/${name}`.slice(0, PROGNAME_WIDTH - 1);
}

/** finish_this_one: User and Inode (-e), PID/Program name (-p), Timer (-o). */
function finish(s: Socket, o: NetstatOptions, table: SocketTable, timer: string): string {
	let out = '';
	if (o.extend) {
		const inet = s.kind === 'inet' && isTimewaitSock(s);
		const uid = inet ? 0 : s.owner.uid;
		const user = o.numericUsers ? undefined : table.names.user(uid);
		out += ` ${(user ?? String(uid)).padEnd(10)} ${String(inet ? 0 : s.inode).padEnd(10)}`;
	}
	if (o.programs) out += ` ${program(s, table).padEnd(PROGNAME_WIDTH)}`;
	if (o.timers) out += ` ${timer}`;
	return out;
}

const pad23 = (t: string): string => t.padEnd(Math.max(23, t.length));

function tcpTimer(s: InetSocket, table: SocketTable): string {
	return isTimewaitSock(s) ? `timewait (${(timeWaitLeftMs(s, table.now) / 1000).toFixed(2)}/0/0)` : 'off (0.00/0/0)';
}

function inetRow(s: InetSocket, o: NetstatOptions, table: SocketTable): string {
	const proto = `${s.proto}${s.family === 'ipv6' ? '6' : ''}`;
	const any = s.family === 'ipv6' ? '::' : '0.0.0.0';
	const remote = s.remote ?? { address: any, port: 0 };
	const rq = s.state === 'CLOSE_WAIT' ? 1 : 0;
	const state = s.proto === 'udp' ? (s.remote !== undefined ? 'ESTABLISHED' : '') : (TCP_STATE[s.state] ?? '');
	const timer = s.proto === 'tcp' ? tcpTimer(s, table) : 'off (0.00/0/0)';
	const line = `${proto.padEnd(4)}  ${String(rq).padStart(6)} ${String(0).padStart(6)} ${pad23(endpoint(s.local.address, s.local.port, s.proto, o, table))} ${pad23(endpoint(remote.address, remote.port, s.proto, o, table))} ${state.padEnd(11)}`;
	return `${line}${finish(s, o, table, timer)}\n`;
}

/** Which inet sockets a listing shows: servers with -l, the others by default, all with -a. */
function shown(s: InetSocket, o: NetstatOptions): boolean {
	if (o.all) return true;
	const server = s.proto === 'tcp' ? s.state === 'LISTEN' : s.remote === undefined;
	return o.listening ? server : !server;
}

const scope = (o: NetstatOptions): string => (o.all ? '(servers and established)' : o.listening ? '(only servers)' : '(w/o servers)');

export function inetSection(table: SocketTable, o: NetstatOptions): string {
	let out = `Active Internet connections ${scope(o)}\nProto Recv-Q Send-Q Local Address           Foreign Address         State      `;
	if (o.extend) out += ' User       Inode     ';
	if (o.programs) out += ' PID/Program name    ';
	if (o.timers) out += ' Timer';
	out += '\n';
	for (const proto of ['tcp', 'udp'] as const) {
		if ((proto === 'tcp' && !o.tcp) || (proto === 'udp' && !o.udp)) continue;
		for (const fam of ['ipv4', 'ipv6'] as const) {
			if ((fam === 'ipv4' && !o.inet) || (fam === 'ipv6' && !o.inet6)) continue;
			for (const s of inetDumpOrder(table.sockets, proto, fam)) if (shown(s, o)) out += inetRow(s, o, table);
		}
	}
	return out;
}

function unixRow(s: UnixSocket, o: NetstatOptions, table: SocketTable): string {
	const listening = s.state === 'LISTEN';
	const refcnt = listening ? 2 : s.state === 'ESTAB' ? 3 : 2;
	const flags = listening ? '[ ACC ]' : '[ ]';
	const type = s.type === 'stream' ? 'STREAM' : s.type === 'seqpacket' ? 'SEQPACKET' : 'DGRAM';
	const state = listening ? 'LISTENING' : s.state === 'ESTAB' ? 'CONNECTED' : '';
	let line = `${'unix'.padEnd(5)} ${String(refcnt).padEnd(6)} ${flags.padEnd(11)} ${type.padEnd(10)} ${state.padEnd(13)} ${String(s.inode).padEnd(8)}`;
	if (o.programs) line += ` ${program(s, table).padEnd(PROGNAME_WIDTH)}`;
	return `${line} ${s.path ?? ''}\n`;
}

export function unixSection(table: SocketTable, o: NetstatOptions): string {
	let out = `Active UNIX domain sockets ${scope(o)}\nProto RefCnt Flags       Type       State         I-Node   `;
	if (o.programs) out += 'PID/Program name     ';
	out += 'Path\n';
	for (const s of unixDumpOrder(table.sockets)) {
		const server = s.state === 'LISTEN';
		if (!o.all && server !== o.listening) continue;
		out += unixRow(s, o, table);
	}
	return out;
}
