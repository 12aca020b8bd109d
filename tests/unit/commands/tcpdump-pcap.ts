// Test helper: reads the pcap files recorded by tests/fixtures/tcpdump/record/live.py into the
// simulator's CaptureEvents, so the renderer can be compared with what the real tcpdump printed
// for the very same packets. Ethernet (eth0, lo) and Linux cooked v2 (any) link types; IPv4
// TCP/UDP only (ARP frames and anything else are skipped and reported).

import { readFileSync } from 'node:fs';
import { transportChecksum } from '../../../src/capture/bytes';
import type { CaptureEvent, TcpOption, WirePacket } from '../../../src/capture/types';

export interface PcapPacket {
	readonly timeUs: number;
	/** The event, or undefined for a frame the simulator does not model (ARP). */
	readonly event: CaptureEvent | undefined;
}

/** ifindex -> name in the recording's pod namespace (lo 1, eth0 2). */
const IFNAMES: Readonly<Record<number, string>> = { 1: 'lo', 2: 'eth0' };

function options(b: Uint8Array): TcpOption[] {
	const out: TcpOption[] = [];
	for (let i = 0; i < b.length; ) {
		const kind = b[i] ?? 0;
		if (kind === 0) {
			out.push({ kind: 'eol' });
			break;
		}
		if (kind === 1) {
			out.push({ kind: 'nop' });
			i++;
			continue;
		}
		const len = b[i + 1] ?? 2;
		const v = new DataView(b.buffer, b.byteOffset + i, len);
		if (kind === 2) out.push({ kind: 'mss', value: v.getUint16(2) });
		else if (kind === 3) out.push({ kind: 'wscale', shift: v.getUint8(2) });
		else if (kind === 4) out.push({ kind: 'sackOK' });
		else if (kind === 8) out.push({ kind: 'ts', val: v.getUint32(2), ecr: v.getUint32(6) });
		else throw new Error(`TCP option ${kind} not handled`);
		i += len;
	}
	return out;
}

function ipv4(ip: Uint8Array): WirePacket | undefined {
	const v = new DataView(ip.buffer, ip.byteOffset, ip.length);
	const ihl = (v.getUint8(0) & 15) * 4;
	const total = v.getUint16(2);
	const proto = v.getUint8(9);
	const addr = (o: number): string => [0, 1, 2, 3].map((k) => v.getUint8(o + k)).join('.');
	const base = { family: 'ipv4' as const, src: addr(12), dst: addr(16), proto, tos: v.getUint8(1), ttl: v.getUint8(8), id: v.getUint16(4), df: (v.getUint8(6) & 0x40) !== 0 };
	const l4 = ip.subarray(ihl, total);
	const t = new DataView(l4.buffer, l4.byteOffset, l4.length);
	let p: WirePacket;
	let wire: number;
	if (proto === 6) {
		const off = (t.getUint8(12) >> 4) * 4;
		p = { ...base, sport: t.getUint16(0), dport: t.getUint16(2), flags: t.getUint8(13), tcp: { seq: t.getUint32(4), ack: t.getUint32(8), window: t.getUint16(14), urgent: t.getUint16(18), options: options(l4.subarray(20, off)) }, payload: l4.slice(off), checksum: 'partial' };
		wire = t.getUint16(16);
	} else if (proto === 17) {
		p = { ...base, sport: t.getUint16(0), dport: t.getUint16(2), flags: 0, payload: l4.slice(8), checksum: 'partial' };
		wire = t.getUint16(6);
	} else return undefined;
	// Every packet of the recording left its checksum to offload; check that the model agrees.
	const c = transportChecksum(p);
	if (c.wire !== wire) throw new Error(`checksum 0x${wire.toString(16)} is not the partial sum 0x${c.wire.toString(16)}`);
	return p;
}

export function readPcap(file: string): PcapPacket[] {
	const buf = readFileSync(file);
	const v = new DataView(buf.buffer, buf.byteOffset, buf.length);
	if (v.getUint32(0, true) !== 0xa1b2c3d4) throw new Error('not a little-endian microsecond pcap');
	const link = v.getUint32(20, true);
	const out: PcapPacket[] = [];
	for (let at = 24; at + 16 <= buf.length; ) {
		const timeUs = v.getUint32(at, true) * 1e6 + v.getUint32(at + 4, true);
		const caplen = v.getUint32(at + 8, true);
		const frame = new Uint8Array(buf.buffer, buf.byteOffset + at + 16, caplen);
		at += 16 + caplen;
		const f = new DataView(frame.buffer, frame.byteOffset, frame.length);
		let ip: Uint8Array | undefined;
		let iface = '';
		let direction: 'in' | 'out' = 'in';
		if (link === 1) {
			if (f.getUint16(12) === 0x0800) ip = frame.subarray(14);
		} else if (link === 276) {
			iface = IFNAMES[f.getUint32(4)] ?? `if${f.getUint32(4)}`;
			direction = f.getUint8(10) === 4 ? 'out' : 'in';
			if (f.getUint16(0) === 0x0800) ip = frame.subarray(20);
		} else throw new Error(`link type ${link}`);
		const packet = ip === undefined ? undefined : ipv4(ip);
		out.push({ timeUs, event: packet === undefined ? undefined : { timeUs, iface, direction, packet } });
	}
	return out;
}
