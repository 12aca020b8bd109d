// -s/-d parsing and printing. iptables masks the address with the mask before storing it
// (`-s 10.1.2.3/24` is saved as `10.1.2.0/24`), prints a contiguous mask as a prefix length and a
// non-contiguous IPv4 mask in dotted form, and drops `/0` selectors altogether.

import ipaddr from 'ipaddr.js';
import { param, ok, type XtResult } from './errors';
import type { NameResolver } from './names';
import type { AddressSpec, Family } from './types';

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

function parseBytes(text: string, family: Family): number[] | undefined {
	if (family === 'ipv4') {
		return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text).toByteArray() : undefined;
	}
	return ipaddr.IPv6.isValid(text) && text.includes(':') ? ipaddr.IPv6.parse(text).toByteArray() : undefined;
}

/** Address text as inet_ntop(3) writes it: glibc compresses the longest run of zero words. */
export function formatBytes(bytes: readonly number[]): string {
	if (bytes.length === 4) return bytes.join('.');
	const words: number[] = [];
	for (let i = 0; i < 16; i += 2) words.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
	// IPv4-mapped and IPv4-compatible addresses keep their last 32 bits dotted.
	const tail = `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
	if (words.slice(0, 5).every((w) => w === 0)) {
		if (words[5] === 0xffff) return `::ffff:${tail}`;
		if (words[5] === 0 && (words[6] ?? 0) !== 0) return `::${tail}`;
	}
	let best = -1;
	let bestLen = 0;
	for (let i = 0; i < 8; ) {
		if (words[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && words[j] === 0) j++;
		if (j - i > bestLen && j - i > 1) {
			best = i;
			bestLen = j - i;
		}
		i = j;
	}
	const hex = words.map((w) => w.toString(16));
	if (best < 0) return hex.join(':');
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function prefixBytes(prefix: number, family: Family): number[] {
	const out: number[] = [];
	for (let i = 0; i < BITS[family] / 8; i++) {
		const bits = Math.max(0, Math.min(8, prefix - i * 8));
		out.push((0xff << (8 - bits)) & 0xff);
	}
	return out;
}

function contiguousPrefix(mask: readonly number[]): number | null {
	let prefix = 0;
	let ended = false;
	for (const b of mask) {
		for (let bit = 7; bit >= 0; bit--) {
			const set = (b >> bit) & 1;
			if (set && ended) return null;
			if (set) prefix++;
			else ended = true;
		}
	}
	return prefix;
}

/** Parses `addr[/mask]` as iptables does for -s/-d; host names come from the resolver's hosts file. */
export function parseAddress(
	text: string,
	family: Family,
	invert: boolean,
	resolver: NameResolver,
): XtResult<AddressSpec | undefined> {
	const slash = text.indexOf('/');
	const host = slash < 0 ? text : text.slice(0, slash);
	const maskText = slash < 0 ? undefined : text.slice(slash + 1);
	let mask: number[];
	if (maskText === undefined) mask = prefixBytes(BITS[family], family);
	else if (/^\d+$/.test(maskText)) {
		const n = Number(maskText);
		if (n > BITS[family]) return param(`invalid mask \`${maskText}' specified`);
		mask = prefixBytes(n, family);
	} else {
		const m = parseBytes(maskText, family);
		if (m === undefined) return param(`invalid mask \`${maskText}' specified`);
		mask = m;
	}
	let bytes = parseBytes(host, family);
	if (bytes === undefined) {
		const resolved = resolver.hostAddress(host, family);
		bytes = resolved === undefined ? undefined : parseBytes(resolved, family);
	}
	if (bytes === undefined) return param(`host/network \`${host}' not found`);
	const masked = bytes.map((b, i) => b & (mask[i] ?? 0));
	const prefix = contiguousPrefix(mask);
	// A /0 selector matches everything: iptables stores no address at all.
	if (prefix === 0 && !invert) return ok(undefined);
	return ok({ address: formatBytes(masked), prefix, mask: formatBytes(mask), invert });
}

export function isHostSpec(spec: AddressSpec, family: Family): boolean {
	return spec.prefix === BITS[family];
}

/** `10.0.0.0/8`: the form iptables-save and -S print. */
export function saveAddress(spec: AddressSpec): string {
	return `${spec.address}/${spec.prefix ?? spec.mask}`;
}

/** The source/destination column of `iptables -L`, without the `!`. */
export function listAddress(spec: AddressSpec | undefined, family: Family, numeric: boolean, resolver: NameResolver): string {
	const any = family === 'ipv4' ? '0.0.0.0/0' : '::/0';
	if (spec === undefined || spec.prefix === 0) return numeric ? any : 'anywhere';
	const suffix = `/${spec.prefix ?? spec.mask}`;
	if (isHostSpec(spec, family)) return numeric ? spec.address : (resolver.host(spec.address) ?? spec.address);
	if (!numeric && family === 'ipv4') {
		const net = resolver.network(spec.address);
		if (net !== undefined) return `${net}${suffix}`;
	}
	return `${spec.address}${suffix}`;
}
