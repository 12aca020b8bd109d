// A WirePacket as the bytes on the wire, from the IP header on: what `tcpdump -A` prints as text,
// what `-X` prints in hex, what filter expressions such as `tcp[13] & 2 != 0` read, and what the
// checksums are computed over (RFC 791, RFC 793, RFC 768, RFC 792; the Internet checksum of
// RFC 1071). IPv4 only, like WirePacket.

import { v4Fast } from '../netns/addr';
import type { TcpOption, WirePacket } from './types';

/** Bytes of the TCP options, padded with zeros to a multiple of four. */
export function tcpOptionBytes(options: readonly TcpOption[]): number[] {
	const b: number[] = [];
	for (const o of options) {
		switch (o.kind) {
			case 'mss':
				b.push(2, 4, (o.value >> 8) & 255, o.value & 255);
				break;
			case 'sackOK':
				b.push(4, 2);
				break;
			case 'ts':
				b.push(8, 10, ...u32(o.val), ...u32(o.ecr));
				break;
			case 'nop':
				b.push(1);
				break;
			case 'wscale':
				b.push(3, 3, o.shift & 255);
				break;
			case 'eol':
				b.push(0);
				break;
		}
	}
	while (b.length % 4 !== 0) b.push(0);
	return b;
}

function u32(n: number): number[] {
	return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function u16(n: number): number[] {
	return [(n >>> 8) & 255, n & 255];
}

/** Length of the transport header (TCP with its options, UDP 8, ICMP echo 8). */
export function transportHeaderLength(p: WirePacket): number {
	if (p.proto === 6) return 20 + tcpOptionBytes(p.tcp?.options ?? []).length;
	return 8;
}

/** The IP total length. */
export function ipLength(p: WirePacket): number {
	return 20 + transportHeaderLength(p) + p.payload.length;
}

/** The one's-complement sum of 16-bit words, folded to 16 bits (not complemented). */
function sum16(bytes: ArrayLike<number>, start = 0, end = bytes.length, init = 0): number {
	let s = init;
	for (let i = start; i < end; i += 2) s += ((bytes[i] ?? 0) << 8) | (i + 1 < end ? (bytes[i + 1] ?? 0) : 0);
	while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
	return s;
}

function pseudoHeaderSum(p: WirePacket, l4length: number): number {
	return sum16([...u32(v4Fast(p.src)), ...u32(v4Fast(p.dst)), 0, p.proto, ...u16(l4length)]);
}

function transportBytes(p: WirePacket, checksum: number): number[] {
	if (p.proto === 6) {
		const t = p.tcp ?? { seq: 0, ack: 0, window: 0, options: [], urgent: 0 };
		const opts = tcpOptionBytes(t.options);
		const offset = (20 + opts.length) / 4;
		return [...u16(p.sport), ...u16(p.dport), ...u32(t.seq), ...u32(t.ack), offset << 4, p.flags & 255, ...u16(t.window), ...u16(checksum), ...u16(t.urgent), ...opts];
	}
	if (p.proto === 17) return [...u16(p.sport), ...u16(p.dport), ...u16(8 + p.payload.length), ...u16(checksum)];
	const i = p.icmp ?? { type: 0, code: 0, id: 0, seq: 0 };
	return [i.type, i.code, ...u16(checksum), ...u16(i.id), ...u16(i.seq)];
}

/**
 * The transport checksum as it reads on the wire, and the value it should have. With checksum
 * offload (`partial`) the field holds the folded pseudo-header sum, not complemented
 * (tcp_v4_send_check / __tcp_v4_send_check), which is what tcpdump reports as incorrect. ICMP has
 * no pseudo-header and is always computed in full.
 */
export function transportChecksum(p: WirePacket): { readonly wire: number; readonly correct: number } {
	const l4 = transportBytes(p, 0);
	const length = l4.length + p.payload.length;
	const pseudo = p.proto === 1 ? 0 : pseudoHeaderSum(p, length);
	let s = sum16(l4, 0, l4.length, pseudo);
	// The header has an even length, so the payload's words line up after it.
	s = sum16(p.payload, 0, p.payload.length, s);
	let correct = ~s & 0xffff;
	// UDP sends an all-zero checksum as 0xffff (RFC 768).
	if (p.proto === 17 && correct === 0) correct = 0xffff;
	const wire = p.checksum === 'partial' && p.proto !== 1 ? pseudo : correct;
	return { wire, correct };
}

/** The whole packet from the IP header on, with a correct IP header checksum. */
export function packetBytes(p: WirePacket): Uint8Array {
	const total = ipLength(p);
	const ip = [0x45, p.tos & 255, ...u16(total), ...u16(p.id), p.df ? 0x40 : 0, 0, p.ttl & 255, p.proto, 0, 0, ...u32(v4Fast(p.src)), ...u32(v4Fast(p.dst))];
	const hc = ~sum16(ip) & 0xffff;
	ip[10] = hc >> 8;
	ip[11] = hc & 255;
	const l4 = transportBytes(p, transportChecksum(p).wire);
	const out = new Uint8Array(total);
	out.set(ip, 0);
	out.set(l4, 20);
	out.set(p.payload, 20 + l4.length);
	return out;
}
