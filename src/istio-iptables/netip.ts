// Go's net/netip as istio-iptables uses it: ParseAddr / ParsePrefix (with their exact error
// texts, because a bad -i or -x value is reported by quoting them), Prefix.String(), and the
// address classes getLocalIP skips. Hand-written rather than built on ipaddr.js because the
// learner sees Go's messages and Go's formatting (netip never masks host bits: 10.1.2.3/8 stays
// 10.1.2.3/8 in the rules; the kernel masks it later).

import { goQuote } from './go-text';
import { err, ok, type Family, type Result } from './types';

export interface Addr {
	readonly family: Family;
	/** 4 bytes for IPv4, 16 for IPv6 (including IPv4-mapped ::ffff:a.b.c.d). */
	readonly bytes: readonly number[];
	readonly zone: string;
}

export interface Prefix {
	readonly addr: Addr;
	readonly bits: number;
}

function addrError(input: string, msg: string, at?: string): string {
	const where = at === undefined || at === '' ? '' : ` (at ${goQuote(at)})`;
	return `ParseAddr(${goQuote(input)}): ${msg}${where}`;
}

/** Parses the dotted quad in input[start, end) into out (netip's parseIPv4Fields). */
function parseIPv4Fields(input: string, start: number, end: number, out: number[]): string | null {
	const s = input.slice(start, end);
	let val = 0;
	let digits = 0;
	const fields: number[] = [];
	for (let i = 0; i < s.length; i++) {
		const c = s[i] ?? '';
		if (c >= '0' && c <= '9') {
			if (digits === 1 && val === 0) return addrError(input, 'IPv4 field has octet with leading zero');
			val = val * 10 + Number(c);
			digits++;
			if (val > 255) return addrError(input, 'IPv4 field has value >255');
		} else if (c === '.') {
			if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
				return addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
			}
			if (fields.length === 3) return addrError(input, 'IPv4 address too long');
			fields.push(val);
			val = 0;
			digits = 0;
		} else {
			return addrError(input, 'unexpected character', s.slice(i));
		}
	}
	if (fields.length < 3) return addrError(input, 'IPv4 address too short');
	fields.push(val);
	out.push(...fields);
	return null;
}

function hexValue(c: string): number {
	if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
	if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
	if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
	return -1;
}

/** netip's parseIPv6: groups of up to 4 hex digits, one `::`, optional trailing IPv4, zone. */
function parseIPv6(input: string): Result<Addr> {
	let s = input;
	let zone = '';
	const pct = s.indexOf('%');
	if (pct !== -1) {
		zone = s.slice(pct + 1);
		s = s.slice(0, pct);
		if (zone === '') return err(addrError(input, 'zone must be a non-empty string'));
	}
	const ip: number[] = new Array<number>(16).fill(0);
	let ellipsis = -1;
	if (s.startsWith('::')) {
		ellipsis = 0;
		s = s.slice(2);
		if (s === '') return ok({ family: 'ipv6', bytes: ip, zone });
	}
	let i = 0;
	while (i < 16) {
		let off = 0;
		let acc = 0;
		for (; off < s.length; off++) {
			const v = hexValue(s[off] ?? '');
			if (v < 0) break;
			acc = acc * 16 + v;
			if (off > 3) return err(addrError(input, 'each group must have 4 or less digits', s));
			if (acc > 0xffff) return err(addrError(input, 'IPv6 field has value >=2^16', s));
		}
		if (off === 0) return err(addrError(input, 'each colon-separated field must have at least one digit', s));
		if (off < s.length && s[off] === '.') {
			if (ellipsis < 0 && i !== 12) {
				return err(addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s));
			}
			if (i + 4 > 16) {
				return err(addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s));
			}
			const end = input.length - (zone === '' ? 0 : zone.length + 1);
			const v4: number[] = [];
			const failure = parseIPv4Fields(input, end - s.length, end, v4);
			if (failure !== null) return err(failure);
			ip.splice(i, 4, ...v4);
			s = '';
			i += 4;
			break;
		}
		ip[i] = acc >> 8;
		ip[i + 1] = acc & 0xff;
		i += 2;
		s = s.slice(off);
		if (s === '') break;
		if (s[0] !== ':') return err(addrError(input, 'unexpected character, want colon', s));
		if (s.length === 1) return err(addrError(input, 'colon must be followed by more characters', s));
		s = s.slice(1);
		if (s[0] === ':') {
			if (ellipsis >= 0) return err(addrError(input, 'multiple :: in address', s));
			ellipsis = i;
			s = s.slice(1);
			if (s === '') break;
		}
	}
	if (s !== '') return err(addrError(input, 'trailing garbage after address', s));
	if (i < 16) {
		if (ellipsis < 0) return err(addrError(input, 'address string too short'));
		const gap = 16 - i;
		const head = ip.slice(0, ellipsis);
		const tail = ip.slice(ellipsis, i);
		return ok({ family: 'ipv6', bytes: [...head, ...new Array<number>(gap).fill(0), ...tail], zone });
	}
	if (ellipsis >= 0) return err(addrError(input, 'the :: must expand to at least one field of zeros'));
	return ok({ family: 'ipv6', bytes: ip, zone });
}

