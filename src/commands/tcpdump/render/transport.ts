// The part of a line after `IP ` (or after the -v header): addresses and ports, then what
// print-tcp.c, print-udp.c and print-icmp.c print for the transport, with the checksum check of
// -v and tcpdump's rule for when `seq` appears: with data, with SYN, FIN or RST, or from -vv on.

import { transportChecksum } from '../../../capture/bytes';
import type { WirePacket } from '../../../capture/types';
import type { SeqTracker } from '../seq';
import { hex4, hostName, portName, tcpFlags, tcpOption, type Naming } from './format';

export interface TransportOptions {
	readonly naming: Naming;
	readonly verbose: number;
	readonly quick: boolean;
	/** -S: absolute sequence numbers. */
	readonly absolute: boolean;
}

function tcp(p: WirePacket, o: TransportOptions, seqs: SeqTracker): string {
	const ends = `${hostName(o.naming, p.src)}.${portName(o.naming, p.sport, 'tcp')} > ${hostName(o.naming, p.dst)}.${portName(o.naming, p.dport, 'tcp')}`;
	const len = p.payload.length;
	if (o.quick) return `${ends}: tcp ${len}`;
	const t = p.tcp ?? { seq: 0, ack: 0, window: 0, options: [], urgent: 0 };
	let s = `${ends}: Flags [${tcpFlags(p.flags)}]`;
	if (o.verbose > 0) {
		const c = transportChecksum(p);
		s += `, cksum ${hex4(c.wire)} (${c.wire === c.correct ? 'correct' : `incorrect -> ${hex4(c.correct)}`})`;
	}
	const n = seqs.numbers(p, o.absolute);
	if (o.verbose > 1 || len > 0 || (p.flags & 0x07) !== 0) s += `, seq ${n.seq}${len > 0 ? `:${(n.seq + len) >>> 0}` : ''}`;
	if ((p.flags & 0x10) !== 0) s += `, ack ${n.ack}`;
	s += `, win ${t.window}`;
	if ((p.flags & 0x20) !== 0) s += `, urg ${t.urgent}`;
	if (t.options.length > 0) s += `, options [${t.options.map(tcpOption).join(',')}]`;
	return `${s}, length ${len}`;
}

function udp(p: WirePacket, o: TransportOptions): string {
	const ends = `${hostName(o.naming, p.src)}.${portName(o.naming, p.sport, 'udp')} > ${hostName(o.naming, p.dst)}.${portName(o.naming, p.dport, 'udp')}`;
	let sum = '';
	// print-udp.c checks the UDP checksum from -vv on only.
	if (o.verbose > 1 && !o.quick) {
		const c = transportChecksum(p);
		sum = c.wire === c.correct ? '[udp sum ok] ' : `[bad udp cksum ${hex4(c.wire)} -> ${hex4(c.correct)}!] `;
	}
	return `${ends}: ${sum}UDP, length ${p.payload.length}`;
}

const ICMP_TYPES: Readonly<Record<number, string>> = { 0: 'echo reply', 8: 'echo request' };

function icmp(p: WirePacket, o: TransportOptions): string {
	const i = p.icmp ?? { type: 0, code: 0, id: 0, seq: 0 };
	const name = ICMP_TYPES[i.type];
	const what = name === undefined ? `type-#${i.type}` : `${name}, id ${i.id}, seq ${i.seq}`;
	return `${hostName(o.naming, p.src)} > ${hostName(o.naming, p.dst)}: ICMP ${what}, length ${8 + p.payload.length}`;
}

export function transportText(p: WirePacket, o: TransportOptions, seqs: SeqTracker): string {
	if (p.proto === 6) return tcp(p, o, seqs);
	if (p.proto === 17) return udp(p, o);
	if (p.proto === 1) return icmp(p, o);
	return `${hostName(o.naming, p.src)} > ${hostName(o.naming, p.dst)}: ip-proto-${p.proto} ${p.payload.length}`;
}
