// ss's socket lines (iproute2 6.1): one Line of fields per socket, in the order ss dumps the
// tables (netlink, unix, udp, tcp) and the kernel its hash tables (../../sockets-view/order.ts).
// Fields are what ss's out() writes into each column; ./layout.ts turns them into text.

import { unmapped } from '../../sockets-view/names';
import { cookieOf, inetDumpOrder, isTimewaitSock, timeWaitLeftMs, unixDumpOrder } from '../../sockets-view/order';
import type { ProcView, SocketTable } from '../../sockets-view/types';
import type { InetSocket, Socket, UnixSocket } from '../../world/types';
import type { SsOptions } from './args';
import { matches, type FilterSock, type Node } from './filter';
import { Col, layout, type Line } from './layout';
import { AF, DB, hasDb, hasFamily, single, SS } from './model';

const STATE_NUM: Readonly<Record<string, number>> = {
	ESTABLISHED: SS.ESTABLISHED, SYN_SENT: SS.SYN_SENT, SYN_RECV: SS.SYN_RECV, FIN_WAIT1: SS.FIN_WAIT1, FIN_WAIT2: SS.FIN_WAIT2,
	TIME_WAIT: SS.TIME_WAIT, CLOSE: SS.CLOSE, CLOSE_WAIT: SS.CLOSE_WAIT, LAST_ACK: SS.LAST_ACK, LISTEN: SS.LISTEN, CLOSING: SS.CLOSING,
	UNCONN: SS.CLOSE, ESTAB: SS.ESTABLISHED,
};
const STATE_NAME = ['UNKNOWN', 'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'UNCONN', 'CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING'];

/** The netlink sockets the kernel opens in every network namespace (observed on Linux 6.x). */
const KERNEL_NETLINK: readonly { proto: number; rq: number }[] = [
	{ proto: 0, rq: 0 }, { proto: 4, rq: 832 }, { proto: 6, rq: 0 }, { proto: 9, rq: 0 }, { proto: 10, rq: 0 },
	{ proto: 12, rq: 0 }, { proto: 15, rq: 0 }, { proto: 16, rq: 0 },
];
const NETLINK_NAMES: Readonly<Record<number, string>> = { 0: 'rtnl', 4: 'tcpdiag', 6: 'xfrm', 9: 'audit', 10: 'fiblookup', 12: 'nft', 15: 'uevent', 16: 'genl' };
/** What ss's own sock_diag socket holds while it dumps (Recv-Q of the pending reply). */
const OWN_DIAG_RQ = 4352;

const EPHEMERAL = { lo: 32768, hi: 60999 };

export interface RenderEnv {
	readonly screenWidth?: number;
	/** The cgroup path ss -e prints (cgroup v2 of the caller's mount namespace). */
	readonly cgroup?: string;
}

const q = (n: number): string => String(n).padEnd(6);

/** print_ms_timer: `59sec`, `9.123ms`, `1min`. */
function msTimer(ms: number): string {
	let secs = Math.floor(ms / 1000);
	const minutes = Math.floor(secs / 60);
	secs %= 60;
	let msecs = ms % 1000;
	let out = '';
	if (minutes) {
		msecs = 0;
		out = `${minutes}min`;
		if (minutes > 9) secs = 0;
	}
	if (secs) {
		if (secs > 9) msecs = 0;
		out += `${secs}${msecs ? '.' : 'sec'}`;
	}
	if (msecs) out += `${String(msecs).padStart(3, '0')}ms`;
	return out;
}

function users(s: Socket, table: SocketTable): string {
	const held = s.refs
		.map((r) => ({ p: table.procs.get(r.pid), fd: r.fd }))
		.filter((x): x is { p: ProcView; fd: number } => x.p !== undefined && x.p.readable)
		.sort((a, b) => b.p.pid - a.p.pid || b.fd - a.fd);
	return held.length === 0 ? '' : ` users:(${held.map((h) => `("${h.p.comm}",pid=${h.p.pid},fd=${h.fd})`).join(',')})`;
}

function portText(port: number, proto: 'tcp' | 'udp', o: SsOptions, table: SocketTable): string {
	if (port === 0) return '*';
	if (o.numeric || (port >= EPHEMERAL.lo && port <= EPHEMERAL.hi)) return String(port);
	return table.names.service(port, proto) ?? String(port);
}

function hostText(address: string, v6only: boolean, o: SsOptions, table: SocketTable): string {
	if (address.includes(':') && address === '::' && !v6only) return '*';
	if (o.resolve) {
		const name = table.names.host(unmapped(address));
		if (name !== undefined) return name;
	}
	return address.includes(':') ? `[${address}]` : address;
}

/** INET_DIAG_SHUTDOWN as ss prints it: `<->`, `-->` once the peer's FIN arrived, `<--` after ours. */
function shutdownMask(s: InetSocket): string {
	const rcv = s.state === 'CLOSE_WAIT' || s.state === 'LAST_ACK' || s.state === 'CLOSING';
	const snd = s.state === 'FIN_WAIT1' || s.state === 'FIN_WAIT2' || s.state === 'LAST_ACK' || s.state === 'CLOSING';
	return `${rcv ? '-' : '<'}-${snd ? '-' : '>'}`;
}

function inetLine(s: InetSocket, o: SsOptions, table: SocketTable, env: RenderEnv): Line {
	const st = STATE_NUM[s.state] ?? 0;
	const listening = s.state === 'LISTEN';
	const v6only = s.v6only === true;
	const remote = s.remote ?? { address: s.family === 'ipv6' ? '::' : '0.0.0.0', port: 0 };
	// A listener's Send-Q is its backlog; a connection the peer half-closed has the FIN queued.
	const rq = s.state === 'CLOSE_WAIT' ? 1 : 0;
	const wq = listening ? (s.backlog ?? 4096) : 0;
	let proc = o.processes ? users(s, table) : '';
	const tw = isTimewaitSock(s);
	if (o.timers && tw) proc += ` timer:(timewait,${msTimer(timeWaitLeftMs(s, table.now))},0)`;
	if (o.details) {
		if (tw) proc += ` ino:0 sk:${cookieOf(s, table.cookies).toString(16)}`;
		else {
			if (s.owner.uid !== 0) proc += ` uid:${s.owner.uid}`;
			proc += ` ino:${s.inode} sk:${cookieOf(s, table.cookies).toString(16)} cgroup:${env.cgroup ?? '/'}`;
			if (s.family === 'ipv6' && (listening || s.state === 'UNCONN')) proc += ` v6only:${v6only ? 1 : 0}`;
			proc += ` ${shutdownMask(s)}`;
		}
	}
	return [s.proto, STATE_NAME[st] ?? 'UNKNOWN', q(rq), q(wq), `${hostText(s.local.address, v6only, o, table)}:`, portText(s.local.port, s.proto, o, table), `${hostText(remote.address, v6only, o, table)}:`, portText(remote.port, s.proto, o, table), proc, ''];
}

function unixLine(s: UnixSocket, o: SsOptions, table: SocketTable): Line {
	const netid = s.type === 'stream' ? 'u_str' : s.type === 'seqpacket' ? 'u_seq' : 'u_dgr';
	const st = STATE_NUM[s.state] ?? 0;
	const wq = s.state === 'LISTEN' ? (s.backlog ?? 4096) : 0;
	let proc = o.processes ? users(s, table) : '';
	if (o.details) {
		proc += ' <->';
		const file = s.path === undefined ? undefined : table.unixFiles?.get(s.path);
		if (file !== undefined) proc += ` ino:${file.ino} dev:${file.dev}`;
	}
	return [netid, STATE_NAME[st] ?? 'UNKNOWN', q(0), q(wq), `${s.path ?? '*'} `, String(s.inode), '* ', String(s.peer), proc, ''];
}

function netlinkLines(o: SsOptions, table: SocketTable, filter: Node | undefined): Line[] {
	const socks = [...KERNEL_NETLINK.map((k) => ({ ...k, portid: 0 }))];
	if (table.selfPid !== undefined) socks.splice(2, 0, { proto: 4, rq: OWN_DIAG_RQ, portid: table.selfPid });
	return socks
		.filter((k) => filter === undefined || matches(filter, { family: 'netlink', lport: k.portid, rport: -1, ephemeral: false }))
		.map((k) => {
			const proto = o.numeric ? String(k.proto) : (NETLINK_NAMES[k.proto] ?? String(k.proto));
			const who = o.numeric ? String(k.portid) : k.portid === 0 ? 'kernel' : `ss/${k.portid}`;
			const details = o.details ? ' sk=0 cb=0 groups=0x00000000' : '';
			return ['nl', 'UNCONN', q(k.rq), q(0), `${proto}:`, who, '*', '', details, ''];
		});
}

function inetFilterSock(s: InetSocket): FilterSock {
	return {
		family: 'inet',
		local: s.local.address,
		remote: s.remote?.address ?? (s.family === 'ipv6' ? '::' : '0.0.0.0'),
		lport: s.local.port,
		rport: s.remote?.port ?? 0,
		ephemeral: s.local.port >= EPHEMERAL.lo && s.local.port <= EPHEMERAL.hi,
	};
}

/** The socket lines of the tables the options select. */
export function ssLines(table: SocketTable, o: SsOptions, filter: Node | undefined, env: RenderEnv): Line[] {
	const sel = o.sel;
	const lines: Line[] = [];
	const stateOk = (state: string): boolean => (sel.states & (1 << (STATE_NUM[state] ?? 0))) !== 0;
	if (hasDb(sel, DB.NETLINK) && hasFamily(sel, AF.NETLINK) && stateOk('UNCONN')) lines.push(...netlinkLines(o, table, filter));
	if (hasFamily(sel, AF.UNIX)) {
		for (const s of unixDumpOrder(table.sockets)) {
			const db = s.type === 'stream' ? DB.UNIX_ST : s.type === 'seqpacket' ? DB.UNIX_SQ : DB.UNIX_DG;
			if (!hasDb(sel, db) || !stateOk(s.state)) continue;
			const peer = table.sockets.find((x): x is UnixSocket => x.kind === 'unix' && x.inode === s.peer);
			const fs: FilterSock = { family: 'unix', ...(s.path !== undefined ? { local: s.path } : {}), ...(peer?.path !== undefined ? { remote: peer.path } : {}), lport: s.inode, rport: s.peer, ephemeral: s.path === undefined };
			if (filter !== undefined && !matches(filter, fs)) continue;
			lines.push(unixLine(s, o, table));
		}
	}
	for (const [db, proto] of [[DB.UDP, 'udp'], [DB.TCP, 'tcp']] as const) {
		if (!hasDb(sel, db)) continue;
		const fams = [hasFamily(sel, AF.INET) ? 'ipv4' : undefined, hasFamily(sel, AF.INET6) ? 'ipv6' : undefined];
		for (const s of inetDumpOrder(table.sockets, proto)) {
			if (!fams.includes(s.family) || !stateOk(s.state)) continue;
			if (filter !== undefined && !matches(filter, inetFilterSock(s))) continue;
			lines.push(inetLine(s, o, table, env));
		}
	}
	return lines;
}

/** The whole table ss prints: header (unless -H) and lines, laid out. */
export function renderSs(table: SocketTable, o: SsOptions, filter: Node | undefined, env: RenderEnv = {}): string {
	const disabled = new Set<Col>();
	if (single(o.sel.dbs)) disabled.add(Col.Netid);
	if (single(o.sel.states)) disabled.add(Col.State);
	return layout(ssLines(table, o, filter, env), { disabled, header: o.header, ...(env.screenWidth !== undefined ? { screenWidth: env.screenWidth } : {}) });
}
