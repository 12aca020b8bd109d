// One rule against one packet: the fixed header selectors first (ip_packet_match in
// net/ipv4/netfilter/ip_tables.c: -s, -d, -i, -o, -p, -f), then each match extension in the
// order it was loaded. The first selector that fails is the reason the trace shows. A rule is
// compiled once (CompiledRule, cached with its table by ./compiled.ts) and then looked at for
// every packet; the extensions' own `matches` and `verdict` still decide.

import { bytesOf, maskOf, v4Fast } from '../../netns/addr';
import { saveAddress } from '../addr';
import { NUMERIC_RESOLVER } from '../names';
import type { MatchExtension, TargetExtension } from '../extension';
import { MATCHES, TARGETS } from '../registry';
import { ruleSpecText } from '../render-rule';
import type { AddressSpec, Chain, Family, InterfaceSpec, Rule, Target } from '../types';
import type { MatchContext, Reason, RuleAction } from './types';

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

/** The last two addresses parsed: rule after rule compares the same packet's source and
 * destination, so each is parsed once per packet instead of once per rule. */
let lastText = '';
let lastValue = 0;
let otherText = '';
let otherValue = 0;

function v4Of(addr: string): number {
	if (addr === lastText) return lastValue;
	if (addr === otherText) return otherValue;
	otherText = lastText;
	otherValue = lastValue;
	lastText = addr;
	lastValue = v4Fast(addr);
	return lastValue;
}

function addrMatches(c: CompiledAddr, addr: string, family: Family): boolean {
	if (family === 'ipv4') return ((v4Of(addr) & c.mask) >>> 0) === c.net;
	const b = bytesOf(addr);
	return b.every((x, i) => (x & (c.maskBytes?.[i] ?? 0)) === (c.bytes?.[i] ?? 0));
}

/** ifname_compare: exact name, or a prefix when the rule's name ends in `+` (`prefix`). */
function ifaceMatches(spec: InterfaceSpec, prefix: string | undefined, name: string | undefined): boolean {
	const have = name ?? '';
	if (prefix !== undefined) return have.startsWith(prefix);
	return have === spec.name;
}

const NONE = undefined;

/**
 * A rule's selectors in one fixed shape, with what can be worked out before any packet: address
 * masks, interface prefixes, the extensions looked up. Rules themselves come in as many shapes as
 * combinations of their optional fields (a sidecar's nat table has six), and reading fields of
 * objects of many shapes is slow in V8; rules are looked at for every packet.
 */
export class CompiledRule {
	readonly src: CompiledAddr | undefined;
	readonly srcInvert: boolean;
	readonly dst: CompiledAddr | undefined;
	readonly dstInvert: boolean;
	readonly inIface: InterfaceSpec | undefined;
	readonly inPrefix: string | undefined;
	readonly outIface: InterfaceSpec | undefined;
	readonly outPrefix: string | undefined;
	/** -p, or 0 for any protocol. */
	readonly proto: number;
	readonly protoInvert: boolean;
	readonly protoText: string;
	/** `-f`: never matches (the simulator's packets are never fragments); `! -f` always does. */
	readonly fragment: boolean;
	readonly matches: readonly { readonly name: string; readonly ext: MatchExtension<unknown> | undefined; readonly data: unknown }[];
	readonly target: Target | undefined;
	/** Extension targets: the extension, if registered. */
	readonly targetExt: TargetExtension<unknown> | undefined;
	/** What a jump or goto step records as its action, made once. */
	readonly jump: RuleAction | undefined;
	/** Where the jump or goto target sits in `chains` (-1: missing, a broken invariant). */
	readonly jumpTo: number;

	/** `chains`: the rule's table's chains, where jump targets are looked up. */
	constructor(rule: Rule, family: Family, chains: readonly Chain[]) {
		this.src = rule.src ? compileAddr(rule.src, family) : NONE;
		this.srcInvert = rule.src?.invert === true;
		this.dst = rule.dst ? compileAddr(rule.dst, family) : NONE;
		this.dstInvert = rule.dst?.invert === true;
		this.inIface = rule.inIface ? rule.inIface : NONE;
		this.inPrefix = rule.inIface?.name.endsWith('+') ? rule.inIface.name.slice(0, -1) : NONE;
		this.outIface = rule.outIface ? rule.outIface : NONE;
		this.outPrefix = rule.outIface?.name.endsWith('+') ? rule.outIface.name.slice(0, -1) : NONE;
		this.proto = rule.protocol ? rule.protocol.number : 0;
		this.protoInvert = rule.protocol?.invert === true;
		this.protoText = `${this.proto}`;
		this.fragment = rule.fragment ? !rule.fragment.invert : false;
		this.matches = rule.matches.map((m) => ({ name: m.name, ext: MATCHES.get(m.name), data: m.data }));
		const t = rule.target;
		this.target = t;
		this.targetExt = t?.kind === 'extension' ? TARGETS.get(t.name) : NONE;
		this.jump = t?.kind === 'jump' ? { kind: t.goto ? 'goto' : 'jump', chain: t.chain } : NONE;
		this.jumpTo = t?.kind === 'jump' ? chains.findIndex((c) => c.name === t.chain) : -1;
	}
}

/**
 * ip_packet_match, then every match extension: undefined when the rule matches, else the first
 * failing selector (the reason the trace shows).
 */
export function matchRule(c: CompiledRule, family: Family, ctx: MatchContext): Reason | undefined {
	const p = ctx.packet;
	if (c.src !== undefined && addrMatches(c.src, p.src, family) === c.srcInvert) return { code: 'src', actual: p.src, spec: c.src.text, invert: c.srcInvert };
	if (c.dst !== undefined && addrMatches(c.dst, p.dst, family) === c.dstInvert) return { code: 'dst', actual: p.dst, spec: c.dst.text, invert: c.dstInvert };
	const i = c.inIface;
	if (i !== undefined && ifaceMatches(i, c.inPrefix, p.inIface) === i.invert) return { code: 'in', actual: p.inIface ?? '', spec: i.name, invert: i.invert };
	const o = c.outIface;
	if (o !== undefined && ifaceMatches(o, c.outPrefix, p.outIface) === o.invert) return { code: 'out', actual: p.outIface ?? '', spec: o.name, invert: o.invert };
	if (c.proto !== 0 && (p.proto === c.proto) === c.protoInvert) return { code: 'proto', actual: `${p.proto}`, spec: c.protoText, invert: c.protoInvert };
	if (c.fragment) return { code: 'fragment', actual: '', spec: '-f', invert: false };
	const matches = c.matches;
	for (let k = 0; k < matches.length; k++) {
		const m = matches[k] as CompiledRule['matches'][number];
		if (m.ext?.matches === undefined) return { code: 'unsupported', actual: m.name, spec: m.name, invert: false };
		const r = m.ext.matches(m.data, ctx);
		if (!r.ok) return r.reason;
	}
	return undefined;
}
