// The semantic side of the filter grammar: a qualified value (`src net 10.0.0.0/8`,
// `tcp port http`) turned into a primitive, with libpcap's checks and messages (gencode.c,
// nametoaddr.c): non-network bits, mask lengths, port ranges, names looked up in /etc/hosts and
// /etc/services, and qualifiers that do not fit the value's type.

import type { NameResolver } from '../../../netfilter/names';
import { familyOf } from '../../../netns/addr';
import type { Dir, Filter, PortProto } from './ast';

export type ValueType = 'host' | 'net' | 'port' | 'portrange' | 'proto' | 'gateway';

/** The qualifiers before a value; `id` continuations after and/or reuse the last ones. */
export interface Quals {
	readonly proto?: string;
	readonly dir?: Dir;
	readonly type?: ValueType;
}

/** A value as typed: a word, and for networks the `/len` or `mask M` after it. */
export interface Value {
	readonly text: string;
	readonly escaped: boolean;
	readonly len?: string;
	readonly mask?: string;
}

export class SemanticError extends Error {}

const fail = (message: string): never => {
	throw new SemanticError(message);
};

/** `10`, `10.244`, `10.244.1`, `10.244.1.5`: undefined unless 1-4 dot-separated numbers. */
function dotted(text: string): { value: number; parts: number } | undefined {
	const parts = text.split('.');
	if (parts.length > 4 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
	let value = 0;
	for (const p of parts) {
		const n = Number(p);
		if (n > 255) fail(`invalid IPv4 address '${text}'`);
		value = value * 256 + n;
	}
	return { value, parts: parts.length };
}

/** A number as the scanner reads one: decimal, 0x hex, or octal with a leading 0. */
export function parseNumber(text: string): number | undefined {
	if (/^0[xX][0-9A-Fa-f]+$/.test(text)) return parseInt(text.slice(2), 16);
	if (/^0[0-7]+$/.test(text)) return parseInt(text.slice(1), 8);
	if (/^\d+$/.test(text)) return Number(text);
	return undefined;
}

const maskBits = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

function net4(q: Quals, v: Value): Filter {
	const dir = q.dir ?? 'src or dst';
	const d = dotted(v.text);
	if (d === undefined) return fail(`unknown network '${v.text}'`);
	let addr = (d.value * 2 ** (8 * (4 - d.parts))) >>> 0;
	let mask = maskBits(8 * d.parts);
	let shown = v.text;
	if (v.len !== undefined) {
		const len = Number(v.len);
		if (len > 32) fail('mask length must be <= 32');
		mask = maskBits(len);
		shown = `${v.text}/${v.len}`;
	} else if (v.mask !== undefined) {
		const m = dotted(v.mask);
		if (m === undefined || m.parts !== 4) return fail(`invalid IPv4 address '${v.mask}'`);
		mask = m.value >>> 0;
		shown = `${v.text} mask ${v.mask}`;
	} else if (d.parts === 4) mask = 0xffffffff;
	// A short net number is promoted as written (`net 10` is 10.0.0.0/8), so only the given
	// bits can clash with the mask.
	if (((addr & ~mask) >>> 0) !== 0) fail(`non-network bits set in "${shown}"`);
	addr = (addr & mask) >>> 0;
	return { kind: 'net4', dir, net: addr, mask };
}

function host(q: Quals, v: Value, names: NameResolver): Filter {
	const dir = q.dir ?? 'src or dst';
	if (v.len !== undefined || v.mask !== undefined) fail('Mask syntax for networks only');
	const fam = v.escaped ? undefined : familyOf(v.text);
	if (fam === 'ipv6' || (v.text.includes(':') && fam === undefined && /^[0-9a-fA-F:]+$/.test(v.text))) {
		if (fam === undefined) fail(`invalid IPv6 address '${v.text}'`);
		return { kind: 'net6', dir };
	}
	const d = v.escaped ? undefined : dotted(v.text);
	if (d !== undefined) {
		// `host 10.244.1` is the network 10.244.1.0/24: a short address is promoted, mask and all.
		const shift = 8 * (4 - d.parts);
		return { kind: 'net4', dir, net: (d.value * 2 ** shift) >>> 0, mask: maskBits(8 * d.parts) };
	}
	const a = names.hostAddress(v.text, 'ipv4');
	if (a !== undefined) {
		const h = dotted(a);
		if (h !== undefined) return { kind: 'net4', dir, net: h.value >>> 0, mask: 0xffffffff };
	}
	if (names.hostAddress(v.text, 'ipv6') !== undefined) return { kind: 'net6', dir };
	return fail(`unknown host '${v.text}'`);
}

function portNumber(text: string, names: NameResolver, proto: PortProto | undefined, unknown: string): number {
	const n = parseNumber(text);
	if (n !== undefined) {
		if (n > 65535) fail(`illegal port number ${n} > 65535`);
		return n;
	}
	const protos = proto === undefined ? ['tcp', 'udp', 'sctp'] : [proto];
	for (const p of protos) {
		const found = names.port(text, p);
		if (found !== undefined) return found;
	}
	return fail(unknown);
}

function portProto(q: Quals): { proto: PortProto | undefined } {
	if (q.proto === undefined) return { proto: undefined };
	if (q.proto === 'tcp' || q.proto === 'udp' || q.proto === 'sctp') return { proto: q.proto };
	return fail("illegal qualifier of 'port'");
}

const IP_PROTOCOLS: Readonly<Record<string, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, icmp6: 58, sctp: 132 };

