// Where a NAT target maps a new connection, as net/netfilter/nf_nat_core.c decides it:
// find_best_ips_proto picks the address of a range (a hash of the addresses, so a client keeps
// its address), get_unique_tuple keeps the packet's own port when the resulting tuple is free
// and otherwise asks nf_nat_l4proto_unique_tuple for one, from the injected random source for
// --random/--random-fully and for source NAT (get_random_u16 in the kernel). "Free" means no
// conntrack entry holds the reply tuple the mapping would create (nf_nat_used_tuple).

import { invert } from '../../conntrack';
import type { CtEntry, Tuple } from '../../conntrack/types';
import { bytesOf } from '../../netns/addr';
import { formatBytes } from '../addr';
import type { Endpoint, NatRequest } from './types';

const rol32 = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** jhash2 (include/linux/jhash.h) over 32-bit words. */
export function jhash2(k: readonly number[], initval: number): number {
	let a = (0xdeadbeef + (k.length << 2) + initval) >>> 0;
	let b = a;
	let c = a;
	let i = 0;
	let length = k.length;
	while (length > 3) {
		a = (a + (k[i] ?? 0)) >>> 0;
		b = (b + (k[i + 1] ?? 0)) >>> 0;
		c = (c + (k[i + 2] ?? 0)) >>> 0;
		a = (a - c) >>> 0; a = (a ^ rol32(c, 4)) >>> 0; c = (c + b) >>> 0;
		b = (b - a) >>> 0; b = (b ^ rol32(a, 6)) >>> 0; a = (a + c) >>> 0;
		c = (c - b) >>> 0; c = (c ^ rol32(b, 8)) >>> 0; b = (b + a) >>> 0;
		a = (a - c) >>> 0; a = (a ^ rol32(c, 16)) >>> 0; c = (c + b) >>> 0;
		b = (b - a) >>> 0; b = (b ^ rol32(a, 19)) >>> 0; a = (a + c) >>> 0;
		c = (c - b) >>> 0; c = (c ^ rol32(b, 4)) >>> 0; b = (b + a) >>> 0;
		length -= 3;
		i += 3;
	}
	if (length === 0) return c;
	if (length === 3) c = (c + (k[i + 2] ?? 0)) >>> 0;
	if (length >= 2) b = (b + (k[i + 1] ?? 0)) >>> 0;
	a = (a + (k[i] ?? 0)) >>> 0;
	c = (c ^ b) >>> 0; c = (c - rol32(b, 14)) >>> 0;
	a = (a ^ c) >>> 0; a = (a - rol32(c, 11)) >>> 0;
	b = (b ^ a) >>> 0; b = (b - rol32(a, 25)) >>> 0;
	c = (c ^ b) >>> 0; c = (c - rol32(b, 16)) >>> 0;
	a = (a ^ c) >>> 0; a = (a - rol32(c, 4)) >>> 0;
	b = (b ^ a) >>> 0; b = (b - rol32(a, 14)) >>> 0;
	c = (c ^ b) >>> 0; c = (c - rol32(b, 24)) >>> 0;
	return c;
}

/** union nf_inet_addr as the kernel reads it on a little-endian machine: four raw 32-bit words. */
function words(addr: string): number[] {
	const b = bytesOf(addr);
	const out = [0, 0, 0, 0];
	for (let i = 0; i < b.length; i += 4) out[i / 4] = ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;
	return out;
}