/** netip.ParseAddr: the first '.', ':' or '%' decides which parser runs. */
export function parseAddr(input: string): Result<Addr> {
	for (const c of input) {
		if (c === '.') {
			const bytes: number[] = [];
			const failure = parseIPv4Fields(input, 0, input.length, bytes);
			return failure === null ? ok({ family: 'ipv4', bytes, zone: '' }) : err(failure);
		}
		if (c === ':') return parseIPv6(input);
		if (c === '%') return err(addrError(input, 'missing IPv6 address'));
	}
	return err(addrError(input, 'unable to parse IP'));
}

/** netip.ParsePrefix; Istio splits -i/-x lists with it, so these are the texts users see. */
export function parsePrefix(input: string): Result<Prefix> {
	const fail = (msg: string): Result<Prefix> => err(`netip.ParsePrefix(${goQuote(input)}): ${msg}`);
	const slash = input.lastIndexOf('/');
	if (slash < 0) return fail("no '/'");
	const addr = parseAddr(input.slice(0, slash));
	if (!addr.ok) return fail(addr.error);
	if (addr.value.family === 'ipv6' && addr.value.zone !== '') return fail('IPv6 zones cannot be present in a prefix');
	const bitsText = input.slice(slash + 1);
	// Go refuses a sign or leading zeros here even though strconv.Atoi would take them.
	if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) return fail(`bad bits after slash: ${goQuote(bitsText)}`);
	const bits = Number(bitsText);
	if (bits > (addr.value.family === 'ipv4' ? 32 : 128)) return fail('prefix length out of range');
	return ok({ addr: addr.value, bits });
}

function isV4Mapped(a: Addr): boolean {
	return a.family === 'ipv6' && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

/** Addr.String(): dotted quad, or RFC 5952 IPv6 (longest zero run of 2+ groups becomes ::). */
export function formatAddr(a: Addr): string {
	if (a.family === 'ipv4') return a.bytes.join('.');
	const zone = a.zone === '' ? '' : `%${a.zone}`;
	if (isV4Mapped(a)) return `::ffff:${a.bytes.slice(12).join('.')}${zone}`;
	const groups: number[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((a.bytes[i] ?? 0) << 8) | (a.bytes[i + 1] ?? 0));
	let bestStart = -1;
	let bestLen = 0;
	for (let i = 0; i < 8; ) {
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLen && j - i >= 2) [bestStart, bestLen] = [i, j - i];
		i = j === i ? i + 1 : j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (bestStart < 0) return hex.join(':') + zone;
	const head = hex.slice(0, bestStart).join(':');
	const tail = hex.slice(bestStart + bestLen).join(':');
	return `${head}::${tail}${zone}`;
}

export function formatPrefix(p: Prefix): string {
	return `${formatAddr(p.addr)}/${p.bits}`;
}

/** Addr.IsLoopback: 127.0.0.0/8 or exactly ::1. */
export function isLoopback(a: Addr): boolean {
	if (a.family === 'ipv4') return a.bytes[0] === 127;
	return a.bytes.slice(0, 15).every((b) => b === 0) && a.bytes[15] === 1;
}

/** Addr.IsLinkLocalUnicast: 169.254.0.0/16 or fe80::/10. */
export function isLinkLocalUnicast(a: Addr): boolean {
	if (a.family === 'ipv4') return a.bytes[0] === 169 && a.bytes[1] === 254;
	return a.bytes[0] === 0xfe && ((a.bytes[1] ?? 0) & 0xc0) === 0x80;
}

/** Addr.IsLinkLocalMulticast: 224.0.0.0/24 or ff02::/16. */
export function isLinkLocalMulticast(a: Addr): boolean {
	if (a.family === 'ipv4') return a.bytes[0] === 224 && a.bytes[1] === 0 && a.bytes[2] === 0;
	return a.bytes[0] === 0xff && ((a.bytes[1] ?? 0) & 0x0f) === 0x02;
}

/** Addr.Unmap: ::ffff:a.b.c.d becomes the IPv4 address a.b.c.d. */
export function unmap(a: Addr): Addr {
	return isV4Mapped(a) ? { family: 'ipv4', bytes: a.bytes.slice(12), zone: '' } : a;
}