/** The primitive for one qualified value. */
export function primitive(q: Quals, v: Value, names: NameResolver): Filter {
	const type = q.type ?? 'host';
	if (q.proto === 'ether' || q.proto === 'link') fail(`'${q.proto}' qualifiers are not simulated (the simulator has no link-layer addresses)`);
	const onHost = q.proto !== undefined && !['ip', 'ip6', 'arp', 'rarp', 'ether', 'link'].includes(q.proto);
	switch (type) {
		case 'host':
			if (onHost) fail(`'${q.proto}' modifier applied to host`);
			return host(q, v, names);
		case 'net':
			if (onHost) fail(`'${q.proto}' modifier applied to net`);
			if (!v.escaped && familyOf(v.text) === 'ipv6') return { kind: 'net6', dir: q.dir ?? 'src or dst' };
			return net4(q, v);
		case 'port': {
			const { proto } = portProto(q);
			const p = portNumber(v.text, names, proto, `unknown port '${v.text}'`);
			return { kind: 'port', dir: q.dir ?? 'src or dst', proto, family: undefined, lo: p, hi: p };
		}
		case 'portrange': {
			const { proto } = portProto(q);
			const [a = '', b, ...rest] = v.text.split('-');
			if (rest.length > 0 || a === '' || b === '') fail(`unknown port in range '${v.text}'`);
			const unknown = `unknown port in range '${v.text}'`;
			const lo = portNumber(a, names, proto, unknown);
			const hi = b === undefined ? lo : portNumber(b, names, proto, unknown);
			return { kind: 'port', dir: q.dir ?? 'src or dst', proto, family: undefined, lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
		}
		case 'proto': {
			const n = parseNumber(v.text) ?? IP_PROTOCOLS[v.text] ?? names.protocolNumber(v.text);
			if (n === undefined) return fail(`unknown ip proto '${v.text}'`);
			const family = q.proto === 'ip' || q.proto === 'ip6' ? q.proto : undefined;
			return { kind: 'ipproto', family, num: n };
		}
		case 'gateway':
			if (dotted(v.text) !== undefined || familyOf(v.text) !== undefined) fail("'gateway' requires a name");
			return fail("'gateway' is not supported here (it needs the hosts' link-layer addresses)");
	}
}