const ntohl = (w: number): number => (((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0;
/** reciprocal_scale: (u64)j * dist >> 32. */
const scale = (j: number, dist: number): number => Number((BigInt(j) * BigInt(dist >>> 0)) >> 32n);

/** find_best_ips_proto: the address of [min, max] this connection's tuple hashes to. */
export function chooseAddress(tuple: Tuple, range: { readonly min: string; readonly max: string }, persistent: boolean, zone: number, manip: 'src' | 'dst'): string {
	if (range.min === range.max) return range.min;
	const src = words(tuple.src);
	const dst = words(tuple.dst);
	const min = words(range.min);
	const max = words(range.max);
	const last = tuple.family === 'ipv4' ? 0 : 3;
	let j = jhash2(src, persistent ? 0 : ((dst[last] ?? 0) ^ zone) >>> 0);
	const out = [...(manip === 'src' ? src : dst)];
	let full = false;
	for (let i = 0; i <= last; i++) {
		const minip = full ? 0 : ntohl(min[i] ?? 0);
		const dist = full ? 0xffffffff : (ntohl(max[i] ?? 0) - minip + 1) >>> 0;
		// dist 0 is a full 32-bit span that wrapped: reciprocal_scale then gives 0.
		out[i] = ntohl((minip + scale(j, dist)) >>> 0);
		if (out[i] !== max[i]) full = true;
		if (!persistent) j = (j ^ (dst[i] ?? 0)) >>> 0;
	}
	const bytes: number[] = [];
	for (let i = 0; i <= last; i++) {
		const w = out[i] ?? 0;
		bytes.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
	}
	return formatBytes(bytes);
}

/** NF_NAT_MAX_ATTEMPTS: how many ports one round of nf_nat_l4proto_unique_tuple tries. */
const MAX_ATTEMPTS = 128;

/** Protocols whose ports NAT can change (nf_nat_l4proto_unique_tuple); others keep their tuple. */
const PORT_PROTOCOLS = new Set([6, 17, 132, 33, 136]);

export interface NatLookup {
	/** Whether a conntrack entry already holds this tuple (in either direction). */
	taken(t: Tuple): boolean;
	/** Confirmed entries, to find an existing mapping of the same source (find_appropriate_src). */
	readonly entries: readonly CtEntry[];
	readonly zone: number;
	/** In [0, 1); undefined: get_random_u16 reads 0. */
	readonly random: (() => number) | undefined;
}

const withManip = (t: Tuple, manip: 'src' | 'dst', address: string, port: number): Tuple =>
	manip === 'src' ? { ...t, src: address, sport: port } : { ...t, dst: address, dport: port };

/**
 * get_unique_tuple: the endpoint a NAT target maps the connection to. `curr` is the connection's
 * tuple as earlier manipulations left it; `to.address` is the target's address (already chosen
 * from a range), `to.port` the packet's port unless the rule gives ports.
 */
export function uniqueNat(curr: Tuple, manip: 'src' | 'dst', to: Endpoint, req: NatRequest, look: NatLookup): Endpoint {
	const used = (t: Tuple): boolean => look.taken(invert(t));
	const ports = req.ports;
	const addrOf = (t: Tuple): string => (manip === 'src' ? t.src : t.dst);
	const portOf = (t: Tuple): number => (manip === 'src' ? t.sport : t.dport);
	const inPorts = (p: number): boolean => ports === undefined || (p >= ports.lo && p <= ports.hi);
	const inRange = (t: Tuple): boolean => (req.addresses === undefined || inAddresses(addrOf(t), req.addresses)) && inPorts(portOf(t));
	if (manip === 'src' && !req.randomAll) {
		// 1) The connection's own source, if the range allows it and the tuple is free, or the
		// mapping an earlier connection from the same source got.
		if (inRange(curr)) {
			if (!used(curr)) return { address: curr.src, port: curr.sport };
		} else {
			const earlier = look.entries.find((e) => e.srcNat && e.zone === look.zone && e.orig.proto === curr.proto && e.orig.src === curr.src && e.orig.sport === curr.sport);
			if (earlier !== undefined) {
				const t = withManip(curr, 'src', earlier.reply.dst, earlier.reply.dport);
				if (inRange(t) && !used(t)) return { address: t.src, port: t.sport };
			}
		}
	}
	// 2) The address (find_best_ips_proto, done by the target), with the packet's own port.
	let tuple = withManip(curr, manip, to.address, portOf(curr));
	// 3) Keep the port when it is in range and the tuple is free.
	if (!req.randomAll) {
		if (ports !== undefined) {
			if (ports.base === undefined && inPorts(portOf(tuple)) && (ports.lo === ports.hi || !used(tuple))) return endpointOf(tuple, manip);
		} else if (!used(tuple)) return endpointOf(tuple, manip);
	}
	if (!PORT_PROTOCOLS.has(curr.proto)) return endpointOf(tuple, manip);
	// 4) nf_nat_l4proto_unique_tuple.
	let min: number;
	let size: number;
	const own = portOf(tuple);
	if (ports === undefined) {
		// A destination's port is never changed without a port range.
		if (manip === 'dst') return endpointOf(tuple, manip);
		if (own < 1024) {
			// Loose convention: ports below 512 are credential passing.
			[min, size] = own < 512 ? [1, 511] : [600, 1023 - 600 + 1];
		} else [min, size] = [1024, 65535 - 1024 + 1];
	} else [min, size] = [ports.lo, ports.hi - ports.lo + 1];
	const u16 = (): number => (look.random === undefined ? 0 : Math.floor(look.random() * 65536) & 0xffff);
	let off: number;
	if (ports?.base !== undefined) off = (own - ports.base) & 0xffff;
	else if (req.randomAll || manip !== 'dst') off = u16();
	else off = 0;
	let attempts = Math.min(size, MAX_ATTEMPTS);
	for (;;) {
		// `off` is a u16 in the kernel: it wraps.
		for (let i = 0; i < attempts; i++, off = (off + 1) & 0xffff) {
			tuple = withManip(tuple, manip, addrOf(tuple), min + (off % size));
			if (!used(tuple)) return endpointOf(tuple, manip);
		}
		if (attempts >= size || attempts < 16) return endpointOf(tuple, manip);
		attempts = Math.floor(attempts / 2);
		off = u16();
	}
}

function endpointOf(t: Tuple, manip: 'src' | 'dst'): Endpoint {
	return manip === 'src' ? { address: t.src, port: t.sport } : { address: t.dst, port: t.dport };
}

/** Whether an address lies in [min, max], compared as the kernel does (byte by byte). */
function inAddresses(addr: string, r: { readonly min: string; readonly max: string }): boolean {
	const a = bytesOf(addr);
	const lo = bytesOf(r.min);
	const hi = bytesOf(r.max);
	if (a.length !== lo.length) return false;
	const cmp = (x: readonly number[], y: readonly number[]): number => {
		for (let i = 0; i < x.length; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
		return 0;
	};
	return cmp(a, lo) >= 0 && cmp(a, hi) <= 0;
}
