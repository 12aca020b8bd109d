// lsof 4.95's listing of Internet sockets (print.c print_file and printinaddr), reimplemented:
// one line per (process, fd) holding a TCP or UDP socket of the caller's namespace, by PID then
// fd, columns sized over the lines printed (titles included).

import { unmapped } from '../../sockets-view/names';
import type { ProcView, SocketTable } from '../../sockets-view/types';
import type { InetSocket } from '../../world/types';
import type { InetSpec, LsofOptions } from './args';

/** A socket file of one process. */
export interface OpenSocket {
	readonly proc: ProcView;
	readonly fd: number;
	readonly socket: InetSocket;
}

const LSOF_STATE: Readonly<Record<string, string>> = {
	ESTABLISHED: 'ESTABLISHED', SYN_SENT: 'SYN_SENT', SYN_RECV: 'SYN_RECV', FIN_WAIT1: 'FIN_WAIT1', FIN_WAIT2: 'FIN_WAIT2',
	TIME_WAIT: 'TIME_WAIT', CLOSE: 'CLOSED', CLOSE_WAIT: 'CLOSE_WAIT', LAST_ACK: 'LAST_ACK', LISTEN: 'LISTEN', CLOSING: 'CLOSING',
};
/** USERPRTL: a uid printed as a number is right-aligned in 8 columns. */
const USERPRTL = 8;
/** CmdLim: COMMAND is cut to 9 characters unless +c says otherwise. */
const CMD_LIM = 9;

/** Every (process, fd) the caller may read that holds a TCP or UDP socket of the namespace. */
export function openSockets(table: SocketTable): OpenSocket[] {
	const out: OpenSocket[] = [];
	for (const s of table.sockets) {
		if (s.kind !== 'inet') continue;
		for (const r of s.refs) {
			const proc = table.procs.get(r.pid);
			if (proc !== undefined && proc.readable) out.push({ proc, fd: r.fd, socket: s });
		}
	}
	return out.sort((a, b) => a.proc.pid - b.proc.pid || a.fd - b.fd);
}

const v4Side = (address: string): boolean => !address.includes(':') || (address.startsWith('::ffff:') && address.includes('.'));

function specMatches(spec: InetSpec, s: InetSocket): boolean {
	const only = spec.proto === undefined && spec.hosts === undefined && spec.ports === undefined;
	// `-i 4` alone selects by the socket's type; with more, by the address the socket shows.
	if (spec.version !== undefined) {
		const four = only ? s.family === 'ipv4' : v4Side(s.local.address);
		if ((spec.version === 4) !== four) return false;
	}
	if (spec.proto !== undefined && spec.proto !== s.proto) return false;
	const ends = [s.local, ...(s.remote ? [s.remote] : [])];
	if (spec.hosts !== undefined && !ends.some((e) => spec.hosts?.includes(unmapped(e.address)) || spec.hosts?.includes(e.address))) return false;
	if (spec.ports !== undefined && !ends.some((e) => spec.ports?.some((p) => e.port >= p.lo && e.port <= p.hi))) return false;
	return true;
}

function inSet<T>(set: { include: readonly T[]; exclude: readonly T[] }, v: T, match: (a: T, b: T) => boolean = (a, b) => a === b): boolean | undefined {
	if (set.exclude.some((x) => match(x, v))) return false;
	if (set.include.length === 0) return undefined;
	return set.include.some((x) => match(x, v));
}

/** The files a command line selects, and which -i specs found nothing. */
export function select(all: readonly OpenSocket[], o: LsofOptions): { files: OpenSocket[]; unmatched: InetSpec[] } {
	const unmatched = new Set(o.inet ?? []);
	const files = all.filter((f) => {
		const s = f.socket;
		if (o.tcpStates !== undefined && s.proto === 'tcp') {
			const st = LSOF_STATE[s.state] ?? s.state;
			if (o.tcpStates.exclude.includes(st)) return false;
			if (o.tcpStates.include.length > 0 && !o.tcpStates.include.includes(st)) return false;
		}
		const specs = o.inet ?? [];
		const hit = specs.length === 0 ? o.inet !== undefined : specs.some((sp) => specMatches(sp, s));
		for (const sp of specs) if (specMatches(sp, s)) unmatched.delete(sp);
		const cmd = inSet(o.commands, f.proc.comm, (a, b) => b.startsWith(a));
		const pid = inSet(o.pids, f.proc.pid);
		const uid = inSet(o.uids, f.proc.uid);
		if (cmd === false || pid === false || uid === false) return false;
		const chosen = [hit ? true : o.inet === undefined ? undefined : false, cmd, pid, uid].filter((x) => x !== undefined);
		return o.and ? chosen.every((x) => x) : chosen.some((x) => x);
	});
	return { files, unmatched: [...unmatched] };
}

