// The pcap filter grammar (pcap-filter(7); libpcap 1.10's grammar.y) by recursive descent:
//
//   expr  := term { (and | && | or | ||) (term | id) }      and/or: one precedence, left to right
//   term  := (not | !) term | '(' expr ')' | rterm
//   rterm := head value | proto-name | arith relop arith | less N | greater N | inbound | outbound
//   head  := [ip|ip6|tcp|udp|icmp|arp...] [src|dst|src or dst|src and dst] [host|net|port|portrange|proto]
//   id    := value | (not | !) id | '(' id { (and | or) id } ')'   (reuses the last head's qualifiers)
//
// so `host 10.244.1.5 and not 10.244.1.6` and `tcp port 9080 or 15001` work as in tcpdump. As in
// libpcap, a primitive's value is checked the moment the primitive is complete, before whatever
// follows is looked at: `port 70000 80` reports the port, not the syntax.

import type { NameResolver } from '../../../netfilter/names';
import type { Arith, ArithOp, Compiled, Dir, Filter, RelOp } from './ast';
import { rejectsAll } from './reach';
import { lex, type Token } from './lex';
import { parseNumber, primitive, SemanticError, type Quals, type Value, type ValueType } from './primitives';

class SyntaxError_ extends Error {}

const PROTO_QUALS = new Set(['ip', 'ip6', 'tcp', 'udp', 'icmp', 'icmp6', 'arp', 'rarp', 'sctp', 'igmp', 'ether', 'link']);
const TYPES = new Set<string>(['host', 'net', 'port', 'portrange', 'proto', 'gateway']);
/** Primitives libpcap accepts that never match in a world of IPv4 unicast over veth and lo. */
const NEVER = new Set(['broadcast', 'multicast', 'vlan', 'mpls', 'pppoed', 'pppoes']);
/** Named offsets and values of the arithmetic (pcap-filter(7), "expr relop expr"). */
const CONSTANTS: Readonly<Record<string, number>> = {
	tcpflags: 13, icmptype: 0, icmpcode: 1, icmp6type: 0, icmp6code: 1,
	'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10, 'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80,
	'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5, 'icmp-echo': 8, 'icmp-routeradvert': 9,
	'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12, 'icmp-tstamp': 13, 'icmp-tstampreply': 14,
	'icmp-ireq': 15, 'icmp-ireqreply': 16, 'icmp-maskreq': 17, 'icmp-maskreply': 18,
};
const KEYWORDS = new Set([...PROTO_QUALS, ...TYPES, ...NEVER, ...Object.keys(CONSTANTS), 'and', 'or', 'not', 'src', 'dst', 'less', 'greater', 'len', 'mask', 'inbound', 'outbound']);
const RELOPS = new Set(['>', '<', '>=', '<=', '=', '==', '!=']);
const PREC: Readonly<Record<string, number>> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

const isWord = (t: Token | undefined, text?: string): boolean => t?.kind === 'word' && !t.escaped && (text === undefined || t.text === text);
const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;
const isAnd = (t: Token | undefined): boolean => isWord(t, 'and') || isPunct(t, '&&');
const isOr = (t: Token | undefined): boolean => isWord(t, 'or') || isPunct(t, '||');
const isNot = (t: Token | undefined): boolean => isWord(t, 'not') || isPunct(t, '!');
/** A word that can be a value: not a keyword, or escaped (`\tcp`). */
const isValue = (t: Token | undefined): boolean => t?.kind === 'word' && (t.escaped || !KEYWORDS.has(t.text));

class Parser {
	private pos = 0;
	private last: Quals | undefined;

	constructor(
		private readonly toks: readonly Token[],
		private readonly names: NameResolver,
	) {}

	private peek(k = 0): Token | undefined {
		return this.toks[this.pos + k];
	}

	private next(): Token {
		const t = this.toks[this.pos];
		if (t === undefined || t.kind === 'end') throw new SyntaxError_();
		this.pos++;
		return t;
	}

	private expect(text: string): void {
		if (!isPunct(this.peek(), text)) throw new SyntaxError_();
		this.pos++;
	}

	atEnd(): boolean {
		return this.peek()?.kind === 'end';
	}

