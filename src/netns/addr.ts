// Address math. Text is validated with ipaddr.js at the boundaries; the hot paths (route lookups,
// rule matching) compare IPv4 addresses as unsigned 32-bit numbers and IPv6 ones as byte arrays.

import ipaddr from 'ipaddr.js';
import type { IpFamily } from './types';

/**
 * `10.244.1.5` -> 0x0af40105, or undefined unless the text is a dotted quad (four decimal
 * numbers up to 255, no leading zeros: what inet_ntop writes). A character scan, not a regex:
 * routing and rule matching call this for every packet.
 */
export function v4(text: string): number | undefined {
	let n = 0;
	let octet = 0;
	let digits = 0;
	let dots = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 46) {
			if (digits === 0 || ++dots > 3) return undefined;
			n = (n << 8) | octet;
			octet = 0;
			digits = 0;
		} else if (c >= 48 && c <= 57) {
			if (digits > 0 && octet === 0) return undefined;
			octet = octet * 10 + (c - 48);
			if (++digits > 3 || octet > 255) return undefined;
		} else return undefined;
	}
	if (dots !== 3 || digits === 0) return undefined;
	return ((n << 8) | octet) >>> 0;
}

/** The same without validation, for addresses the simulator produced itself. */
export function v4Fast(text: string): number {
	let n = 0;
	let octet = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 46) {
			n = (n << 8) | octet;
			octet = 0;
		} else octet = octet * 10 + (c - 48);
	}
	return ((n << 8) | octet) >>> 0;
}

export function v4Text(n: number): string {
	return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function maskOf(prefix: number): number {
	return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function familyOf(text: string): IpFamily | undefined {
	if (v4(text) !== undefined) return 'ipv4';
	if (text.includes(':') && ipaddr.IPv6.isValid(text)) return 'ipv6';
	return undefined;
}

/** 16 (or 4) bytes of an address of either family. */
export function bytesOf(text: string): number[] {
	return ipaddr.parse(text).toByteArray();
}

/** Whether `addr` lies in `net/prefix` (both of the same family). */
export function inPrefix(addr: string, net: string, prefix: number): boolean {
	const a = v4(addr);
	const n = v4(net);
	if (a !== undefined && n !== undefined) return ((a ^ n) & maskOf(prefix)) === 0;
	if (familyOf(addr) !== 'ipv6' || familyOf(net) !== 'ipv6') return false;
	return ipaddr.IPv6.parse(addr).match(ipaddr.IPv6.parse(net), prefix);
}

/** The network address of `addr/prefix` as text (`10.244.1.5/24` -> `10.244.1.0`). */
export function networkOf(addr: string, prefix: number): string {
	const a = v4(addr);
	if (a !== undefined) return v4Text((a & maskOf(prefix)) >>> 0);
	return ipaddr.IPv6.networkAddressFromCIDR(`${addr}/${prefix}`).toString();
}

/** The IPv4 broadcast address of `addr/prefix`. */
export function broadcastOf(addr: string, prefix: number): string {
	return v4Text((v4Fast(addr) | ~maskOf(prefix)) >>> 0);
}

/** `a.b.c.d/n` or `a.b.c.d` (host) into address and prefix; undefined when invalid. */
export function parseCidr(text: string, family?: IpFamily): { address: string; prefix: number; family: IpFamily } | undefined {
	const slash = text.indexOf('/');
	const host = slash < 0 ? text : text.slice(0, slash);
	const fam = familyOf(host);
	if (fam === undefined || (family !== undefined && fam !== family)) return undefined;
	const max = fam === 'ipv4' ? 32 : 128;
	const p = slash < 0 ? max : Number(text.slice(slash + 1));
	if (slash >= 0 && !/^\d+$/.test(text.slice(slash + 1))) return undefined;
	if (!Number.isInteger(p) || p < 0 || p > max) return undefined;
	return { address: host, prefix: p, family: fam };
}

export function isLoopback(addr: string): boolean {
	const a = v4(addr);
	if (a !== undefined) return a >>> 24 === 127;
	return addr === '::1';
}
