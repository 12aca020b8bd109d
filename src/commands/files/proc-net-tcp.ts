// /proc/net/tcp and /proc/net/tcp6 of a network namespace, in the kernel's own format
// (net/ipv4/tcp_ipv4.c tcp4_seq_show, get_tcp4_sock, get_timewait4_sock; net/ipv6/tcp_ipv6.c).
// Recorded on Linux 6.18 (tests/unit/commands/recorded/files/README.md):
//
//   - tcp pads every line, the header included, with spaces to 149 characters (seq_setwidth with
//     TMPSZ 150, then seq_pad); tcp6 does not pad.
//   - Addresses are the 32-bit words of the address in network order printed with %08X on a
//     little-endian CPU: 127.0.0.1 is 0100007F, ::ffff:127.0.0.1 is 0000000000000000FFFF00000100007F.
//     Ports are %04X in host order.
//   - A listener ends `0 <inode> 1 <ptr> 100 0 0 10 0` (refcount 1, rto 1 s in USER_HZ, cwnd 10,
//     fastopen queue 0); a connected socket `… 20 4 30 10 -1` (rto 200 ms, ssthresh unset); the
//     connecting side holds 2 references, the accepted side 1.
//   - A TIME_WAIT socket has no owner and no inode: `06 … 03:<ticks left> … 0 0 0 3 <ptr>`.
//   - %pK prints the socket's kernel address to a reader with CAP_SYSLOG under kptr_restrict=1
//     (Ubuntu's default, the kind node's host), zeros to anyone else (every container here).
//
// Which sockets: `tcp` lists IPv4 sockets, `tcp6` IPv6 ones, dual-stack listeners and the IPv4
// peers they accepted (as ::ffff:a.b.c.d) included. Listeners come first, as the kernel walks the
// listening hash before the established one; within each, the order the sockets were opened.

import { v4 } from '../../netns/addr';
import { hashLabel } from '../../world/random';
import { TCP_STATE_CODE, type InetSocket, type Millis, type Socket } from '../../world/types';

const hex = (n: number, width: number): string => (n >>> 0).toString(16).toUpperCase().padStart(width, '0');

/** A 32-bit word of network-order bytes, printed as the little-endian CPU holds it. */
function word(bytes: readonly number[]): string {
	return hex(((bytes[3] ?? 0) << 24) | ((bytes[2] ?? 0) << 16) | ((bytes[1] ?? 0) << 8) | (bytes[0] ?? 0), 8);
}

function v4Bytes(address: string): number[] {
	const n = v4(address) ?? 0;
	return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

/** The 16 bytes of an IPv6 address written in any form ipaddr.js would accept (`::`, `::ffff:1.2.3.4`). */
function v6Bytes(address: string): number[] {
	let text = address;
	let tail: number[] = [];
	const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (dotted !== null) {
		tail = v4Bytes(dotted[1] ?? '');
		text = `${text.slice(0, dotted.index)}:0:0`;
	}
	const [head = '', rest] = text.split('::');
	const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16) || 0));
	const left = groups(head);
	const right = rest === undefined ? [] : groups(rest);
	const all = [...left, ...Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => 0), ...right];
	const bytes = all.slice(0, 8).flatMap((g) => [(g >>> 8) & 255, g & 255]);
	if (tail.length === 4) bytes.splice(12, 4, ...tail);
	return bytes;
}

function v4Field(address: string): string {
	return word(v4Bytes(address));
}

function v6Field(address: string): string {
	const b = address.includes(':') ? v6Bytes(address) : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4Bytes(address)];
	return [0, 4, 8, 12].map((i) => word(b.slice(i, i + 4))).join('');
}

export interface ProcNetOptions {
	/** Whether the reader sees kernel addresses (%pK with CAP_SYSLOG); zeros otherwise. */
	readonly kernelPointers: boolean;
	/** For the TIME_WAIT timer. */
	readonly now: Millis;
	/** The world's seed, so the made-up kernel addresses stay the same from run to run. */
	readonly seed: number;
}

/** A plausible slab address for a socket (kmalloc-2k objects are 2 KiB aligned, hence the 0x800 steps). */
function pointer(s: InetSocket, o: ProcNetOptions): string {
	if (!o.kernelPointers) return '0000000000000000';
	const h = hashLabel(o.seed, `sock/${s.inode}`);
	const hi = 0x9000 + (hashLabel(o.seed, 'slab') & 0x0fff);
	return `ffff${hi.toString(16)}${hex(h & 0xfffff800, 8).toLowerCase()}`;
}

const USER_HZ = 100;

function line(i: number, s: InetSocket, field: (a: string) => string, o: ProcNetOptions): string {
	const local = `${field(s.local.address)}:${hex(s.local.port, 4)}`;
	const remote = s.remote === undefined ? `${field(s.proto === 'tcp' && s.local.address.includes(':') ? '::' : '0.0.0.0')}:0000` : `${field(s.remote.address)}:${hex(s.remote.port, 4)}`;
	const sl = String(i).padStart(4);
	if (s.state === 'TIME_WAIT') {
		const left = Math.max(0, 60000 - (o.now - (s.closedAt ?? s.createdAt)));
		const ticks = Math.floor((left * USER_HZ) / 1000);
		return `${sl}: ${local} ${remote} 06 00000000:00000000 03:${hex(ticks, 8)} 00000000     0        0 0 3 ${pointer(s, o)}`;
	}
	const state = hex(TCP_STATE_CODE[s.state === 'UNCONN' ? 'CLOSE' : s.state], 2);
	const head = `${sl}: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000 ${String(s.owner.uid).padStart(5)}        0 ${s.inode}`;
	if (s.state === 'LISTEN') return `${head} 1 ${pointer(s, o)} 100 0 0 10 0`;
	const refs = s.label.includes('accept') || s.refs.length === 0 ? 1 : 2;
	return `${head} ${refs} ${pointer(s, o)} 20 4 30 10 -1`;
}

const HEADER4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const HEADER6 = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

function ordered(sockets: readonly Socket[], family: 'ipv4' | 'ipv6'): InetSocket[] {
	const tcp = sockets.filter((s): s is InetSocket => s.kind === 'inet' && s.proto === 'tcp' && s.family === family);
	return [...tcp.filter((s) => s.state === 'LISTEN'), ...tcp.filter((s) => s.state !== 'LISTEN')];
}

/** /proc/net/tcp: IPv4 TCP sockets, every line padded to 149 characters. */
export function procNetTcp(sockets: readonly Socket[], o: ProcNetOptions): string {
	const lines = [HEADER4, ...ordered(sockets, 'ipv4').map((s, i) => line(i, s, v4Field, o))];
	return lines.map((l) => `${l.padEnd(149)}\n`).join('');
}

/** /proc/net/tcp6: IPv6 TCP sockets, unpadded. */
export function procNetTcp6(sockets: readonly Socket[], o: ProcNetOptions): string {
	return [HEADER6, ...ordered(sockets, 'ipv6').map((s, i) => line(i, s, v6Field, o))].map((l) => `${l}\n`).join('');
}