	expr(): Filter {
		let left = this.term();
		for (;;) {
			const t = this.peek();
			const kind = isAnd(t) ? 'and' : isOr(t) ? 'or' : undefined;
			if (kind === undefined) return left;
			this.pos++;
			const right = this.startsId(0) ? this.id(this.lastQuals()) : this.term();
			left = { kind, left, right };
		}
	}

	private lastQuals(): Quals {
		if (this.last === undefined) throw new SyntaxError_();
		return this.last;
	}

	/** Whether the tokens from here form an `id` (a bare value, possibly negated or parenthesised). */
	private startsId(k: number): boolean {
		const t = this.peek(k);
		if (isValue(t)) return true;
		if (isNot(t) || isPunct(t, '(')) return this.startsId(k + 1);
		return false;
	}

	private id(q: Quals): Filter {
		const t = this.peek();
		if (isNot(t)) {
			this.pos++;
			return { kind: 'not', expr: this.id(q) };
		}
		if (isPunct(t, '(')) {
			this.pos++;
			let e = this.id(q);
			for (;;) {
				const u = this.peek();
				const kind = isAnd(u) ? 'and' : isOr(u) ? 'or' : undefined;
				if (kind === undefined) break;
				this.pos++;
				e = { kind, left: e, right: this.id(q) };
			}
			this.expect(')');
			return e;
		}
		return this.gen(q, this.value());
	}

	private term(): Filter {
		const t = this.peek();
		if (isNot(t)) {
			this.pos++;
			return { kind: 'not', expr: this.term() };
		}
		if (isPunct(t, '(')) return this.paren();
		return this.rterm();
	}

	/** `( expr )`, or a parenthesised arithmetic expression starting a relation. */
	private paren(): Filter {
		const start = this.pos;
		const last = this.last;
		try {
			this.pos++;
			const e = this.expr();
			this.expect(')');
			const after = this.peek();
			if (after?.kind === 'punct' && (RELOPS.has(after.text) || after.text in PREC)) throw new SyntaxError_();
			this.last = undefined;
			return e;
		} catch (err) {
			if (!(err instanceof SyntaxError_)) throw err;
			this.pos = start;
			this.last = last;
			return this.relation();
		}
	}

	private rterm(): Filter {
		const t = this.peek();
		if (t === undefined || t.kind === 'end') throw new SyntaxError_();
		if (isPunct(t, '-') || (t.kind === 'word' && (parseNumber(t.text) !== undefined || t.text === 'len' || t.text in CONSTANTS))) return this.relation();
		if (t.kind !== 'word' || t.escaped) throw new SyntaxError_();
		if (PROTO_QUALS.has(t.text) && isPunct(this.peek(1), '[')) return this.relation();
		if (t.text === 'less' || t.text === 'greater') {
			this.pos++;
			const n = this.next();
			const v = n.kind === 'word' ? parseNumber(n.text) : undefined;
			if (v === undefined) throw new SyntaxError_();
			this.last = undefined;
			return { kind: 'rel', op: t.text === 'less' ? '<=' : '>=', left: { kind: 'len' }, right: { kind: 'num', value: v } };
		}
		if (t.text === 'inbound' || t.text === 'outbound') {
			this.pos++;
			this.last = undefined;
			return { kind: 'direction', direction: t.text === 'inbound' ? 'in' : 'out' };
		}
		if (NEVER.has(t.text)) {
			this.pos++;
			this.last = undefined;
			return { kind: 'proto', name: t.text };
		}
		const proto = PROTO_QUALS.has(t.text) ? (this.next() as { text: string }).text : undefined;
		const dir = this.dir();
		const u = this.peek();
		const type = isWord(u) && TYPES.has((u as { text: string }).text) ? ((this.next() as { text: string }).text as ValueType) : undefined;
		if (proto === undefined && dir === undefined && type === undefined) throw new SyntaxError_();
		if (dir === undefined && type === undefined) {
			this.last = undefined;
			return { kind: 'proto', name: proto as string };
		}
		const q: Quals = { ...(proto !== undefined ? { proto } : {}), ...(dir !== undefined ? { dir } : {}), ...(type !== undefined ? { type } : {}) };
		const f = this.gen(q, this.value());
		this.last = q;
		return f;
	}