function endpointText(address: string, port: number, proto: 'tcp' | 'udp', o: LsofOptions, table: SocketTable): string {
	let host: string;
	if (address === '0.0.0.0' || address === '::') host = '*';
	else {
		const shown = unmapped(address);
		const name = o.numericHosts ? undefined : table.names.host(shown);
		host = name ?? (shown.includes(':') ? `[${shown}]` : shown);
	}
	const svc = port === 0 ? '*' : o.numericPorts ? String(port) : (table.names.service(port, proto) ?? String(port));
	return `${host}:${svc}`;
}

function nameOf(s: InetSocket, o: LsofOptions, table: SocketTable): string {
	const local = endpointText(s.local.address, s.local.port, s.proto, o, table);
	const addrs = s.remote !== undefined ? `${local}->${endpointText(s.remote.address, s.remote.port, s.proto, o, table)}` : local;
	return s.proto === 'tcp' ? `${addrs} (${LSOF_STATE[s.state] ?? s.state})` : `${addrs} `;
}

/** The listing, and the warnings lsof prints on stderr while it sizes and prints each line. */
export function renderLsof(files: readonly OpenSocket[], o: LsofOptions, table: SocketTable): { stdout: string; stderr: string } {
	if (o.terse) return { stdout: [...new Set(files.map((f) => f.proc.pid))].map((p) => `${p}\n`).join(''), stderr: '' };
	let stderr = '';
	const user = (uid: number): string => {
		const name = o.numericUids ? undefined : table.names.user(uid);
		if (name !== undefined) return name;
		if (!o.numericUids && o.warnings) stderr += `lsof: no pwd entry for UID ${uid}\n`;
		return String(uid).padStart(USERPRTL);
	};
	const rows = files.map((f) => ({
		cmd: f.proc.comm.slice(0, CMD_LIM),
		pid: String(f.proc.pid),
		user: user(f.proc.uid),
		fd: String(f.fd),
		type: f.socket.family === 'ipv6' ? 'IPv6' : 'IPv4',
		device: String(f.socket.inode),
		node: f.socket.proto.toUpperCase(),
		name: nameOf(f.socket, o, table),
	}));
	// The printing pass asks for the user names again: one more warning per line.
	for (const f of files) if (!o.numericUids && o.warnings && table.names.user(f.proc.uid) === undefined) stderr += `lsof: no pwd entry for UID ${f.proc.uid}\n`;
	if (rows.length === 0) return { stdout: '', stderr };
	const w = (title: string, vals: readonly string[]): number => Math.max(title.length, ...vals.map((v) => v.length));
	const cmdW = w('COMMAND', rows.map((r) => r.cmd));
	const pidW = w('PID', rows.map((r) => r.pid));
	const userW = w('USER', rows.map((r) => r.user));
	const fdW = Math.max(6, ...rows.map((r) => r.fd.length + 2));
	const typeW = w('TYPE', rows.map((r) => r.type));
	const devW = w('DEVICE', rows.map((r) => r.device));
	const szW = w('SIZE/OFF', ['0t0']);
	const nodeW = w('NODE', rows.map((r) => r.node));
	let out = `${'COMMAND'.padEnd(cmdW)} ${'PID'.padStart(pidW)} ${'USER'.padStart(userW)} ${'FD'.padStart(fdW - 2)}   ${'TYPE'.padStart(typeW)} ${'DEVICE'.padStart(devW)} ${'SIZE/OFF'.padStart(szW)} ${'NODE'.padStart(nodeW)} NAME\n`;
	for (const r of rows) {
		out += `${r.cmd.padEnd(cmdW)} ${r.pid.padStart(pidW)} ${r.user.padStart(userW)} ${r.fd.padStart(fdW - 2)}u  ${r.type.padStart(typeW)} ${r.device.padStart(devW)} ${'0t0'.padStart(szW)} ${r.node.padStart(nodeW)} ${r.name}\n`;
	}
	return { stdout: out, stderr };
}
