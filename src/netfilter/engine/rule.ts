// One rule against one packet: the fixed header selectors first (ip_packet_match in
// net/ipv4/netfilter/ip_tables.c: -s, -d, -i, -o, -p, -f), then each match extension in the
// order it was loaded. The first selector that fails is the reason the trace shows.

import { bytesOf, maskOf, v4Fast } from '../../netns/addr';
import { saveAddress } from '../addr';
import { NUMERIC_RESOLVER } from '../names';
import { MATCHES } from '../registry';
import { ruleSpecText } from '../render-rule';
import type { AddressSpec, Family, InterfaceSpec, Rule } from '../types';
import { MATCHED, noMatch, type MatchContext, type MatchResult } from './types';

interface CompiledAddr {
	readonly net: number;
	readonly mask: number;
	readonly bytes?: readonly number[];
	readonly maskBytes?: readonly number[];
	readonly text: string;
}

/**
 * Derived data is cached by object identity. Selectors (AddressSpec) are shared by every copy of
 * a rule, so counting packets (which copies the rule with new counters) keeps the cache warm
 * without writing to it; rule texts are only computed when a trace is read.
 */
const ADDRS = new WeakMap<AddressSpec, CompiledAddr>();
const TEXTS = new WeakMap<Rule, string>();

function compileAddr(spec: AddressSpec, family: Family): CompiledAddr {
	let c = ADDRS.get(spec);
	if (c !== undefined) return c;
	const text = saveAddress(spec);
	if (family === 'ipv4') {
		const mask = spec.prefix === null ? v4Fast(spec.mask) : maskOf(spec.prefix);
		c = { net: (v4Fast(spec.address) & mask) >>> 0, mask, text };
	} else c = { net: 0, mask: 0, bytes: bytesOf(spec.address), maskBytes: bytesOf(spec.mask), text };
	ADDRS.set(spec, c);
	return c;
}

/** The rule as `iptables -S` prints it, without `-A CHAIN` (cached per rule). */
export function ruleText(rule: Rule, family: Family): string {
	let t = TEXTS.get(rule);
	if (t === undefined) {
		t = ruleSpecText(rule, family, NUMERIC_RESOLVER);
		TEXTS.set(rule, t);
	}
	return t;
}

function addrMatches(c: CompiledAddr, addr: string, family: Family): boolean {
	if (family === 'ipv4') return ((v4Fast(addr) & c.mask) >>> 0) === c.net;
	const b = bytesOf(addr);
	return b.every((x, i) => (x & (c.maskBytes?.[i] ?? 0)) === (c.bytes?.[i] ?? 0));
}

/** ifname_compare: exact name, or a prefix when the rule's name ends in `+`. */
function ifaceMatches(spec: InterfaceSpec, name: string | undefined): boolean {
	const have = name ?? '';
	if (spec.name.endsWith('+')) return have.startsWith(spec.name.slice(0, -1));
	return have === spec.name;
}

/** ip_packet_match, then every match extension; MATCHED or the first failing selector. */
export function matchRule(rule: Rule, family: Family, ctx: MatchContext): MatchResult {
	const p = ctx.packet;
	if (rule.src) {
		const c = compileAddr(rule.src, family);
		if (addrMatches(c, p.src, family) === rule.src.invert) return noMatch('src', p.src, c.text, rule.src.invert);
	}
	if (rule.dst) {
		const c = compileAddr(rule.dst, family);
		if (addrMatches(c, p.dst, family) === rule.dst.invert) return noMatch('dst', p.dst, c.text, rule.dst.invert);
	}
	if (rule.inIface && ifaceMatches(rule.inIface, p.inIface) === rule.inIface.invert) return noMatch('in', p.inIface ?? '', rule.inIface.name, rule.inIface.invert);
	if (rule.outIface && ifaceMatches(rule.outIface, p.outIface) === rule.outIface.invert) return noMatch('out', p.outIface ?? '', rule.outIface.name, rule.outIface.invert);
	if (rule.protocol && rule.protocol.number !== 0 && (p.proto === rule.protocol.number) === rule.protocol.invert) {
		return noMatch('proto', `${p.proto}`, `${rule.protocol.number}`, rule.protocol.invert);
	}
	// The simulator's packets are never fragments: -f fails, ! -f holds.
	if (rule.fragment && !rule.fragment.invert) return noMatch('fragment', '', '-f');
	for (const m of rule.matches) {
		const ext = MATCHES.get(m.name);
		if (ext?.matches === undefined) return noMatch('unsupported', m.name, m.name);
		const r = ext.matches(m.data, ctx);
		if (!r.ok) return r;
	}
	return MATCHED;
}
