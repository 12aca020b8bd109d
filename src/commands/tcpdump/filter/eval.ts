// Evaluating a compiled filter against one captured packet, as the kernel runs tcpdump's BPF
// program on each copy: addresses and ports from the headers, `proto[offset:size]` loads from the
// packet's bytes (big-endian), `len` the captured frame's length with its link-layer header (14
// bytes of Ethernet on eth0 and lo, 20 of Linux cooked v2 on `any`). A load past the end of the
// packet, or a division by zero, ends the program: the packet is rejected whatever else the
// expression says (BPF returns 0).

import { v4Fast } from '../../../netns/addr';
import type { WirePacket } from '../../../capture/types';
import type { Arith, Dir, Filter } from './ast';

export interface FilterInput {
	readonly packet: WirePacket;
	/** The packet from the IP header on (../../../capture/bytes.ts). */
	readonly bytes: Uint8Array;
	readonly direction: 'in' | 'out';
	/** Link-layer header length of the capture's link type. */
	readonly linkHeader: number;
}

class Rejected extends Error {}

const IP_NUM: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, igmp: 2, sctp: 132 };

function addrMatch(dir: Dir, p: WirePacket, test: (a: number) => boolean): boolean {
	const s = test(v4Fast(p.src));
	const d = test(v4Fast(p.dst));
	switch (dir) {
		case 'src':
			return s;
		case 'dst':
			return d;
		case 'src or dst':
			return s || d;
		case 'src and dst':
			return s && d;
	}
}

function portMatch(f: Extract<Filter, { kind: 'port' }>, p: WirePacket): boolean {
	if (p.proto !== 6 && p.proto !== 17 && p.proto !== 132) return false;
	if (f.proto !== undefined && IP_NUM[f.proto] !== p.proto) return false;
	if (f.family === 'ip6') return false;
	const inRange = (x: number): boolean => x >= f.lo && x <= f.hi;
	switch (f.dir) {
		case 'src':
			return inRange(p.sport);
		case 'dst':
			return inRange(p.dport);
		case 'src or dst':
			return inRange(p.sport) || inRange(p.dport);
		case 'src and dst':
			return inRange(p.sport) && inRange(p.dport);
	}
}

/** Where a protocol's header starts in the packet bytes, or undefined when the packet has none. */
function base(proto: string, input: FilterInput): number | undefined {
	const p = input.packet;
	if (proto === 'ip') return 0;
	const num = IP_NUM[proto];
	if (num === undefined || p.proto !== num) return undefined;
	return ((input.bytes[0] ?? 0x45) & 0x0f) * 4;
}

function arith(a: Arith, input: FilterInput): number | undefined {
	switch (a.kind) {
		case 'num':
			return a.value >>> 0;
		case 'len':
			return input.bytes.length + input.linkHeader;
		case 'neg': {
			const v = arith(a.arg, input);
			return v === undefined ? undefined : (-v) >>> 0;
		}
		case 'bin': {
			const l = arith(a.left, input);
			const r = arith(a.right, input);
			if (l === undefined || r === undefined) return undefined;
			switch (a.op) {
				case '+': return (l + r) >>> 0;
				case '-': return (l - r) >>> 0;
				case '*': return Math.imul(l, r) >>> 0;
				case '/':
					if (r === 0) throw new Rejected();
					return Math.floor(l / r) >>> 0;
				case '%':
					if (r === 0) throw new Rejected();
					return l % r >>> 0;
				case '&': return (l & r) >>> 0;
				case '|': return (l | r) >>> 0;
				case '^': return (l ^ r) >>> 0;
				case '<<': return r > 31 ? 0 : (l << r) >>> 0;
				case '>>': return r > 31 ? 0 : l >>> r;
			}
			return undefined;
		}
		case 'load': {
			const b = base(a.proto, input);
			const off = arith(a.offset, input);
			if (b === undefined || off === undefined) return undefined;
			const at = b + off;
			if (at + a.size > input.bytes.length) throw new Rejected();
			let v = 0;
			for (let i = 0; i < a.size; i++) v = v * 256 + (input.bytes[at + i] ?? 0);
			return v >>> 0;
		}
	}
}

function test(f: Filter, input: FilterInput): boolean {
	const p = input.packet;
	switch (f.kind) {
		case 'true':
			return true;
		case 'and':
			return test(f.left, input) && test(f.right, input);
		case 'or':
			return test(f.left, input) || test(f.right, input);
		case 'not':
			return !test(f.expr, input);
		case 'net4':
			return addrMatch(f.dir, p, (a) => ((a & f.mask) >>> 0) === f.net);
		case 'net6':
			return false;
		case 'port':
			return portMatch(f, p);
		case 'proto':
			if (f.name === 'ip' || f.name === 'ether' || f.name === 'link') return true;
			return IP_NUM[f.name] === p.proto;
		case 'ipproto':
			return f.family !== 'ip6' && p.proto === f.num;
		case 'direction':
			return input.direction === f.direction;
		case 'rel': {
			const l = arith(f.left, input);
			const r = arith(f.right, input);
			if (l === undefined || r === undefined) return false;
			switch (f.op) {
				case '>': return l > r;
				case '<': return l < r;
				case '>=': return l >= r;
				case '<=': return l <= r;
				case '=': return l === r;
				case '!=': return l !== r;
			}
		}
	}
	return false;
}

/** Whether the filter accepts the packet. */
export function matches(f: Filter, input: FilterInput): boolean {
	try {
		return test(f, input);
	} catch (err) {
		if (err instanceof Rejected) return false;
		throw err;
	}
}