	private dir(): Dir | undefined {
		const t = this.peek();
		if (!isWord(t, 'src') && !isWord(t, 'dst')) return undefined;
		this.pos++;
		const first = (t as { text: string }).text;
		const other = first === 'src' ? 'dst' : 'src';
		const op = this.peek();
		if ((isOr(op) || isAnd(op)) && isWord(this.peek(1), other)) {
			this.pos += 2;
			return isOr(op) ? 'src or dst' : 'src and dst';
		}
		return first as Dir;
	}

	private value(): Value {
		const t = this.next();
		if (!isValue(t) || t.kind !== 'word') throw new SyntaxError_();
		if (isPunct(this.peek(), '/')) {
			this.pos++;
			const len = this.next();
			if (len.kind !== 'word' || !/^\d+$/.test(len.text)) throw new SyntaxError_();
			return { text: t.text, escaped: t.escaped, len: len.text };
		}
		if (isWord(this.peek(), 'mask')) {
			this.pos++;
			const m = this.next();
			if (!isValue(m) || m.kind !== 'word') throw new SyntaxError_();
			return { text: t.text, escaped: t.escaped, mask: m.text };
		}
		return { text: t.text, escaped: t.escaped };
	}

	private gen(q: Quals, v: Value): Filter {
		return primitive(q, v, this.names);
	}

	private relation(): Filter {
		const left = this.arith(1);
		const op = this.next();
		if (op.kind !== 'punct' || !RELOPS.has(op.text)) throw new SyntaxError_();
		const right = this.arith(1);
		this.last = undefined;
		return { kind: 'rel', op: (op.text === '==' ? '=' : op.text) as RelOp, left, right };
	}

	private arith(min: number): Arith {
		let left = this.unary();
		for (;;) {
			const t = this.peek();
			const p = t?.kind === 'punct' ? PREC[t.text] : undefined;
			if (p === undefined || p < min) return left;
			this.pos++;
			const right = this.arith(p + 1);
			left = { kind: 'bin', op: (t as { text: string }).text as ArithOp, left, right };
		}
	}

	private unary(): Arith {
		const t = this.next();
		if (isPunct(t, '-')) return { kind: 'neg', arg: this.unary() };
		if (isPunct(t, '(')) {
			const e = this.arith(1);
			this.expect(')');
			return e;
		}
		if (t.kind !== 'word' || t.escaped) throw new SyntaxError_();
		const n = parseNumber(t.text);
		if (n !== undefined) return { kind: 'num', value: n };
		if (t.text in CONSTANTS) return { kind: 'num', value: CONSTANTS[t.text] ?? 0 };
		if (t.text === 'len') return { kind: 'len' };
		if (PROTO_QUALS.has(t.text) && isPunct(this.peek(), '[')) {
			this.pos++;
			const offset = this.arith(1);
			let size: 1 | 2 | 4 = 1;
			if (isPunct(this.peek(), ':')) {
				this.pos++;
				const s = this.next();
				const v = s.kind === 'word' ? parseNumber(s.text) : undefined;
				if (v === undefined) throw new SyntaxError_();
				if (v !== 1 && v !== 2 && v !== 4) throw new SemanticError('data size must be 1, 2, or 4');
				size = v;
			}
			this.expect(']');
			return { kind: 'load', proto: t.text, offset, size };
		}
		throw new SyntaxError_();
	}
}

/** Compiles a filter expression (the words after the options, joined by spaces). */
export function compileFilter(src: string, names: NameResolver): Compiled {
	const toks = lex(src);
	const syntax = { ok: false as const, error: { message: "can't parse filter expression: syntax error" } };
	if (toks === undefined) return syntax;
	if (toks.length === 1) return { ok: true, filter: { kind: 'true' } };
	try {
		const p = new Parser(toks, names);
		const filter = p.expr();
		if (!p.atEnd()) return syntax;
		if (rejectsAll(filter)) return { ok: false, error: { message: 'expression rejects all packets' } };
		return { ok: true, filter };
	} catch (err) {
		if (err instanceof SyntaxError_) return syntax;
		if (err instanceof SemanticError) return { ok: false, error: { message: err.message } };
		throw err;
	}
}
