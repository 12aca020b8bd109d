// `ss -s` (iproute2 6.1 print_summary): /proc/net/sockstat, sockstat6 and snmp's CurrEstab of the
// namespace. Two numbers are not the namespace's own: tcp_sockets_allocated counts every TCP
// socket of the machine, and `sockets: used` also counts sockets the table does not list; the
// SocketTable carries both (types.ts, Sockstat).

import { isTimewaitSock } from '../../sockets-view/order';
import type { SocketTable } from '../../sockets-view/types';

const col = (n: number): string => String(n).padEnd(9);

export function renderSummary(table: SocketTable): string {
	let tcp4 = 0;
	let tcp6 = 0;
	let udp4 = 0;
	let udp6 = 0;
	let tw = 0;
	let estab = 0;
	let socks = table.sockstat?.otherSockets ?? 0;
	for (const s of table.sockets) {
		if (s.kind === 'unix') {
			socks++;
			continue;
		}
		if (s.proto === 'udp') {
			socks++;
			if (s.family === 'ipv4') udp4++;
			else udp6++;
			continue;
		}
		if (isTimewaitSock(s)) {
			tw++;
			continue;
		}
		socks++;
		if (s.family === 'ipv4') tcp4++;
		else tcp6++;
		if (s.state === 'ESTABLISHED' || s.state === 'CLOSE_WAIT') estab++;
	}
	const alloc = table.sockstat?.tcpAllocated ?? tcp4 + tcp6;
	return [
		`Total: ${socks}`,
		`TCP:   ${alloc + tw} (estab ${estab}, closed ${alloc - (tcp4 + tcp6 - tw)}, orphaned 0, timewait ${tw})`,
		'',
		'Transport Total     IP        IPv6',
		`RAW\t  ${col(0)} ${col(0)} ${col(0)}`,
		`UDP\t  ${col(udp4 + udp6)} ${col(udp4)} ${col(udp6)}`,
		`TCP\t  ${col(tcp4 + tcp6)} ${col(tcp4)} ${col(tcp6)}`,
		`INET\t  ${col(udp4 + udp6 + tcp4 + tcp6)} ${col(udp4 + tcp4)} ${col(udp6 + tcp6)}`,
		`FRAG\t  ${col(0)} ${col(0)} ${col(0)}`,
		'',
		'',
	].join('\n');
}
