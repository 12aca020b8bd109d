// The NAT range the DNAT, SNAT and MASQUERADE targets share (struct nf_nat_range2): an optional
// address range (NF_NAT_RANGE_MAP_IPS), an optional port range (NF_NAT_RANGE_PROTO_SPECIFIED, with
// a base port for a shifted port map, NF_NAT_RANGE_PROTO_OFFSET) and the flags --random,
// --random-fully and --persistent. Parsing and printing follow iptables 1.8.9's libxt_DNAT.c
// (parse_to, parse_ports, sprint_range); the messages are the ones it prints, checked against the
// real tool (tests/unit/netfilter/nat.test.ts).

import ipaddr from 'ipaddr.js';
import { v4 } from '../netns/addr';
import { formatBytes } from './addr';
import { ok, param, type XtResult } from './errors';
import type { ParseContext } from './extension';
import { serviceProto } from './ports';
import type { Family } from './types';

export interface NatPorts {
	readonly lo: number;
	readonly hi: number;
	/** `:lo-hi/base`: a shifted port map (NF_NAT_RANGE_PROTO_OFFSET). */
	readonly base?: number;
}

export interface NatRange {
	/** Canonical address text (inet_ntop), min and max (equal for one address). */
	readonly addresses?: { readonly min: string; readonly max: string };
	readonly ports?: NatPorts;
	readonly random: boolean;
	readonly randomFully: boolean;
	readonly persistent: boolean;
}

export const EMPTY_RANGE: NatRange = { random: false, randomFully: false, persistent: false };

/** Protocols whose NAT can change a port (the `portok` of libxt_DNAT.c; ICMP maps its id). */
const PORT_PROTOCOLS = [6, 17, 132, 33, 1];

export const NEED_PORT_PROTOCOL = 'Need TCP, UDP, SCTP or DCCP with port specification';

export function portsAllowed(ctx: ParseContext): boolean {
	const p = ctx.protocol;
	return p !== undefined && !p.invert && PORT_PROTOCOLS.includes(p.number);
}

/**
 * xtables_strtoui(s, &end, ...) with base 0: the longest leading number (decimal, 0x hex or
 * 0-prefixed octal) and what follows it; undefined when nothing is a number or it is too big.
 */
function leadingNumber(text: string, max: number): { value: number; rest: string } | undefined {
	const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
	if (m === null) return undefined;
	const digits = m[0];
	const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits[0] === '0' ? parseInt(digits, 8) : Number(digits);
	if (value > max) return undefined;
	return { value, rest: text.slice(digits.length) };
}

/** A port number or a service name (xtables_service_to_port with any protocol). */
function portOrService(text: string, ctx: ParseContext): { value: number; rest: string } | undefined {
	const n = leadingNumber(text, 65535);
	if (n !== undefined) return n;
	const s = ctx.resolver.port(text, serviceProto(ctx.protocol, 'tcp'));
	return s === undefined ? undefined : { value: s, rest: '' };
}

/** parse_ports: `port`, `port-port` or `port-port/base` after the colon of --to-destination. */
export function parseNatPorts(arg: string, ctx: ParseContext): XtResult<NatPorts> {
	if (!portsAllowed(ctx)) return param(NEED_PORT_PROTOCOL);
	const first = portOrService(arg, ctx);
	if (first === undefined) return param(`Port \`${arg}' not valid`);
	const { value: lo, rest } = first;
	if (rest === '') return ok({ lo, hi: lo });
	if (rest[0] === ':') return param('Invalid port:port syntax - use dash');
	if (rest[0] !== '-') return param(`Garbage after port value: \`${rest}'`);
	// A range takes no service names.
	const maxText = rest.slice(1);
	const second = leadingNumber(maxText, 65535);
	if (second === undefined) return param(`Port \`${maxText}' not valid`);
	if (second.value < lo) return param(`Port range \`${maxText}' funky`);
	if (second.rest === '') return ok({ lo, hi: second.value });
	if (second.rest[0] !== '/') return param(`Garbage after port range: \`${second.rest}'`);
	const baseText = second.rest.slice(1);
	const b = leadingNumber(baseText, 65535);
	const base = b !== undefined && b.value >= 1 ? b.value : ctx.resolver.port(baseText, serviceProto(ctx.protocol, 'tcp'));
	if (base === undefined) return param(`Port \`${baseText}' not valid`);
	return ok({ lo, hi: second.value, base });
}

/** inet_pton(family, text) and inet_ntop back: the canonical text, or undefined. */
function canonicalAddress(text: string, family: Family): string | undefined {
	if (family === 'ipv4') return v4(text) === undefined ? undefined : text;
	if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined;
	return formatBytes(ipaddr.IPv6.parse(text).toByteArray());
}

/** parse_to: `[addr[-addr]][:port[-port[/base]]]`, IPv6 addresses in brackets when ports follow. */
export function parseNatTo(orig: string, range: NatRange, ctx: ParseContext): XtResult<NatRange> {
	let start = orig;
	let colon: number | undefined;
	const bracket = orig.indexOf('[');
	if (bracket < 0) {
		// One colon is the port; more make it an IPv6 address.
		const c = orig.indexOf(':');
		colon = c >= 0 && orig.indexOf(':', c + 1) < 0 ? c : undefined;
	} else {
		start = orig.slice(bracket + 1);
		const close = start.indexOf(']');
		if (close < 0 || ctx.family === 'ipv4') return param('Invalid address format');
		const after = start.slice(close + 1);
		start = start.slice(0, close);
		const c = after.indexOf(':');
		// Positions in the original text: the port part starts after `]` and the colon.
		colon = c >= 0 ? bracket + 1 + close + 1 + c : undefined;
	}
	let out = range;
	if (colon !== undefined) {
		const ports = parseNatPorts(orig.slice(colon + 1), ctx);
		if (!ports.ok) return ports;
		out = { ...out, ports: ports.value };
		// `:port` or `[]:port`: no address.
		if (colon === 0 || colon === 2) return ok(out);
		if (bracket < 0) start = orig.slice(0, colon);
	}
	const dash = start.indexOf('-');
	const minText = dash < 0 ? start : start.slice(0, dash);
	const min = canonicalAddress(minText, ctx.family);
	if (min === undefined) return param(`Bad IP address "${minText}"`);
	let max = min;
	if (dash >= 0) {
		const maxText = start.slice(dash + 1);
		const m = canonicalAddress(maxText, ctx.family);
		if (m === undefined) return param(`Bad IP address "${maxText}"`);
		max = m;
	}
	return ok({ ...out, addresses: { min, max } });
}

/** sprint_range: what follows `--to-destination ` / `to:`. */
export function rangeText(r: NatRange, family: Family): string {
	const brackets = family === 'ipv6' && r.ports !== undefined;
	let out = '';
	if (r.addresses) {
		out += brackets ? '[' : '';
		out += r.addresses.min;
		if (r.addresses.max !== r.addresses.min) out += `-${r.addresses.max}`;
		out += brackets ? ']' : '';
	}
	if (r.ports) {
		out += `:${r.ports.lo}`;
		if (r.ports.hi !== r.ports.lo) out += `-${r.ports.hi}`;
		if (r.ports.base !== undefined) out += `/${r.ports.base}`;
	}
	return out;
}

/** The flags as __NAT_print writes them, for save (`--`) or for -L (no prefix). */
export function flagsText(r: NatRange, prefix: '--' | ''): string[] {
	const out: string[] = [];
	if (r.random) out.push(`${prefix}random`);
	if (r.randomFully) out.push(`${prefix}random-fully`);
	if (r.persistent) out.push(`${prefix}persistent`);
	return out;
}
